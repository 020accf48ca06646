// Per-account sign-in throttling: a few free attempts, then a delay that doubles up to a cap.
#pragma once

#include "app/lru_table.hpp"

#include <cstdint>
#include <string>

namespace cvw::server {

/**
 * Theory of operation. Every attempt on an account counts as a failure until succeeded() says
 * otherwise, so a burst of parallel guesses is throttled as surely as a sequence. The first
 * `free_failures` failures cost nothing; each further one makes the next attempt wait
 * `first_delay_ms`, doubling up to `max_delay_ms`. An attempt during the wait is refused without
 * counting. A success forgets the account; so does `forget_after_ms` without any attempt. Unknown
 * usernames are throttled exactly like real ones, so the answer tells nothing about existence.
 * Time is passed in (milliseconds); no I/O, no clock, not thread-safe (the owner locks).
 */
class login_throttle {
public:
    struct settings {
        int free_failures = 5;
        std::int64_t first_delay_ms = 1000;
        std::int64_t max_delay_ms = 180'000;
        std::int64_t forget_after_ms = 3'600'000;
        std::size_t max_accounts = 100'000; ///< beyond this, the least recently tried account is forgotten
    };

    explicit login_throttle(settings s) : settings_(s), accounts_(s.max_accounts) {}

    /** 0 when an attempt on `account` may go ahead now (it counts as failed); else how long to wait, in ms.
     */
    std::int64_t attempt(const std::string& account, std::int64_t now_ms);
    /** The password was right: the account starts afresh. */
    void succeeded(const std::string& account);

    std::size_t tracked() const { return accounts_.size(); }

private:
    struct account_state {
        int failures = 0;
        std::int64_t wait_until_ms = 0;
        std::int64_t last_attempt_ms = 0;
    };

    std::int64_t delay_after(int failures) const;

    settings settings_;
    lru_table<account_state> accounts_;
};

} // namespace cvw::server
