// Per-account sign-in throttling with a manual clock in milliseconds, and the LRU table under it.
#include "app/login_throttle.hpp"
#include "app/lru_table.hpp"

#include <gtest/gtest.h>

namespace cvw::server {
namespace {

login_throttle::settings small() {
    return {.free_failures = 3,
            .first_delay_ms = 1000,
            .max_delay_ms = 8000,
            .forget_after_ms = 60'000,
            .max_accounts = 100};
}

TEST(login_throttle, free_attempts_then_a_delay_that_doubles_up_to_the_cap) {
    login_throttle t(small());
    std::int64_t now = 0;
    for (int i = 0; i < 3; ++i) EXPECT_EQ(t.attempt("alice", now), 0) << i;
    // The 4th attempt goes ahead but makes the next one wait 1 s, then 2, 4, 8, 8.
    EXPECT_EQ(t.attempt("alice", now), 0);
    for (const std::int64_t delay : {1000, 2000, 4000, 8000, 8000}) {
        EXPECT_EQ(t.attempt("alice", now), delay);
        EXPECT_EQ(t.attempt("alice", now + delay - 1), 1); // refused attempts do not count
        now += delay;
        EXPECT_EQ(t.attempt("alice", now), 0);
    }
}

TEST(login_throttle, accounts_are_independent_and_names_are_not_special) {
    login_throttle t(small());
    for (int i = 0; i < 4; ++i) t.attempt("alice", 0);
    EXPECT_GT(t.attempt("alice", 0), 0);
    EXPECT_EQ(t.attempt("bob", 0), 0);
    for (int i = 0; i < 4; ++i) t.attempt("no-such-user", 0); // unknown names are throttled the same way
    EXPECT_EQ(t.attempt("no-such-user", 0), 1000);
}

TEST(login_throttle, parallel_attempts_count_before_their_outcome_is_known) {
    login_throttle t(small());
    int admitted = 0;
    for (int i = 0; i < 50; ++i) admitted += t.attempt("alice", 0) == 0;
    EXPECT_EQ(admitted, 4); // three free and one that starts the delay; none succeeded meanwhile
}

TEST(login_throttle, a_success_forgets_the_failures) {
    login_throttle t(small());
    for (int i = 0; i < 4; ++i) t.attempt("alice", 0);
    EXPECT_EQ(t.attempt("alice", 500), 500);
    EXPECT_EQ(t.attempt("alice", 1000), 0); // this one was right
    t.succeeded("alice");
    for (int i = 0; i < 4; ++i) EXPECT_EQ(t.attempt("alice", 1000), 0) << i;
}

TEST(login_throttle, a_quiet_account_starts_afresh) {
    login_throttle t(small());
    for (int i = 0; i < 6; ++i) t.attempt("alice", std::int64_t{i} * 10'000);
    EXPECT_GT(t.attempt("alice", 50'001), 0);
    const std::int64_t later = 50'000 + 60'000;
    for (int i = 0; i < 4; ++i) EXPECT_EQ(t.attempt("alice", later), 0) << i;
    EXPECT_EQ(t.attempt("alice", later), 1000);
}

TEST(login_throttle, the_table_is_bounded_and_forgets_the_least_recently_tried_first) {
    auto s = small();
    s.max_accounts = 3;
    login_throttle t(s);
    for (int i = 0; i < 4; ++i) t.attempt("alice", 0);
    t.attempt("bob", 0);
    t.attempt("carol", 0);
    t.attempt("alice", 0); // refused, but alice is now the most recent
    t.attempt("dave", 0);  // evicts bob, not alice
    EXPECT_EQ(t.tracked(), 3u);
    EXPECT_EQ(t.attempt("alice", 0), 1000);
}

TEST(lru_table, evicts_one_entry_at_a_time_in_order_of_use) {
    lru_table<int> table(2);
    table.touch("a", [] { return 1; });
    table.touch("b", [] { return 2; });
    table.touch("a", [] { return 0; }); // found: not remade, now most recent
    table.touch("c", [] { return 3; }); // evicts b
    EXPECT_EQ(table.size(), 2u);
    ASSERT_NE(table.find("a"), nullptr);
    EXPECT_EQ(*table.find("a"), 1);
    EXPECT_EQ(table.find("b"), nullptr);
    table.erase("a");
    EXPECT_EQ(table.size(), 1u);
}

} // namespace
} // namespace cvw::server
