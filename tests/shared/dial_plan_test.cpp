// Dial-plan normalisation and destination checks.
#include "cvw/dial_plan.hpp"

#include <gtest/gtest.h>

namespace cvw {
namespace {

dial_plan_config sample_config() {
    return {.rules = {{"00(\\d+)", "+$1"}, {"011(\\d+)", "+$1"}, {"1?([2-9]\\d{9})", "+1$1"}},
            .allowed = {"\\+1[2-9]\\d{9}", "\\+33\\d{9}", "\\d{4}"},
            .blocked = {"\\+1900\\d{7}"}};
}

dial_plan sample() { return dial_plan::compile(sample_config()).value(); }

} // namespace

TEST(dial_plan, normalises_what_people_type) {
    const auto plan = sample();
    struct row {
        const char* input;
        number_kind kind;
        const char* number;
    };
    for (const auto& r :
         {row{"+1 (425) 555-0100", number_kind::e164, "+14255550100"},
          row{"00 33 1 23 45 67 89", number_kind::e164, "+33123456789"},
          row{"011 44 20 7946 0018", number_kind::e164, "+442079460018"},
          row{"425.555.0100", number_kind::e164, "+14255550100"},
          row{"1 425 555 0100", number_kind::e164, "+14255550100"}, row{"1002", number_kind::extension, "1002"}}) {
        auto n = plan.normalize(r.input);
        ASSERT_TRUE(n.ok()) << r.input;
        EXPECT_EQ(n->kind, r.kind) << r.input;
        EXPECT_EQ(n->number, r.number) << r.input;
    }
}

TEST(dial_plan, rejects_what_is_not_a_number) {
    const auto plan = sample();
    for (const char* bad : {"", "+", "bob", "12ab", "+0123456789", "+1234", "1234567", "+1234567890123456", "12+34",
                            "sip:bob@example.com"}) {
        auto n = plan.normalize(bad);
        ASSERT_FALSE(n.ok()) << bad;
        EXPECT_EQ(n.error(), dial_error::invalid_number) << bad;
    }
    EXPECT_FALSE(plan.normalize(std::string(65, '1')).ok());
}

TEST(dial_plan, applies_allowed_and_blocked_lists) {
    const auto plan = sample();
    EXPECT_TRUE(plan.check("+1 425 555 0100").ok());
    EXPECT_TRUE(plan.check("1002").ok());
    EXPECT_EQ(plan.check("+1 900 555 0100").error(), dial_error::not_allowed);  // blocked premium
    EXPECT_EQ(plan.check("+44 20 7946 0018").error(), dial_error::not_allowed); // not in allowed
    EXPECT_EQ(plan.check("12345").error(), dial_error::not_allowed);            // 5-digit extension
    EXPECT_EQ(plan.check("hello").error(), dial_error::invalid_number);
}

TEST(dial_plan, first_matching_rule_wins) {
    auto plan = dial_plan::compile({.rules = {{"(\\d{4})", "8$1"}, {"(\\d{4})", "9$1"}}, .allowed = {".*"}});
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->normalize("1234")->number, "81234");
}

TEST(dial_plan, bad_pattern_is_reported_not_thrown) {
    auto plan = dial_plan::compile({.rules = {{"([0-9", "x"}}});
    ASSERT_FALSE(plan.ok());
    EXPECT_NE(plan.error().find("([0-9"), std::string::npos);
}

} // namespace cvw
