// Resolution of global policy, per-user overrides and the user's own callback number.
#include "cvw/policy.hpp"

#include <gtest/gtest.h>

#include <optional>

namespace cvw {

TEST(policy, desk_phone_is_the_default_callback) {
    call_via_work_policy global{.global_caller_id = "+14255550000"};
    auto p = resolve_policy(global, {}, "+14255550101", "");
    EXPECT_TRUE(p.enabled);
    EXPECT_EQ(p.callback_number, "+14255550101");
    EXPECT_EQ(p.caller_id, "+14255550000");
    EXPECT_TRUE(p.user_may_set_callback);
}

TEST(policy, user_choice_beats_admin_override_unless_admin_number_is_forced) {
    call_via_work_policy global;
    policy_override user{.callback_number = "1009"};
    EXPECT_EQ(resolve_policy(global, user, "+1425", "").callback_number, "1009");
    EXPECT_EQ(resolve_policy(global, user, "+1425", "+33123456789").callback_number, "+33123456789");

    global.use_admin_callback_number = true;
    global.admin_callback_number = "1000";
    auto forced = resolve_policy(global, user, "+1425", "+33123456789");
    EXPECT_EQ(forced.callback_number, "1000");
    EXPECT_FALSE(forced.user_may_set_callback);
}

TEST(policy, per_user_overrides_win) {
    call_via_work_policy global{.enabled = true, .simultaneous_ring = true};
    policy_override user{.enabled = false, .simultaneous_ring = false};
    auto p = resolve_policy(global, user, "", "");
    EXPECT_FALSE(p.enabled);
    EXPECT_FALSE(p.simultaneous_ring);
    EXPECT_EQ(p.callback_number, "");
}

TEST(policy, a_callback_number_is_rung_only_if_the_dial_plan_allows_it) {
    const auto plan = dial_plan::compile({.rules = {{"1?([2-9]\\d{9})", "+1$1"}},
                                          .allowed = {"\\+1[2-9]\\d{9}", "\\d{4}"},
                                          .blocked = {"\\+1876\\d{7}"}})
                          .value();
    struct row {
        const char* number;
        const char* rung;         ///< empty when refused
        callback_refusal refusal; ///< when refused
    };
    for (const auto& r :
         {row{"1001", "1001", {}}, row{"(425) 555-0101", "+14255550101", {}}, row{"", "", callback_refusal::none_set},
          row{"+1 876 555 0100", "", callback_refusal::not_allowed},  // blocked: Jamaica
          row{"+44 871 234 5678", "", callback_refusal::not_allowed}, // not in allowed
          row{"my mobile", "", callback_refusal::invalid_number}}) {
        const auto d = dialable_callback(plan, r.number);
        if (*r.rung) {
            ASSERT_TRUE(d.ok()) << r.number;
            EXPECT_EQ(d->number, r.rung);
        } else {
            ASSERT_FALSE(d.ok()) << r.number;
            EXPECT_EQ(d.error(), r.refusal) << r.number;
        }
    }
}

TEST(policy, a_user_chooses_a_callback_number_within_the_dial_plan_unless_the_admin_set_it) {
    const auto plan = dial_plan::compile({.rules = {{"1?([2-9]\\d{9})", "+1$1"}},
                                          .allowed = {"\\+1[2-9]\\d{9}", "\\d{4}"},
                                          .blocked = {"\\+1876\\d{7}"}})
                          .value();
    const effective_policy may{.user_may_set_callback = true}, admin{.user_may_set_callback = false};
    struct row {
        const effective_policy* policy;
        const char* typed;
        const char* chosen; ///< empty when refused (or when going back to the default)
        std::optional<callback_choice_refusal> refusal;
    };
    // clang-format off
    const row table[] = {
        {&may,   "(425) 555-0101",  "+14255550101", {}},
        {&may,   "1009",            "1009",         {}},
        {&may,   "",                "",             {}}, // back to the desk phone
        {&may,   "my mobile",       "",             callback_choice_refusal::invalid_number},
        {&may,   "+1 876 555 0100", "",             callback_choice_refusal::not_allowed},
        {&admin, "1009",            "",             callback_choice_refusal::set_by_admin},
        {&admin, "",                "",             callback_choice_refusal::set_by_admin},
    };
    // clang-format on
    for (const auto& r : table) {
        const auto chosen = choose_callback_number(*r.policy, plan, r.typed);
        if (r.refusal) {
            ASSERT_FALSE(chosen.ok()) << r.typed;
            EXPECT_EQ(chosen.error(), *r.refusal) << r.typed;
        } else {
            ASSERT_TRUE(chosen.ok()) << r.typed;
            EXPECT_EQ(*chosen, r.chosen);
        }
    }
}

TEST(policy, the_desk_phone_watched_is_the_one_cvw_rings) {
    EXPECT_EQ(desk_phone_to_watch({.enabled = true, .callback_number = "1009"}, "+14255550101"), "1009");
    EXPECT_EQ(desk_phone_to_watch({.enabled = true, .callback_number = ""}, "+14255550101"), "+14255550101");
    EXPECT_EQ(desk_phone_to_watch({.enabled = false, .callback_number = "1009"}, "+14255550101"), "+14255550101");
    EXPECT_EQ(desk_phone_to_watch({.enabled = false, .callback_number = ""}, ""), "");
}

} // namespace cvw
