#include "cvw/embed/embed_token_rules.hpp"

#include <algorithm>
#include <cctype>

namespace cvw::embed {

std::string_view to_string(token_refusal r) {
    switch (r) {
    case token_refusal::malformed: return "malformed";
    case token_refusal::bad_signature: return "bad_signature";
    case token_refusal::expired: return "expired";
    case token_refusal::not_yet_valid: return "not_yet_valid";
    case token_refusal::too_long_lived: return "too_long_lived";
    case token_refusal::wrong_issuer: return "wrong_issuer";
    case token_refusal::wrong_audience: return "wrong_audience";
    case token_refusal::replayed: return "replayed";
    case token_refusal::unknown_user: return "unknown_user";
    }
    return "malformed";
}

namespace {

/** A jti the replay cache can key on: short, and in the URL-safe alphabet. */
bool valid_token_id(std::string_view id) {
    return !id.empty() && id.size() <= max_token_id_length && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_';
    });
}

} // namespace

std::optional<token_refusal> check_claims(const embed_claims& claims, std::string_view portal_id,
                                          std::int64_t now_seconds) {
    if (claims.subject.empty() || claims.subject.size() > 64 || !valid_token_id(claims.token_id) ||
        claims.issued_at <= 0)
        return token_refusal::malformed;
    if (claims.issuer != portal_id) return token_refusal::wrong_issuer;
    if (claims.audience != embed_audience) return token_refusal::wrong_audience;
    // A token must be short-lived by construction, not just happen to be used soon.
    if (claims.expires_at <= claims.issued_at) return token_refusal::malformed;
    if (claims.expires_at - claims.issued_at > max_token_lifetime_seconds) return token_refusal::too_long_lived;
    if (claims.issued_at > now_seconds + clock_skew_seconds) return token_refusal::not_yet_valid;
    if (now_seconds >= claims.expires_at + clock_skew_seconds) return token_refusal::expired;
    return std::nullopt;
}

} // namespace cvw::embed
