// Admission of click-to-calls: one call per user until it ends for them, none once shutting down,
// and the rate caps counted only for calls that pass the other rules.
#include "cvw/call/call_admission.hpp"

#include <gtest/gtest.h>

namespace cvw::call {
namespace {

constexpr std::int64_t t0 = 1'000'000;

/** Caps off unless a test turns one on. */
call_rate_limits no_caps() {
    return {.user_calls_per_minute = 0, .user_calls_per_day = 0, .server_calls_per_second = 0};
}

/** Only the per-user rate cap, at one call a minute with no burst beyond it. */
call_rate_limits one_call_a_minute() {
    auto limits = no_caps();
    limits.user_calls_per_minute = 1;
    limits.user_burst = 1;
    return limits;
}

TEST(call_admission, a_user_has_one_call_at_a_time_until_it_ends_for_them) {
    call_admission admission(no_caps(), t0);
    EXPECT_TRUE(admission.try_place(1, "call-a", t0).allowed());
    EXPECT_EQ(admission.try_place(1, "call-b", t0).refused, admission_refusal::call_in_progress);
    EXPECT_TRUE(admission.try_place(2, "call-c", t0).allowed()) << "another user is not held back";

    admission.call_ended(1, "call-x"); // not the user's call: changes nothing
    EXPECT_EQ(admission.try_place(1, "call-b", t0).refused, admission_refusal::call_in_progress);
    admission.call_ended(2, "call-a"); // the id of another user's call: changes nothing
    EXPECT_EQ(admission.try_place(1, "call-b", t0).refused, admission_refusal::call_in_progress);

    admission.call_ended(1, "call-a");
    EXPECT_TRUE(admission.try_place(1, "call-b", t0).allowed());
}

TEST(call_admission, a_call_carried_over_into_a_meeting_keeps_the_slot_and_costs_nothing) {
    call_admission admission(one_call_a_minute(), t0);
    ASSERT_TRUE(admission.try_place(1, "call-a", t0).allowed());
    EXPECT_FALSE(admission.carry_over(1, "call-x", "call-m")) << "not the user's call";
    EXPECT_FALSE(admission.carry_over(2, "call-a", "call-m")) << "another user's call";
    ASSERT_TRUE(admission.carry_over(1, "call-a", "call-m"));
    admission.call_ended(1, "call-a"); // the call's own end, reported after the hand-over
    EXPECT_EQ(admission.try_place(1, "call-b", t0 + 60'000).refused, admission_refusal::call_in_progress)
        << "the meeting join holds the slot now";
    admission.call_ended(1, "call-m");
    EXPECT_TRUE(admission.try_place(1, "call-b", t0 + 60'000).allowed()) << "the hand-over cost none of the cap";
}

TEST(call_admission, nothing_is_placed_once_shutting_down) {
    call_admission admission(no_caps(), t0);
    admission.stop();
    EXPECT_TRUE(admission.stopping());
    EXPECT_EQ(admission.try_place(1, "call-a", t0).refused, admission_refusal::shutting_down);
}

TEST(call_admission, a_call_refused_for_being_second_costs_none_of_the_allowance) {
    call_admission admission(one_call_a_minute(), t0);
    ASSERT_TRUE(admission.try_place(1, "call-a", t0).allowed());
    for (int i = 0; i < 5; ++i)
        EXPECT_EQ(admission.try_place(1, "call-b", t0).refused, admission_refusal::call_in_progress);
    admission.call_ended(1, "call-a");

    // The burst of one was spent by call-a; a minute later exactly one call is allowed again.
    const auto capped = admission.try_place(1, "call-b", t0 + 1);
    ASSERT_EQ(capped.refused, admission_refusal::over_cap);
    EXPECT_EQ(capped.cap.refused_by, call_cap::per_user_minute);
    EXPECT_GT(capped.cap.retry_after_ms, 0);
    EXPECT_TRUE(admission.try_place(1, "call-b", t0 + 60'000).allowed());
}

TEST(call_admission, a_capped_call_does_not_hold_the_users_slot) {
    call_admission admission(one_call_a_minute(), t0);
    ASSERT_TRUE(admission.try_place(1, "call-a", t0).allowed());
    admission.call_ended(1, "call-a");
    ASSERT_EQ(admission.try_place(1, "call-b", t0).refused, admission_refusal::over_cap);
    // Had the refused call taken the slot, this would say call_in_progress.
    EXPECT_EQ(admission.try_place(1, "call-c", t0).refused, admission_refusal::over_cap);
}

TEST(call_admission, a_number_dialled_on_a_users_behalf_counts_against_their_caps_but_takes_no_slot) {
    call_admission admission(one_call_a_minute(), t0);
    ASSERT_TRUE(admission.try_place(1, "call-a", t0).allowed()); // the user's own way into the meeting
    const auto burst_spent = admission.try_place_on_behalf(1, t0 + 1);
    ASSERT_EQ(burst_spent.refused, admission_refusal::over_cap) << "the user's own call spent the burst of one";
    EXPECT_EQ(burst_spent.cap.refused_by, call_cap::per_user_minute);
    EXPECT_TRUE(admission.try_place_on_behalf(1, t0 + 60'000).allowed()) << "their call in progress is no bar";
    EXPECT_EQ(admission.try_place(1, "call-b", t0 + 60'000).refused, admission_refusal::call_in_progress);
    admission.stop();
    EXPECT_EQ(admission.try_place_on_behalf(1, t0 + 120'000).refused, admission_refusal::shutting_down);
}

} // namespace
} // namespace cvw::call
