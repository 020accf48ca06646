// Token buckets per user and for the server, a per-user count per UTC day, and alert throttling.
#include "cvw/call/call_rate_caps.hpp"

#include <algorithm>
#include <sstream>

namespace cvw::call {
namespace {

constexpr std::int64_t ms_per_day = 86'400'000;
constexpr std::int64_t ms_per_minute = 60'000; // units of a call in a per-minute bucket
constexpr std::int64_t ms_per_second = 1'000;  // units of a call in a per-second bucket

/** Floor division, so times before 1970 still fall on the right day. */
std::int64_t utc_day(std::int64_t ms) { return ms >= 0 ? ms / ms_per_day : -((-ms + ms_per_day - 1) / ms_per_day); }

std::int64_t seconds_up(std::int64_t ms) { return (ms + 999) / 1000; }

} // namespace

std::string_view to_string(call_cap c) {
    switch (c) {
    case call_cap::per_user_minute: return "per_user_minute";
    case call_cap::per_user_day: return "per_user_day";
    case call_cap::global_second: return "global_second";
    }
    return "global_second";
}

void call_rate_caps::bucket::refill(std::int64_t rate, std::int64_t capacity, std::int64_t now_ms) {
    // A wall clock set back must not take calls away, nor hand out a refill twice.
    if (now_ms <= at_ms) return;
    const auto elapsed = now_ms - at_ms;
    at_ms = now_ms;
    units = elapsed >= (capacity - units) / rate + 1 ? capacity : std::min(capacity, units + elapsed * rate);
}

std::int64_t call_rate_caps::bucket::wait_ms(std::int64_t per_call, std::int64_t rate) const {
    return units >= per_call ? 0 : (per_call - units + rate - 1) / rate;
}

call_rate_caps::call_rate_caps(call_rate_limits limits, std::int64_t now_ms)
    : limits_(limits), server_{limits.server_burst * ms_per_second, now_ms} {}

call_cap_decision call_rate_caps::refuse(call_cap cap, std::int64_t retry_after_ms, alert_state& alerts,
                                         std::int64_t now_ms) const {
    call_cap_decision d{.refused_by = cap, .retry_after_ms = retry_after_ms};
    ++alerts.refused;
    if (alerts.last_ms == std::numeric_limits<std::int64_t>::min() ||
        now_ms - alerts.last_ms >= limits_.alert_interval_ms) {
        d.alert = true;
        d.refused_since_alert = alerts.refused;
        alerts.last_ms = now_ms;
        alerts.refused = 0;
    }
    return d;
}

call_cap_decision call_rate_caps::try_place(std::int64_t user_id, std::int64_t now_ms) {
    const auto& l = limits_;
    auto [it, fresh] = users_.try_emplace(user_id);
    auto& user = it->second;
    if (fresh) user.rate = {l.user_burst * ms_per_minute, now_ms};

    const auto today = utc_day(now_ms);
    if (user.day != today) {
        user.day = today;
        user.placed_today = 0;
    }
    if (l.user_calls_per_day > 0 && user.placed_today >= l.user_calls_per_day)
        return refuse(call_cap::per_user_day, (today + 1) * ms_per_day - now_ms, user.alerts, now_ms);

    if (l.user_calls_per_minute > 0) {
        user.rate.refill(l.user_calls_per_minute, l.user_burst * ms_per_minute, now_ms);
        if (user.rate.units < ms_per_minute)
            return refuse(call_cap::per_user_minute, user.rate.wait_ms(ms_per_minute, l.user_calls_per_minute),
                          user.alerts, now_ms);
    }
    if (l.server_calls_per_second > 0) {
        server_.refill(l.server_calls_per_second, l.server_burst * ms_per_second, now_ms);
        if (server_.units < ms_per_second)
            return refuse(call_cap::global_second, server_.wait_ms(ms_per_second, l.server_calls_per_second),
                          server_alerts_, now_ms);
    }

    if (l.user_calls_per_minute > 0) user.rate.units -= ms_per_minute;
    if (l.server_calls_per_second > 0) server_.units -= ms_per_second;
    ++user.placed_today;
    return {};
}

std::string alert_line(std::string_view username, const call_cap_decision& d, const call_rate_limits& l) {
    std::ostringstream out;
    const auto cap = d.refused_by.value_or(call_cap::global_second);
    out << "call rate cap: user=" << username << " cap=" << to_string(cap) << " limit=";
    switch (cap) {
    case call_cap::per_user_minute: out << l.user_calls_per_minute << "/min burst=" << l.user_burst; break;
    case call_cap::per_user_day: out << l.user_calls_per_day << "/day"; break;
    case call_cap::global_second: out << l.server_calls_per_second << "/s burst=" << l.server_burst; break;
    }
    out << " refused=" << d.refused_since_alert << " retry_after_s=" << seconds_up(d.retry_after_ms);
    return out.str();
}

} // namespace cvw::call
