// Sign-in: checks passwords (argon2id, off the I/O threads), issues and resolves session cookies.
#pragma once

#include "app/login_throttle.hpp"
#include "app/lru_table.hpp"
#include "config/server_config.hpp"
#include "net/rate_limiter.hpp"
#include "store/database.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace cvw::server {

/**
 * rate_limited: too many attempts from this address; throttled: too many failures on this account;
 * busy: too many password checks already waiting. The three carry retry_after_seconds.
 */
enum class login_outcome { ok, invalid_credentials, disabled, rate_limited, throttled, busy, internal_error };

struct login_result {
    login_outcome outcome = login_outcome::internal_error;
    std::string token; ///< the cookie value, on success
    user_record user;
    int retry_after_seconds = 0;
};

/** The signed-in identity behind a cookie. */
struct identity {
    std::int64_t user_id = 0;
    std::string username;
    std::string token_digest;
    std::string portal; ///< set when the session is a portal widget's (see embed_service)
};

class auth_service {
public:
    explicit auth_service(const server_config& config);
    ~auth_service();

    /**
     * Checks credentials on a worker thread and calls `done` there; the caller re-posts to its strand.
     * Refusals (address rate, account throttle, full queue) call `done` at once on the caller's thread.
     */
    void login(const std::string& remote_ip, std::string username, std::string password,
               std::function<void(login_result)> done);
    /** Resolves a cookie token; fast, safe from any thread. */
    std::optional<identity> resolve(const std::string& token);
    void logout(const std::string& token);
    /** A user by username, for the widget's sign-in; nullopt when there is none. */
    std::optional<user_record> find_user(const std::string& username);
    std::int64_t session_lifetime_seconds() const { return std::int64_t{config_.session_lifetime_hours} * 3600; }

private:
    /** The refusal for an attempt that may not be checked now, or nullopt to go ahead. */
    std::optional<login_result> refusal(const std::string& remote_ip, const std::string& account);
    void finished(const std::string& account, login_outcome outcome);

    const server_config& config_;
    boost::asio::thread_pool workers_;    ///< server.login_threads, or one per core
    std::atomic<std::size_t> pending_{0}; ///< checks queued or running on workers_
    std::mutex db_mutex_;
    database db_;
    user_store users_;
    session_store sessions_;
    std::mutex limit_mutex_;
    lru_table<rate_limiter> per_address_;
    login_throttle per_account_;
};

} // namespace cvw::server
