// The roster follows the joins' steps, and its moderation rules, as a table of who may do what.
#include "cvw/meeting/roster.hpp"

#include <gtest/gtest.h>

namespace cvw::meeting {
namespace {

using call::meeting_join::state;

constexpr std::int64_t alice = 1, bob = 2, carol = 3, dave = 4; // Alice organizes; Dave is not in it

participant join_of(std::int64_t user, state s, bool muted = false) {
    return {.participant_id = "c-" + std::to_string(user),
            .user_id = user,
            .name = "User " + std::to_string(user),
            .username = "u" + std::to_string(user),
            .state = s,
            .muted = muted};
}

roster alices_meeting() {
    roster r(alice);
    r.update(join_of(alice, state::in_meeting));
    r.update(join_of(bob, state::in_meeting));
    r.update(join_of(carol, state::dialing_out));
    return r;
}

TEST(roster, a_join_appears_changes_and_goes_when_it_ends) {
    roster r(alice);
    EXPECT_TRUE(r.update(join_of(bob, state::dialing_out)));
    EXPECT_TRUE(r.update(join_of(alice, state::dialing_out)));
    EXPECT_FALSE(r.update(join_of(bob, state::dialing_out))) << "the same step again changes nothing";
    EXPECT_TRUE(r.update(join_of(bob, state::in_meeting)));
    ASSERT_EQ(r.participants().size(), 2u);
    EXPECT_EQ(r.participants()[0].user_id, bob) << "in the order they came";
    EXPECT_EQ(r.participants()[0].state, state::in_meeting);
    EXPECT_TRUE(r.update(join_of(bob, state::in_meeting, true)));
    EXPECT_TRUE(r.find("c-2")->muted);

    EXPECT_TRUE(r.update(join_of(bob, state::ended)));
    EXPECT_EQ(r.find("c-2"), nullptr);
    EXPECT_FALSE(r.update(join_of(bob, state::ended))) << "an end for someone gone changes nothing";
    EXPECT_EQ(r.audience(), (std::vector<std::int64_t>{alice}));
    EXPECT_TRUE(r.update(join_of(alice, state::ended)));
    EXPECT_TRUE(r.empty());
}

TEST(roster, talking_is_the_taps_news_kept_across_steps_and_only_in_the_meeting) {
    auto r = alices_meeting();
    EXPECT_FALSE(r.set_talking("c-3", true)) << "Carol's phone is still ringing";
    EXPECT_FALSE(r.set_talking("c-9", true)) << "nobody of that id";
    EXPECT_TRUE(r.set_talking("c-2", true));
    EXPECT_FALSE(r.set_talking("c-2", true)) << "no news";
    EXPECT_TRUE(r.find("c-2")->talking);
    EXPECT_TRUE(r.update(join_of(bob, state::in_meeting, true)));
    EXPECT_TRUE(r.find("c-2")->talking) << "a step of the join (muted here) keeps it";
    EXPECT_TRUE(r.update(join_of(bob, state::moving)));
    EXPECT_FALSE(r.find("c-2")->talking) << "out of the mix, nobody hears them";
    EXPECT_TRUE(r.update(join_of(bob, state::in_meeting)));
    EXPECT_FALSE(r.find("c-2")->talking);
    EXPECT_TRUE(r.set_talking("c-2", true));
    EXPECT_TRUE(r.set_talking("c-2", false));
}

TEST(roster, the_audience_is_each_user_with_a_way_in_once) {
    roster r(alice);
    r.update(join_of(bob, state::joining));
    r.update(join_of(alice, state::in_meeting));
    auto second = join_of(bob, state::dialing_out);
    second.participant_id = "c-2b";
    r.update(second);
    EXPECT_EQ(r.audience(), (std::vector<std::int64_t>{bob, alice}));
}

struct mute_case {
    std::int64_t by;
    std::int64_t whom;
    bool muted;
    std::optional<moderation_refusal> refused;
};

TEST(roster, who_may_mute_and_unmute_whom) {
    using enum moderation_refusal;
    const auto r = alices_meeting();
    const std::vector<mute_case> table{
        {.by = alice, .whom = alice, .muted = true, .refused = std::nullopt},
        {.by = alice, .whom = alice, .muted = false, .refused = std::nullopt},
        {.by = bob, .whom = bob, .muted = true, .refused = std::nullopt},
        {.by = bob, .whom = bob, .muted = false, .refused = std::nullopt}, // even after the organizer muted him
        {.by = alice, .whom = bob, .muted = true, .refused = std::nullopt},
        {.by = alice, .whom = bob, .muted = false, .refused = unmute_others},
        {.by = bob, .whom = alice, .muted = true, .refused = not_organizer},
        {.by = bob, .whom = alice, .muted = false, .refused = unmute_others},
        {.by = alice, .whom = carol, .muted = true, .refused = not_joined}, // her phone still rings
        {.by = carol, .whom = carol, .muted = true, .refused = not_joined},
        {.by = dave, .whom = bob, .muted = true, .refused = not_in_meeting},
        {.by = alice, .whom = dave, .muted = true, .refused = no_such_participant},
    };
    for (const auto& c : table)
        EXPECT_EQ(r.may_mute(c.by, "c-" + std::to_string(c.whom), c.muted), c.refused)
            << c.by << " mutes " << c.whom << " " << c.muted;
}

TEST(roster, only_the_organizer_removes_others_and_ends_the_meeting) {
    using enum moderation_refusal;
    const auto r = alices_meeting();
    EXPECT_EQ(r.may_remove(alice, "c-2"), std::nullopt);
    EXPECT_EQ(r.may_remove(alice, "c-3"), std::nullopt) << "a phone still ringing may be called off";
    EXPECT_EQ(r.may_remove(alice, "c-1"), remove_yourself);
    EXPECT_EQ(r.may_remove(alice, "c-9"), no_such_participant);
    EXPECT_EQ(r.may_remove(bob, "c-3"), not_organizer);
    EXPECT_EQ(r.may_remove(dave, "c-2"), not_in_meeting);

    EXPECT_EQ(r.may_end(alice), std::nullopt);
    EXPECT_EQ(r.may_end(bob), not_organizer);
    EXPECT_EQ(r.may_end(dave), not_in_meeting);
    roster left(alice); // the organizer may end a meeting she has already left
    left.update(join_of(bob, state::in_meeting));
    EXPECT_EQ(left.may_end(alice), std::nullopt);
}

TEST(roster, an_outside_caller_on_the_bridge_hears_nothing_and_the_organizer_moderates_them) {
    auto r = alices_meeting();
    participant outside{.participant_id = "dial-1",
                        .user_id = 0,
                        .name = "+1425\u2022\u2022\u2022\u2022\u202223",
                        .username = {},
                        .state = state::in_meeting,
                        .muted = false};
    ASSERT_TRUE(r.update(outside));
    EXPECT_EQ(r.audience(), (std::vector<std::int64_t>{alice, bob, carol})) << "user 0 has no tabs";
    EXPECT_EQ(r.may_mute(alice, "dial-1", true), std::nullopt);
    EXPECT_EQ(r.may_remove(alice, "dial-1"), std::nullopt);
    EXPECT_EQ(r.may_mute(bob, "dial-1", true), moderation_refusal::not_organizer);
    EXPECT_EQ(r.may_end(0), moderation_refusal::not_in_meeting) << "nobody asks as user 0";
}

TEST(roster, whoever_is_in_it_dials_outside_numbers_in_up_to_the_bound) {
    auto r = alices_meeting();
    auto dialled = [](const std::string& id, state s) {
        return participant{.participant_id = id, .user_id = 0, .invited_by = bob, .state = s};
    };
    EXPECT_EQ(r.may_invite_number(bob, 2), std::nullopt) << "any participant, not only the organizer";
    EXPECT_EQ(r.may_invite_number(carol, 2), std::nullopt) << "on the way in is in it";
    EXPECT_EQ(r.may_invite_number(dave, 2), moderation_refusal::not_in_meeting);
    EXPECT_EQ(r.may_invite_number(0, 2), moderation_refusal::not_in_meeting);

    r.update(dialled("call-n1", state::dialing_out));
    r.update({.participant_id = "dial-1", .user_id = 0, .state = state::in_meeting}); // keyed in on the bridge
    EXPECT_EQ(r.may_invite_number(alice, 2), std::nullopt) << "a caller on the bridge is not counted";
    r.update(dialled("call-n2", state::in_meeting));
    EXPECT_EQ(r.may_invite_number(alice, 2), moderation_refusal::too_many_numbers) << "ringing counts too";
    EXPECT_EQ(r.may_invite_number(alice, 0), moderation_refusal::too_many_numbers) << "0 turns it off";
    r.update(dialled("call-n1", state::ended));
    EXPECT_EQ(r.may_invite_number(alice, 2), std::nullopt) << "one that ended frees its place";
}

TEST(roster, refusals_have_their_wire_names) {
    EXPECT_EQ(to_string(moderation_refusal::not_in_meeting), "not_in_meeting");
    EXPECT_EQ(to_string(moderation_refusal::unmute_others), "unmute_others");
    EXPECT_EQ(to_string(moderation_refusal::remove_yourself), "remove_yourself");
    EXPECT_EQ(to_string(moderation_refusal::too_many_numbers), "too_many_numbers");
}

} // namespace
} // namespace cvw::meeting
