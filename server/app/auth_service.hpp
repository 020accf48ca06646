// Sign-in: checks passwords (argon2id, off the I/O threads), issues and resolves session cookies.
#pragma once

#include "config/server_config.hpp"
#include "net/rate_limiter.hpp"
#include "store/database.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

#include <boost/asio/thread_pool.hpp>

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cvw::server {

enum class login_outcome { ok, invalid_credentials, disabled, rate_limited, internal_error };

struct login_result {
    login_outcome outcome = login_outcome::internal_error;
    std::string token; ///< the cookie value, on success
    user_record user;
};

/** The signed-in identity behind a cookie. */
struct identity {
    std::int64_t user_id = 0;
    std::string username;
    std::string token_digest;
};

class auth_service {
public:
    explicit auth_service(const server_config& config);
    ~auth_service();

    /** Checks credentials on a worker thread and calls `done` there; the caller re-posts to its strand. */
    void login(const std::string& remote_ip, std::string username, std::string password,
               std::function<void(login_result)> done);
    /** Resolves a cookie token; fast, safe from any thread. */
    std::optional<identity> resolve(const std::string& token);
    void logout(const std::string& token);
    std::int64_t session_lifetime_seconds() const { return std::int64_t{config_.session_lifetime_hours} * 3600; }

private:
    bool allow_attempt(const std::string& remote_ip);

    const server_config& config_;
    boost::asio::thread_pool workers_{1};
    std::mutex db_mutex_;
    database db_;
    user_store users_;
    session_store sessions_;
    std::mutex limit_mutex_;
    std::unordered_map<std::string, rate_limiter> attempts_;
};

} // namespace cvw::server
