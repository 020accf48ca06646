// Strict request-line and addr-spec checks on raw header text.
#include "cvw/sip/request_syntax.hpp"

namespace cvw::sip {

bool is_strict_request_line(std::string_view line) {
    if (line.ends_with("\r\n")) line.remove_suffix(2);
    else if (line.ends_with('\n')) line.remove_suffix(1);
    const auto first = line.find(' ');
    const auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
    if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos) return false;
    for (const char c : line)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false; // tabs, CR, NUL...
    return first > 0 && second > first + 1 && line.substr(second + 1) == "SIP/2.0";
}

bool has_whitespace_in_addr_spec(std::string_view header) {
    bool quoted = false, bracketed = false;
    for (std::size_t at = 0; at < header.size(); ++at) {
        const char c = header[at];
        if (quoted) {
            if (c == '\\') ++at;
            else if (c == '"') quoted = false;
        } else if (bracketed) {
            if (c == '>') bracketed = false;
            else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return true;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '<') {
            bracketed = true;
        }
    }
    return false;
}

} // namespace cvw::sip
