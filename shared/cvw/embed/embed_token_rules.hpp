// What an embed token a portal's backend signed must say before cvw trades it for a session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvw::embed {

/** The claims cvw reads from an embed token (a JWT), after its signature is checked. */
struct embed_claims {
    std::string issuer;          ///< iss: the portal's id
    std::string audience;        ///< aud: must be "cvw"
    std::string subject;         ///< sub: the cvw username
    std::string token_id;        ///< jti: single use
    std::int64_t issued_at = 0;  ///< iat, seconds since the epoch
    std::int64_t expires_at = 0; ///< exp, seconds since the epoch
};

/** Why a token is refused; the wire carries to_string() as the `reason` of `invalid_token`. */
enum class token_refusal {
    malformed,      ///< not a JWT, not HS256, or a claim missing or of the wrong type
    bad_signature,  ///< not signed with this portal's key
    expired,        ///< exp has passed (beyond the clock skew)
    not_yet_valid,  ///< iat is in the future (beyond the clock skew)
    too_long_lived, ///< exp - iat is over two minutes
    wrong_issuer,   ///< iss is not the portal the token was sent for
    wrong_audience, ///< aud is not "cvw"
    replayed,       ///< its jti was traded already
    unknown_user,   ///< sub is no enabled cvw user
};

std::string_view to_string(token_refusal r);

constexpr std::string_view embed_audience = "cvw";
constexpr std::int64_t max_token_lifetime_seconds = 120;
/** Portal and cvw clocks may disagree by this much either way. */
constexpr std::int64_t clock_skew_seconds = 30;
constexpr std::size_t max_token_id_length = 64;

/**
 * The first rule `claims` break for a token sent for `portal_id` at `now_seconds`, or nullopt when
 * it may be traded (replay and the user are checked by the caller, who holds that state).
 */
std::optional<token_refusal> check_claims(const embed_claims& claims, std::string_view portal_id,
                                          std::int64_t now_seconds);

} // namespace cvw::embed
