// Who a command reaches: a click-to-call's destination and an IM's recipient, from what the
// directory found.
#include "cvw/addressing.hpp"

#include <gtest/gtest.h>

namespace cvw {
namespace {

const person bob{.id = 2, .username = "bob", .display_name = "Bob Jones", .enabled = true};
const person gone{.id = 3, .username = "dan", .display_name = "Dan Old", .enabled = false};
constexpr std::int64_t alice_id = 1;

TEST(addressing, a_click_to_call_dials_a_colleague_at_their_address_and_anything_else_as_typed) {
    struct row {
        const char* typed;
        std::optional<person> named;
        std::int64_t caller;
        const char* destination; ///< empty when refused
        const char* callee_name;
        const char* cvw_user;
    };
    const person alice{.id = alice_id, .username = "alice", .display_name = "Alice Smith"};
    const row table[] = {
        {"bob", bob, alice_id, "cvw-bob", "Bob Jones", "bob"},
        {"+1 425 555 0100", std::nullopt, alice_id, "+1 425 555 0100", "", ""},
        {"dan", gone, alice_id, "dan", "", ""}, // disabled: not a colleague to ring, just what was typed
        {"alice", alice, alice_id, "", "", ""}, // yourself
    };
    for (const auto& r : table) {
        const auto target = call_target_for(r.typed, r.named, r.caller, "cvw-");
        if (!*r.destination) {
            ASSERT_FALSE(target.ok()) << r.typed;
            EXPECT_EQ(target.error(), address_refusal::yourself);
            continue;
        }
        ASSERT_TRUE(target.ok()) << r.typed;
        EXPECT_EQ(target->destination, r.destination);
        EXPECT_EQ(target->callee_name, r.callee_name);
        EXPECT_EQ(target->cvw_user, r.cvw_user);
    }
}

TEST(addressing, an_im_or_invitation_goes_to_an_enabled_colleague_other_than_yourself) {
    EXPECT_EQ(colleague_refusal(bob, alice_id), std::nullopt);
    EXPECT_EQ(colleague_refusal(std::nullopt, alice_id), address_refusal::no_such_user);
    EXPECT_EQ(colleague_refusal(gone, alice_id), address_refusal::no_such_user);
    EXPECT_EQ(colleague_refusal(bob, bob.id), address_refusal::yourself);
}

TEST(addressing, usernames_match_in_any_ascii_case_and_nothing_else_changes) {
    EXPECT_EQ(username_key("Alice"), "alice");
    EXPECT_EQ(username_key("BOB.smith-2"), "bob.smith-2");
    EXPECT_EQ(username_key(""), "");
    // Bytes outside ASCII (a UTF-8 name) are left as they are.
    EXPECT_EQ(username_key("\xC3\x89MILE"), "\xC3\x89mile");
}

} // namespace
} // namespace cvw
