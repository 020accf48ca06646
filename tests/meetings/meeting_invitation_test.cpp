// Invitations through the real parts: Alice's Meet Now, her invitation in Bob's tabs, his Join
// dialling out to his desk phone into the same room of Janus; and every refusal on the way.
#include "meeting_fixture.hpp"

namespace cvw::test {
namespace {

constexpr const char* bob_phone = "+14255550102";

class meeting_invitation : public meeting_fixture {
protected:
    /** A tab's meeting_state events until `final_state` (or ended). */
    static std::vector<json> states_of(ws_client& tab, const std::string& final_state) {
        std::vector<json> out;
        while (auto m = next_of(tab, "meeting_state")) {
            out.push_back(*m);
            if ((*m)["state"] == final_state || (*m)["state"] == "ended") break;
        }
        return out;
    }
};

TEST_F(meeting_invitation, bob_is_invited_joins_from_his_page_and_his_phone_is_dialled_into_alices_room) {
    sipp_phone alice_desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob_desk(dir.path, "desk_phone_answer.xml", bob_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");
    auto bob_second_tab = tab_of("bob");

    const auto alices = alice_meets_now();
    ASSERT_EQ(alices["state"], "in_meeting");
    const auto meeting_id = alices["meeting_id"].get<std::string>();
    alice->send(json{{"type", "invite_to_meeting"}, {"meeting_id", meeting_id}, {"username", "bob"}});

    for (auto* tab : {bob.get(), bob_second_tab.get()}) {
        const auto invitation = next_of(*tab, "meeting_invitation");
        ASSERT_TRUE(invitation.has_value());
        EXPECT_EQ((*invitation)["meeting_id"], meeting_id);
        EXPECT_EQ((*invitation)["subject"], "Weekly sync");
        EXPECT_EQ((*invitation)["inviter_username"], "alice");
        EXPECT_EQ((*invitation)["inviter_name"], "Alice Smith");
        EXPECT_EQ((*invitation)["state"], "invited");
    }

    bob->send(json{{"type", "join_meeting"}, {"meeting_id", meeting_id}});
    const auto answered = next_of(*bob_second_tab, "meeting_invitation"); // the other tab drops it
    ASSERT_TRUE(answered.has_value());
    EXPECT_EQ((*answered)["state"], "answered");
    const auto bobs = states_of(*bob, "in_meeting");
    ASSERT_FALSE(bobs.empty());
    EXPECT_EQ(names(bobs), (std::vector<std::string>{"dialing_out", "joining", "moving", "in_meeting"}));
    EXPECT_EQ(bobs.back()["meeting_id"], meeting_id);
    EXPECT_EQ(bobs.back()["number"], bob_phone);
    EXPECT_EQ(server->get().mixer_rooms(), 1u) << "Bob sits in Alice's room, not a new one";

    // Bob's phone was rung as the meeting, from the bridge number.
    const auto invites = received(bob_desk.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 2u) << bob_desk.messages();
    EXPECT_NE(header(invites[0], "From").find("\"cvw: meeting Weekly sync\" <sip:" + std::string(bridge_number) + "@"),
              std::string::npos)
        << invites[0];

    // Answered: a second Decline finds nothing open.
    EXPECT_EQ(refusal_of(*bob_second_tab, json{{"type", "decline_meeting"}, {"meeting_id", meeting_id}}),
              "not_found/invitation");

    // Bob leaves, the room stays for Alice; she leaves, and it goes.
    bob->send(json{{"type", "hang_up"}, {"call_id", bobs.back()["call_id"]}});
    EXPECT_EQ(last_of(states_of(*bob, "ended"))["reason"], "left");
    EXPECT_EQ(bob_desk.finished(std::chrono::seconds(10)), 0) << bob_desk.messages();
    EXPECT_EQ(server->get().mixer_rooms(), 1u);
    alice->send(json{{"type", "hang_up"}, {"call_id", alices["call_id"]}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    EXPECT_EQ(alice_desk.finished(std::chrono::seconds(10)), 0) << alice_desk.messages();
    expect_nothing_left();
    EXPECT_EQ(server->get().mixer_rooms(), 0u);
}

TEST_F(meeting_invitation, a_declined_invitation_leaves_every_tab_and_starts_no_call) {
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");
    auto bob_second_tab = tab_of("bob");
    // Alice's own phone is not there: her join ends, the meeting stays to be invited to.
    const auto alices = alice_meets_now();
    const auto meeting_id = alices["meeting_id"].get<std::string>();
    alice->send(json{{"type", "invite_to_meeting"}, {"meeting_id", meeting_id}, {"username", "bob"}});
    ASSERT_TRUE(next_of(*bob, "meeting_invitation").has_value());
    ASSERT_TRUE(next_of(*bob_second_tab, "meeting_invitation").has_value());

    bob->send(json{{"type", "decline_meeting"}, {"meeting_id", meeting_id}});
    for (auto* tab : {bob.get(), bob_second_tab.get()}) {
        const auto answered = next_of(*tab, "meeting_invitation");
        ASSERT_TRUE(answered.has_value());
        EXPECT_EQ((*answered)["state"], "answered");
    }
    EXPECT_EQ(refusal_of(*bob, json{{"type", "decline_meeting"}, {"meeting_id", meeting_id}}), "not_found/invitation");
    expect_nothing_left();
}

TEST_F(meeting_invitation, bad_invitations_and_joins_are_refused_with_their_reasons) {
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto carol = tab_of("carol");
    const auto alices = alice_meets_now(); // her phone is not there, so it ends; the meeting stays
    const auto meeting_id = alices["meeting_id"].get<std::string>();
    const auto invite = [&](const std::string& id, const std::string& who) {
        return json{{"type", "invite_to_meeting"}, {"meeting_id", id}, {"username", who}};
    };

    EXPECT_EQ(refusal_of(*alice, invite("m-0000000000000000", "bob")), "not_found/meeting");
    EXPECT_EQ(refusal_of(*alice, invite(meeting_id, "nobody")), "not_found/user");
    EXPECT_EQ(refusal_of(*alice, invite(meeting_id, "alice")), "invalid_value/self_invite");
    EXPECT_EQ(refusal_of(*alice, invite(meeting_id, "")), "too_short/");
    EXPECT_EQ(refusal_of(*alice, invite(std::string(33, 'm'), "bob")), "too_long/");
    EXPECT_EQ(refusal_of(*carol, invite(meeting_id, "bob")), "not_allowed/not_invited");
    EXPECT_EQ(refusal_of(*carol, json{{"type", "join_meeting"}, {"meeting_id", "m-0000000000000000"}}),
              "not_found/meeting");
    EXPECT_EQ(refusal_of(*carol, json{{"type", "join_meeting"}}), "missing_field/");
    EXPECT_EQ(refusal_of(*carol, json{{"type", "decline_meeting"}, {"meeting_id", meeting_id}}),
              "not_found/invitation");

    // Invited, Carol may invite in turn.
    auto bob = tab_of("bob");
    alice->send(invite(meeting_id, "carol"));
    ASSERT_TRUE(next_of(*carol, "meeting_invitation").has_value());
    carol->send(invite(meeting_id, "bob"));
    const auto bobs = next_of(*bob, "meeting_invitation");
    ASSERT_TRUE(bobs.has_value());
    EXPECT_EQ((*bobs)["inviter_name"], "Carol Diaz");
    EXPECT_EQ(refusal_of(*carol, invite(meeting_id, "carol")), "invalid_value/self_invite");
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
