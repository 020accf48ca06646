// Locking out caller numbers that keep keying wrong PINs, on a manual clock.
#include "cvw/meeting/dial_in_lockout.hpp"

#include <gtest/gtest.h>

namespace cvw::meeting {
namespace {

constexpr std::int64_t minute = 60'000;
constexpr const char* guesser = "+33123456789";

TEST(dial_in_lockout, three_failures_within_the_window_lock_the_number_for_a_while) {
    dial_in_lockout lockout;
    EXPECT_FALSE(lockout.failed(guesser, 0));
    EXPECT_FALSE(lockout.failed(guesser, 5 * minute));
    EXPECT_FALSE(lockout.locked(guesser, 5 * minute));
    EXPECT_TRUE(lockout.failed(guesser, 10 * minute)) << "the third locks";
    EXPECT_TRUE(lockout.locked(guesser, 10 * minute));
    EXPECT_TRUE(lockout.locked(guesser, 24 * minute));
    EXPECT_FALSE(lockout.locked("+14255550102", 11 * minute)) << "only that number";
    EXPECT_FALSE(lockout.locked(guesser, 25 * minute)) << "15 minutes later it may try again";
    EXPECT_FALSE(lockout.failed(guesser, 26 * minute)) << "and its count started over";
}

TEST(dial_in_lockout, failures_older_than_the_window_do_not_count) {
    dial_in_lockout lockout;
    lockout.failed(guesser, 0);
    lockout.failed(guesser, 10 * minute);
    EXPECT_FALSE(lockout.failed(guesser, 16 * minute)) << "the first fell out of the window";
    EXPECT_TRUE(lockout.failed(guesser, 17 * minute));
}

TEST(dial_in_lockout, getting_in_clears_the_count_but_not_a_lock) {
    dial_in_lockout lockout;
    lockout.failed(guesser, 0);
    lockout.failed(guesser, minute);
    lockout.admitted(guesser);
    EXPECT_FALSE(lockout.failed(guesser, 2 * minute));
    EXPECT_FALSE(lockout.failed(guesser, 3 * minute)) << "two since it got in";
    EXPECT_TRUE(lockout.failed(guesser, 4 * minute));
    lockout.admitted(guesser);
    EXPECT_TRUE(lockout.locked(guesser, 5 * minute)) << "getting in does not lift a lock";
}

TEST(dial_in_lockout, callers_without_a_number_share_one_count) {
    dial_in_lockout lockout;
    lockout.failed("", 0);
    lockout.failed("", minute);
    EXPECT_TRUE(lockout.failed("", 2 * minute));
    EXPECT_TRUE(lockout.locked("", 3 * minute));
}

TEST(dial_in_lockout, memory_is_bounded_by_forgetting_numbers_with_nothing_recent) {
    dial_in_lockout lockout({.failures = 3, .window_ms = 15 * minute, .lock_ms = 15 * minute, .numbers_kept = 100});
    for (int i = 0; i < 100; ++i) lockout.failed("+1" + std::to_string(i), 0);
    lockout.failed("+19998", 10 * minute);
    EXPECT_EQ(lockout.numbers(), 101u) << "nothing is stale yet, so nothing is forgotten";
    for (int i = 0; i < 3; ++i) lockout.failed(guesser, 14 * minute); // locked until 29 minutes
    EXPECT_EQ(lockout.numbers(), 102u) << "still nothing stale at 14 minutes";
    lockout.failed("+19999", 16 * minute);
    EXPECT_EQ(lockout.numbers(), 3u) << "the 100 stale ones went; the recent, the locked and the new one stay";
    EXPECT_TRUE(lockout.locked(guesser, 16 * minute));
}

} // namespace
} // namespace cvw::meeting
