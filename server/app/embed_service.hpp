// The widget's sign-in: embed tokens and popup codes traded for in-memory sessions bound to a portal,
// and the per-portal call limit. See docs/widget.md.
#pragma once

#include "app/auth_service.hpp"
#include "app/lru_table.hpp"
#include "config/server_config.hpp"
#include "cvw/embed/used_token_ids.hpp"
#include "cvw/result.hpp"
#include "net/rate_limiter.hpp"

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace cvw::server {

/** A session the widget holds in memory: never a cookie, and only usable by the widget's socket. */
struct embed_grant {
    std::string session;
    user_record user;
    std::int64_t expires_in_seconds = 0;
};

/** A refusal as the HTTP answer gives it: status, code, and for invalid_token the reason. */
struct embed_refusal {
    int status = 401;
    std::string code;
    std::string reason;
};

class embed_service {
public:
    /** Finds an enabled-or-not user by username; the service refuses disabled ones itself. */
    using user_lookup = std::function<std::optional<user_record>(const std::string& username)>;

    embed_service(const server_config& config, user_lookup find_user);

    /** Mode B: a token the portal's backend signed. */
    result<embed_grant, embed_refusal> trade_token(const portal_config& portal, std::string_view token,
                                                   std::int64_t now_ms);
    /** Mode C: a one-time code for `who`, who signed in at cvw's own page in the popup; 60 s. */
    std::string issue_code(const portal_config& portal, const identity& who, std::int64_t now_ms);
    result<embed_grant, embed_refusal> trade_code(const portal_config& portal, std::string_view code,
                                                  std::int64_t now_ms);

    /** The identity behind a widget session (its portal set), or nullopt when unknown or expired. */
    std::optional<identity> resolve(std::string_view session, std::int64_t now_ms);
    /** Ends a widget session; its digest (to close its sockets), or nullopt when there was none. */
    std::optional<std::string> end(std::string_view session);

    /**
     * Whether `who` may place one more call through its portal now; when not, the seconds to wait.
     * Sessions that are not a portal's are never limited here.
     */
    std::optional<int> call_refused_for(const identity& who);

    static constexpr std::int64_t code_lifetime_ms = 60'000;

private:
    struct session_entry {
        std::int64_t user_id = 0;
        std::string username;
        std::string portal;
        std::int64_t expires_ms = 0;
    };
    struct code_entry {
        identity who;
        std::string portal;
        std::int64_t expires_ms = 0;
    };

    result<embed_grant, embed_refusal> grant(const portal_config& portal, const std::string& username,
                                             std::int64_t now_ms);

    const server_config& config_;
    user_lookup find_user_;
    std::mutex mutex_;
    embed::used_token_ids used_ids_;
    lru_table<session_entry> sessions_; ///< by token digest
    lru_table<code_entry> codes_;       ///< by code digest
    lru_table<rate_limiter> calls_;     ///< by portal and user
};

} // namespace cvw::server
