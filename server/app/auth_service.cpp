// Password checks and cookie sessions.
#include "app/auth_service.hpp"

#include "app/clock.hpp"
#include "auth/password.hpp"
#include "log.hpp"

#include <boost/asio/post.hpp>

namespace cvw::server {

auth_service::auth_service(const server_config& config)
    : config_(config), db_(config.database.string()), users_(db_), sessions_(db_) {
    std::lock_guard lock(db_mutex_);
    sessions_.remove_expired(now_ms());
}

auth_service::~auth_service() { workers_.join(); }

bool auth_service::allow_attempt(const std::string& remote_ip) {
    std::lock_guard lock(limit_mutex_);
    if (attempts_.size() > 10'000) attempts_.clear(); // bound memory under a spray of addresses
    const double per_second = config_.login_attempts_per_minute / 60.0;
    auto [it, _] = attempts_.try_emplace(remote_ip, per_second, static_cast<double>(config_.login_attempts_per_minute));
    return it->second.allow();
}

void auth_service::login(const std::string& remote_ip, std::string username, std::string password,
                         std::function<void(login_result)> done) {
    if (!allow_attempt(remote_ip)) {
        done({login_outcome::rate_limited, {}, {}});
        return;
    }
    boost::asio::post(workers_, [this, username = std::move(username), password = std::move(password),
                                 done = std::move(done)] {
        login_result r;
        try {
            std::optional<user_record> user;
            {
                std::lock_guard lock(db_mutex_);
                user = users_.find(username);
            }
            if (!user) {
                burn_verify_time(password);
                r.outcome = login_outcome::invalid_credentials;
            } else if (!verify_password(user->password_hash, password)) {
                r.outcome = login_outcome::invalid_credentials;
            } else if (!user->enabled) {
                r.outcome = login_outcome::disabled;
            } else {
                r.token = random_token();
                const auto now = now_ms();
                std::lock_guard lock(db_mutex_);
                sessions_.add(token_digest(r.token), user->id, now, now + session_lifetime_seconds() * 1000);
                r.outcome = login_outcome::ok;
                r.user = *user;
                r.user.password_hash.clear();
            }
        } catch (const std::exception& e) {
            log_error(std::string("login failed: ") + e.what());
            r.outcome = login_outcome::internal_error;
        }
        done(std::move(r));
    });
}

std::optional<identity> auth_service::resolve(const std::string& token) {
    if (token.empty() || token.size() > 128) return std::nullopt;
    const auto digest = token_digest(token);
    try {
        std::lock_guard lock(db_mutex_);
        auto id = sessions_.user_of(digest, now_ms());
        if (!id) return std::nullopt;
        auto user = users_.find(*id);
        if (!user) return std::nullopt;
        return identity{user->id, user->username, digest};
    } catch (const std::exception& e) {
        log_error(std::string("session lookup failed: ") + e.what());
        return std::nullopt;
    }
}

void auth_service::logout(const std::string& token) {
    try {
        std::lock_guard lock(db_mutex_);
        sessions_.remove(token_digest(token));
    } catch (const std::exception& e) {
        log_error(std::string("logout failed: ") + e.what());
    }
}

} // namespace cvw::server
