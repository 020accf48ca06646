// A small CSV reader (user imports) and writer (call log exports).
#include "admin/csv.hpp"

#include <string_view>

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

std::string spreadsheet_safe(const std::string& cell) {
    if (cell.empty() || std::string_view("=+-@\t\r").find(cell.front()) == std::string_view::npos) return cell;
    return "'" + cell;
}

void write_csv_record(std::ostream& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) out << ',';
        const auto f = spreadsheet_safe(fields[i]);
        // ';' and tab too: spreadsheets in some locales split on them, and a split could start a formula.
        if (f == fields[i] && f.find_first_of(",;\"\t\r\n") == std::string::npos) {
            out << f;
            continue;
        }
        out << '"';
        for (char c : f) out << (c == '"' ? "\"\"" : std::string(1, c));
        out << '"';
    }
    out << "\r\n";
}

} // namespace cvw::server
