// Error bodies, cookie parsing and formatting, header values.
#include "net/http_util.hpp"

#include "cvw/ascii.hpp"

#include <nlohmann/json.hpp>

namespace cvw::server {

std::string error_json(std::string_view code) { return nlohmann::json{{"error", code}}.dump(); }

std::string cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        auto pair = header.substr(0, end);
        header = end == std::string_view::npos ? std::string_view{} : header.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
    return {};
}

std::string session_cookie(std::string_view name, std::string_view value, std::int64_t max_age_seconds, bool secure) {
    std::string c = std::string(name) + "=" + std::string(value) +
                    "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
    if (secure) c += "; Secure";
    return c;
}

std::string query_param(std::string_view target, std::string_view name) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return {};
    auto query = target.substr(q + 1);
    while (!query.empty()) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
    return {};
}

std::string bearer_token(std::string_view authorization) {
    constexpr std::string_view scheme = "Bearer ";
    if (!authorization.starts_with(scheme)) return {};
    return std::string(authorization.substr(scheme.size()));
}

bool accepts_coding(std::string_view accept_encoding, std::string_view wanted) {
    bool any = false; // "*" counts unless the coding itself is listed
    while (!accept_encoding.empty()) {
        const auto comma = accept_encoding.find(',');
        auto item = accept_encoding.substr(0, comma);
        accept_encoding = comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
        const auto semicolon = item.find(';');
        auto coding = item.substr(0, semicolon);
        auto params = semicolon == std::string_view::npos ? std::string_view() : item.substr(semicolon + 1);
        const auto trim = [](std::string_view v) {
            while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
            while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
            return v;
        };
        coding = trim(coding);
        params = trim(params);
        // q=0, q=0.0, q=0.000: refused. Anything else (or no q) is acceptable.
        const bool refused =
            params.starts_with("q=0") && params.substr(3).find_first_not_of(".0") == std::string_view::npos;
        if (coding.size() == wanted.size() && ascii_lower(coding) == wanted) return !refused;
        if (coding == "*") any = !refused;
    }
    return any;
}

accepted_codings accepted_codings_of(std::string_view accept_encoding) {
    return {.brotli = accepts_coding(accept_encoding, "br"), .gzip = accepts_coding(accept_encoding, "gzip")};
}

} // namespace cvw::server
