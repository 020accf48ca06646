// A small CSV reader for user imports.
#include "admin/csv.hpp"

namespace cvw::server {

std::optional<std::vector<std::string>> read_csv_record(std::istream& in, std::string& error) {
    if (in.peek() == std::char_traits<char>::eof()) return std::nullopt;
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (int ch; (ch = in.get()) != std::char_traits<char>::eof();) {
        const char c = static_cast<char>(ch);
        if (quoted) {
            if (c == '"') {
                if (in.peek() == '"') {
                    fields.back() += '"';
                    in.get();
                } else {
                    quoted = false;
                }
            } else {
                fields.back() += c;
            }
        } else if (c == '"' && fields.back().empty()) {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c == '\n') {
            return fields;
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    if (quoted) error = "unterminated quoted field";
    return fields;
}

} // namespace cvw::server
