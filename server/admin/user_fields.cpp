// Username and number rules for the directory.
#include "admin/user_fields.hpp"

#include "cvw/sip/display_name.hpp"

#include <algorithm>

namespace cvw::server {

std::optional<std::string> check_username(const std::string& u) {
    const bool ok = !u.empty() && u.size() <= 64 && std::all_of(u.begin(), u.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
    if (ok) return std::nullopt;
    return "username '" + u + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'";
}

std::optional<std::string> check_display_name(const std::string& name) {
    // Cleaning removes controls and replaces invalid bytes: a name it changes had some.
    if (cvw::sip::clean_display_text(name) != name)
        return "display name must be valid UTF-8 without control characters (line breaks, tabs, NUL...)";
    if (name.size() > 200) return "display name must be at most 200 bytes";
    return std::nullopt;
}

std::optional<std::string> check_phone_number(const std::string& n, const char* what) {
    if (n.empty()) return std::nullopt;
    const bool plus = n.front() == '+';
    const std::string digits = plus ? n.substr(1) : n;
    const bool all_digits =
        !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool ok = all_digits && (plus ? digits.size() >= 7 && digits.size() <= 15 && digits.front() != '0'
                                        : digits.size() >= 2 && digits.size() <= 8);
    if (ok) return std::nullopt;
    return std::string(what) + " '" + n + "' must be E.164 (+14255550100) or an extension (1001)";
}

} // namespace cvw::server
