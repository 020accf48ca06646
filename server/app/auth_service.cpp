// Password checks and cookie sessions.
#include "app/auth_service.hpp"

#include "app/clock.hpp"
#include "auth/password.hpp"
#include "cvw/addressing.hpp"
#include "log.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <thread>

namespace cvw::server {

namespace {

constexpr std::size_t max_tracked_addresses = 50'000;

std::size_t workers_for(const server_config& c) {
    if (c.login_threads > 0) return static_cast<std::size_t>(c.login_threads);
    return std::max(1u, std::thread::hardware_concurrency());
}

login_throttle::settings throttle_settings(const server_config& c) {
    const std::int64_t max_delay_ms = std::int64_t{c.login_max_delay_seconds} * 1000;
    return {.free_failures = c.login_failures_before_delay,
            .first_delay_ms = std::min<std::int64_t>(1000, max_delay_ms),
            .max_delay_ms = max_delay_ms,
            .forget_after_ms = std::max<std::int64_t>(3'600'000, 2 * max_delay_ms),
            .max_accounts = 100'000};
}

int whole_seconds(double seconds) { return std::max(1, static_cast<int>(std::ceil(seconds))); }

} // namespace

auth_service::auth_service(const server_config& config)
    : config_(config), workers_(workers_for(config)), db_(config.database.string()), users_(db_), sessions_(db_),
      per_address_(max_tracked_addresses), per_account_(throttle_settings(config)) {
    std::lock_guard lock(db_mutex_);
    sessions_.remove_expired(now_ms());
}

auth_service::~auth_service() { workers_.join(); }

std::optional<login_result> auth_service::refusal(const std::string& remote_ip, const std::string& account) {
    std::lock_guard lock(limit_mutex_);
    const double per_minute = config_.login_attempts_per_minute;
    // A spray of addresses forgets the least recently seen one at a time, never the whole table.
    auto& bucket = per_address_.touch(remote_ip, [&] { return rate_limiter(per_minute / 60.0, per_minute); });
    if (!bucket.allow())
        return login_result{.outcome = login_outcome::rate_limited,
                            .retry_after_seconds = whole_seconds(bucket.seconds_until_allowed())};
    // Bound the work a flood can queue: each check holds a worker for tens of milliseconds.
    if (pending_.load() >= config_.max_pending_logins)
        return login_result{.outcome = login_outcome::busy, .retry_after_seconds = 1};
    if (const auto wait_ms = per_account_.attempt(account, now_ms()); wait_ms > 0)
        return login_result{.outcome = login_outcome::throttled,
                            .retry_after_seconds = whole_seconds(static_cast<double>(wait_ms) / 1000.0)};
    pending_.fetch_add(1);
    return std::nullopt;
}

void auth_service::finished(const std::string& account, login_outcome outcome) {
    pending_.fetch_sub(1);
    if (outcome != login_outcome::ok) return; // the attempt already counted as a failure
    std::lock_guard lock(limit_mutex_);
    per_account_.succeeded(account);
}

void auth_service::login(const std::string& remote_ip, std::string username, std::string password,
                         std::function<void(login_result)> done) {
    std::string account = username_key(username);
    if (auto refused = refusal(remote_ip, account)) {
        done(std::move(*refused));
        return;
    }
    boost::asio::post(workers_, [this, account = std::move(account), username = std::move(username),
                                 password = std::move(password), done = std::move(done)] {
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
        finished(account, r.outcome);
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

std::optional<user_record> auth_service::find_user(const std::string& username) {
    try {
        std::lock_guard lock(db_mutex_);
        return users_.find(username);
    } catch (const std::exception& e) {
        log_error(std::string("user lookup failed: ") + e.what());
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
