// Caps on the calls users place: per user (a rate with a burst, and a count per UTC day) and for the
// whole server. Pure: time comes in as milliseconds, so tests drive it with a manual clock.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cvw::call {

/** The limits ([call_limits] in the config); a rate or count of 0 turns that cap off. */
struct call_rate_limits {
    std::int64_t user_calls_per_minute = 10;   ///< each user's allowance refills at this rate...
    std::int64_t user_burst = 5;               ///< ...up to this many calls back to back
    std::int64_t user_calls_per_day = 300;     ///< per user, counted per UTC day
    std::int64_t server_calls_per_second = 10; ///< all users together
    std::int64_t server_burst = 20;
    std::int64_t alert_interval_ms = 60'000; ///< one alert per user (and one for the server cap) per interval
};

/** Which cap refused a call; to_string gives the name the alert line uses. */
enum class call_cap { per_user_minute, per_user_day, global_second };

std::string_view to_string(call_cap c);

/** What try_place decided. */
struct call_cap_decision {
    std::optional<call_cap> refused_by;   ///< empty: the call may be placed, and was counted
    std::int64_t retry_after_ms = 0;      ///< when refused: how long until that cap would let a call through
    bool alert = false;                   ///< when refused: log the alert line now (none yet this interval)
    std::int64_t refused_since_alert = 0; ///< refusals the alert line covers, this one included

    bool allowed() const { return !refused_by.has_value(); }
};

/**
 * Counts the calls each user places and refuses those over a cap. A refused call uses up nothing,
 * so a user held back by the server cap keeps their own allowance. State is kept per user who has
 * placed a call (bounded by the directory) and lost on restart.
 */
class call_rate_caps {
public:
    call_rate_caps(call_rate_limits limits, std::int64_t now_ms);

    /** Asks to place one call for `user_id` at `now_ms`; counts it when it is allowed. */
    call_cap_decision try_place(std::int64_t user_id, std::int64_t now_ms);

    const call_rate_limits& limits() const { return limits_; }

private:
    /**
     * A token bucket in exact integer units: a call costs `per_call` units (ms per minute or per
     * second) and `rate` units come back each ms, so a rate per minute needs no fractions.
     */
    struct bucket {
        std::int64_t units = 0;
        std::int64_t at_ms = 0;
        void refill(std::int64_t rate, std::int64_t capacity, std::int64_t now_ms);
        std::int64_t wait_ms(std::int64_t per_call, std::int64_t rate) const;
    };
    /** Alert lines for one key: when the last was logged, and refusals since then. */
    struct alert_state {
        std::int64_t last_ms = std::numeric_limits<std::int64_t>::min();
        std::int64_t refused = 0;
    };
    struct user_state {
        bucket rate;
        std::int64_t day = -1; ///< UTC day number of `placed_today`
        std::int64_t placed_today = 0;
        alert_state alerts;
    };

    call_cap_decision refuse(call_cap cap, std::int64_t retry_after_ms, alert_state& alerts, std::int64_t now_ms) const;

    call_rate_limits limits_;
    bucket server_;
    alert_state server_alerts_;
    std::unordered_map<std::int64_t, user_state> users_;
};

/**
 * The line an admin alerts on, stable and greppable, e.g.
 * "call rate cap: user=alice cap=per_user_minute limit=10/min burst=5 refused=3 retry_after_s=12".
 */
std::string alert_line(std::string_view username, const call_cap_decision& d, const call_rate_limits& limits);

} // namespace cvw::call
