#include "auth/embed_token.hpp"

#include <jwt/jwt.hpp>

namespace cvw::server {

namespace {

constexpr std::size_t max_token_bytes = 4096;

embed::token_refusal refusal_of(const std::error_code& ec) {
    if (ec == jwt::VerificationErrc::InvalidSignature || ec == jwt::AlgorithmErrc::VerificationErr)
        return embed::token_refusal::bad_signature;
    if (ec == jwt::VerificationErrc::TokenExpired) return embed::token_refusal::expired;
    return embed::token_refusal::malformed;
}

} // namespace

result<embed::embed_claims, embed::token_refusal> read_embed_token(std::string_view token, std::string_view key) {
    if (token.empty() || token.size() > max_token_bytes) return embed::token_refusal::malformed;
    try {
        std::error_code ec;
        // HS256 only: a token naming "none" or a public-key algorithm is refused, never tried.
        const auto decoded =
            jwt::decode(jwt::string_view(token.data(), token.size()), jwt::params::algorithms({"HS256"}), ec,
                        jwt::params::secret(jwt::string_view(key.data(), key.size())),
                        jwt::params::leeway(static_cast<std::uint32_t>(embed::clock_skew_seconds)));
        if (ec) return refusal_of(ec);
        const auto& claims = decoded.payload().create_json_obj();
        const auto text = [&](const char* name) {
            const auto it = claims.find(name);
            return it != claims.end() && it->is_string() ? it->get<std::string>() : std::string{};
        };
        const auto seconds = [&](const char* name) -> std::int64_t {
            const auto it = claims.find(name);
            return it != claims.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
        };
        return embed::embed_claims{.issuer = text("iss"),
                                   .audience = text("aud"),
                                   .subject = text("sub"),
                                   .token_id = text("jti"),
                                   .issued_at = seconds("iat"),
                                   .expires_at = seconds("exp")};
    } catch (const std::exception&) {
        // cpp-jwt throws on some shapes it cannot read (e.g. a header that is not an object).
        return embed::token_refusal::malformed;
    }
}

} // namespace cvw::server
