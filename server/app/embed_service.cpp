#include "app/embed_service.hpp"

#include "auth/embed_token.hpp"
#include "auth/password.hpp"

#include <algorithm>
#include <cmath>

namespace cvw::server {

namespace {

constexpr std::size_t max_used_ids = 200'000;
constexpr std::size_t max_sessions = 100'000;
constexpr std::size_t max_codes = 10'000;
constexpr std::size_t max_limited_users = 100'000;
/** A widget lives as long as the portal's page; a day bounds one that is never closed. */
constexpr std::int64_t max_embed_session_ms = std::int64_t{24} * 3600 * 1000;

embed_refusal invalid_token(embed::token_refusal r) {
    return {.status = 401, .code = "invalid_token", .reason = std::string(embed::to_string(r))};
}

} // namespace

embed_service::embed_service(const server_config& config, user_lookup find_user)
    : config_(config), find_user_(std::move(find_user)), used_ids_(max_used_ids), sessions_(max_sessions),
      codes_(max_codes), calls_(max_limited_users) {}

result<embed_grant, embed_refusal> embed_service::trade_token(const portal_config& portal, std::string_view token,
                                                              std::int64_t now_ms) {
    auto claims = read_embed_token(token, portal.key);
    if (!claims) return invalid_token(claims.error());
    const auto now_s = now_ms / 1000;
    if (auto broken = embed::check_claims(*claims, portal.id, now_s)) return invalid_token(*broken);
    {
        std::lock_guard lock(mutex_);
        // Remembered until no clock within the skew could still take the token.
        const auto use =
            used_ids_.record(portal.id + "/" + claims->token_id, claims->expires_at + embed::clock_skew_seconds, now_s);
        if (use == embed::used_token_ids::use::replayed) return invalid_token(embed::token_refusal::replayed);
        if (use == embed::used_token_ids::use::full) return embed_refusal{.status = 503, .code = "server_busy"};
    }
    return grant(portal, claims->subject, now_ms);
}

std::string embed_service::issue_code(const portal_config& portal, const identity& who, std::int64_t now_ms) {
    auto code = random_token();
    std::lock_guard lock(mutex_);
    codes_.touch(token_digest(code),
                 [&] { return code_entry{.who = who, .portal = portal.id, .expires_ms = now_ms + code_lifetime_ms}; });
    return code;
}

result<embed_grant, embed_refusal> embed_service::trade_code(const portal_config& portal, std::string_view code,
                                                             std::int64_t now_ms) {
    const embed_refusal refused{.status = 401, .code = "invalid_code"};
    if (code.empty() || code.size() > 128) return refused;
    std::string username;
    {
        std::lock_guard lock(mutex_);
        const auto digest = token_digest(std::string(code));
        const auto* entry = codes_.find(digest);
        if (!entry) return refused;
        const bool usable = entry->portal == portal.id && entry->expires_ms > now_ms;
        username = entry->who.username;
        codes_.erase(digest); // single use, even when refused for the wrong portal
        if (!usable) return refused;
    }
    return grant(portal, username, now_ms);
}

result<embed_grant, embed_refusal> embed_service::grant(const portal_config& portal, const std::string& username,
                                                        std::int64_t now_ms) {
    auto user = find_user_(username);
    if (!user) return invalid_token(embed::token_refusal::unknown_user);
    if (!user->enabled) return embed_refusal{.status = 403, .code = "disabled"};
    user->password_hash.clear();
    const auto lifetime_ms = std::min(max_embed_session_ms, std::int64_t{config_.session_lifetime_hours} * 3600 * 1000);
    embed_grant g{.session = random_token(), .user = std::move(*user), .expires_in_seconds = lifetime_ms / 1000};
    std::lock_guard lock(mutex_);
    sessions_.touch(token_digest(g.session), [&] {
        return session_entry{
            .user_id = g.user.id, .username = g.user.username, .portal = portal.id, .expires_ms = now_ms + lifetime_ms};
    });
    return g;
}

std::optional<identity> embed_service::resolve(std::string_view session, std::int64_t now_ms) {
    if (session.empty() || session.size() > 128) return std::nullopt;
    const auto digest = token_digest(std::string(session));
    std::lock_guard lock(mutex_);
    const auto* entry = sessions_.find(digest);
    if (!entry) return std::nullopt;
    if (entry->expires_ms <= now_ms) {
        sessions_.erase(digest);
        return std::nullopt;
    }
    return identity{
        .user_id = entry->user_id, .username = entry->username, .token_digest = digest, .portal = entry->portal};
}

std::optional<std::string> embed_service::end(std::string_view session) {
    if (session.empty() || session.size() > 128) return std::nullopt;
    const auto digest = token_digest(std::string(session));
    std::lock_guard lock(mutex_);
    if (!sessions_.find(digest)) return std::nullopt;
    sessions_.erase(digest);
    return digest;
}

std::optional<int> embed_service::call_refused_for(const identity& who) {
    if (who.portal.empty()) return std::nullopt;
    const auto* portal = config_.portal(who.portal);
    if (!portal) return std::nullopt;
    const double per_minute = portal->calls_per_minute;
    std::lock_guard lock(mutex_);
    auto& bucket = calls_.touch(who.portal + "/" + std::to_string(who.user_id),
                                [&] { return rate_limiter(per_minute / 60.0, per_minute); });
    if (bucket.allow()) return std::nullopt;
    return std::max(1, static_cast<int>(std::ceil(bucket.seconds_until_allowed())));
}

} // namespace cvw::server
