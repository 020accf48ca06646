// Small HTTP helpers: error bodies, cookies, Origin checks, security headers.
#pragma once

#include <boost/beast/http.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::server {

/** The JSON body of every API failure: {"error": code}; its words are the catalog's "http.<code>". */
std::string error_json(std::string_view code);

/** The value of cookie `name` in a Cookie header, or empty. */
std::string cookie_value(std::string_view header, std::string_view name);

/** A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/; max_age 0 deletes it. */
std::string session_cookie(std::string_view name, std::string_view value, std::int64_t max_age_seconds, bool secure);

template <class Request> bool origin_allowed(const Request& req, const std::vector<std::string>& allowed) {
    const auto origin = req[boost::beast::http::field::origin];
    if (origin.empty()) return false;
    return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& a) { return a == origin; });
}

/**
 * The value of `name` in the target's query ("/x?a=1&b=2"), undecoded; empty when absent. Callers
 * check it against what they accept, so an escape simply fails that check.
 */
std::string query_param(std::string_view target, std::string_view name);

/** The token after "Bearer " in an Authorization header, or empty. */
std::string bearer_token(std::string_view authorization);

/** Whether an Accept-Encoding header takes a coding (lower case): listed, or "*", and not with q=0. */
bool accepts_coding(std::string_view accept_encoding, std::string_view wanted);

/** The precompressed copies a browser can take. */
struct accepted_codings {
    bool brotli = false;
    bool gzip = false;
};
accepted_codings accepted_codings_of(std::string_view accept_encoding);

/**
 * Headers every answer carries. `frame_ancestors` is who may frame it: only cvw itself, except the
 * widget page, which names its portal's origins.
 */
template <class Response> void add_security_headers(Response& res, std::string_view frame_ancestors = "'self'") {
    res.set(boost::beast::http::field::server, "cvw");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "same-origin");
    res.set("Content-Security-Policy",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; frame-ancestors " +
                std::string(frame_ancestors));
}

} // namespace cvw::server
