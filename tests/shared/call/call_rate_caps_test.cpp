// Call rate caps driven by a manual clock in milliseconds: per-user rate and burst, the daily count,
// the server-wide rate, what a refusal costs, and one alert line per interval.
#include "cvw/call/call_rate_caps.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/call_events.hpp"
#include "cvw/protocol/event_text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cvw::call {
namespace {

constexpr std::int64_t day_ms = 86'400'000;
constexpr std::int64_t t0 = 20'000 * day_ms + 9 * 3'600'000; // 09:00 UTC on some day

/** Only the cap under test is on. */
call_rate_limits only(call_cap cap) {
    call_rate_limits l{.user_calls_per_minute = 0, .user_calls_per_day = 0, .server_calls_per_second = 0};
    switch (cap) {
    case call_cap::per_user_minute: l.user_calls_per_minute = 6, l.user_burst = 3; break;
    case call_cap::per_user_day: l.user_calls_per_day = 4; break;
    case call_cap::global_second: l.server_calls_per_second = 2, l.server_burst = 4; break;
    }
    return l;
}

/** Places `n` calls for a user at one instant; how many went through. */
int place(call_rate_caps& caps, std::int64_t user, std::int64_t now, int n) {
    int allowed = 0;
    for (int i = 0; i < n; ++i) allowed += caps.try_place(user, now).allowed() ? 1 : 0;
    return allowed;
}

TEST(call_rate_caps, the_defaults_stop_a_burst_like_the_reported_one) {
    call_rate_caps caps({}, t0);
    // 439 calls in 20 s from one user: the burst of 5, then one more every 6 s (10 a minute).
    int allowed = 0;
    for (int i = 0; i < 439; ++i) allowed += caps.try_place(1, t0 + i * 20'000 / 439).allowed() ? 1 : 0;
    EXPECT_EQ(allowed, 5 + 3);
}

TEST(call_rate_caps, a_user_gets_the_burst_then_one_call_per_refill) {
    call_rate_caps caps(only(call_cap::per_user_minute), t0); // 6 a minute: one per 10 s, burst 3
    EXPECT_EQ(place(caps, 1, t0, 5), 3);
    const auto refused = caps.try_place(1, t0 + 1'000);
    ASSERT_FALSE(refused.allowed());
    EXPECT_EQ(refused.refused_by, call_cap::per_user_minute);
    EXPECT_EQ(refused.retry_after_ms, 9'000);
    EXPECT_FALSE(caps.try_place(1, t0 + 9'999).allowed());
    EXPECT_TRUE(caps.try_place(1, t0 + 10'000).allowed());
    EXPECT_FALSE(caps.try_place(1, t0 + 10'000).allowed());
    // Idle for an hour: back to the burst, not beyond.
    EXPECT_EQ(place(caps, 1, t0 + 3'600'000, 5), 3);
    // Another user has an allowance of their own.
    EXPECT_EQ(place(caps, 2, t0, 5), 3);
}

TEST(call_rate_caps, the_daily_count_resets_at_midnight_utc) {
    call_rate_caps caps(only(call_cap::per_user_day), t0);
    EXPECT_EQ(place(caps, 1, t0, 6), 4);
    const auto refused = caps.try_place(1, t0 + 3'600'000);
    EXPECT_EQ(refused.refused_by, call_cap::per_user_day);
    EXPECT_EQ(refused.retry_after_ms, 14 * 3'600'000); // 10:00 -> midnight
    EXPECT_FALSE(caps.try_place(1, 20'001 * day_ms - 1).allowed());
    EXPECT_EQ(place(caps, 1, 20'001 * day_ms, 6), 4);
    EXPECT_EQ(place(caps, 2, t0, 6), 4);
}

TEST(call_rate_caps, the_server_cap_counts_every_user_together) {
    call_rate_caps caps(only(call_cap::global_second), t0); // 2 a second, burst 4
    EXPECT_EQ(place(caps, 1, t0, 3) + place(caps, 2, t0, 3), 4);
    const auto refused = caps.try_place(3, t0);
    EXPECT_EQ(refused.refused_by, call_cap::global_second);
    EXPECT_EQ(refused.retry_after_ms, 500);
    EXPECT_EQ(place(caps, 3, t0 + 500, 2), 1);
}

TEST(call_rate_caps, a_refused_call_uses_up_nothing) {
    // The server cap refuses user 1: their own allowance and daily count stay for later.
    call_rate_caps caps({.user_calls_per_minute = 6,
                         .user_burst = 3,
                         .user_calls_per_day = 3,
                         .server_calls_per_second = 1,
                         .server_burst = 1},
                        t0);
    EXPECT_TRUE(caps.try_place(2, t0).allowed());
    EXPECT_EQ(caps.try_place(1, t0).refused_by, call_cap::global_second);
    EXPECT_EQ(caps.try_place(1, t0).refused_by, call_cap::global_second);
    EXPECT_TRUE(caps.try_place(1, t0 + 1'000).allowed());
    EXPECT_TRUE(caps.try_place(1, t0 + 2'000).allowed());
    EXPECT_TRUE(caps.try_place(1, t0 + 3'000).allowed());
    EXPECT_EQ(caps.try_place(1, t0 + 60'000).refused_by, call_cap::per_user_day);
}

TEST(call_rate_caps, zero_turns_a_cap_off) {
    call_rate_caps caps({.user_calls_per_minute = 0, .user_calls_per_day = 0, .server_calls_per_second = 0}, t0);
    EXPECT_EQ(place(caps, 1, t0, 1000), 1000);
}

TEST(call_rate_caps, a_clock_set_back_neither_refills_nor_takes_away) {
    call_rate_caps caps(only(call_cap::per_user_minute), t0);
    EXPECT_EQ(place(caps, 1, t0, 3), 3);
    EXPECT_FALSE(caps.try_place(1, t0 - 3'600'000).allowed());
    EXPECT_TRUE(caps.try_place(1, t0 + 10'000).allowed());
}

TEST(call_rate_caps, one_alert_per_user_per_interval_counting_the_refusals_in_between) {
    call_rate_caps caps(only(call_cap::per_user_minute), t0); // alert interval 60 s
    place(caps, 1, t0, 3);
    std::vector<std::int64_t> alerts; // refused_since_alert of each alert, in order
    for (std::int64_t ms = 0; ms < 150'000; ms += 500) {
        const auto d = caps.try_place(1, t0 + ms);
        if (d.alert) alerts.push_back(d.refused_since_alert);
        EXPECT_TRUE(!d.alert || !d.allowed());
    }
    // Refused at 0 s (first line), then lines at 60 s and 120 s covering what came between.
    ASSERT_EQ(alerts.size(), 3u);
    EXPECT_EQ(alerts[0], 1);
    EXPECT_GT(alerts[1], 50);
    EXPECT_GT(alerts[2], 50);
    // Another user's first refusal is alerted at once.
    place(caps, 2, t0 + 1'000, 3);
    EXPECT_TRUE(caps.try_place(2, t0 + 1'000).alert);
}

/** What the user reads for a refusal: the error event rendered from the English catalog. */
std::string words(const call_cap_decision& d, const call_rate_limits& l) {
    return i18n::catalogs::built_in().render("en", protocol::text_of(protocol::refusal_of(d, l)));
}

TEST(call_rate_caps, the_alert_line_and_the_message_name_the_cap) {
    const call_rate_limits l;
    const call_cap_decision minute{call_cap::per_user_minute, 11'200, true, 3};
    EXPECT_EQ(alert_line("alice", minute, l),
              "call rate cap: user=alice cap=per_user_minute limit=10/min burst=5 refused=3 retry_after_s=12");
    EXPECT_EQ(words(minute, l), "You have placed too many calls in a short time; try again in 12 s.");

    const call_cap_decision day{call_cap::per_user_day, 3'600'000, true, 1};
    EXPECT_EQ(alert_line("bob", day, l),
              "call rate cap: user=bob cap=per_user_day limit=300/day refused=1 retry_after_s=3600");
    EXPECT_EQ(words(day, l), "You have reached today's limit of 300 calls; ask your admin if you need more.");

    const call_cap_decision server{call_cap::global_second, 40, true, 7};
    EXPECT_EQ(alert_line("carol", server, l),
              "call rate cap: user=carol cap=global_second limit=10/s burst=20 refused=7 retry_after_s=1");
    EXPECT_EQ(words(server, l), "The server is placing too many calls right now; try again in 1 s.");
}

} // namespace
} // namespace cvw::call
