// Meet Now through the real parts: the page's command, Kamailio, a sipp desk phone and Janus. Who
// is rung, from which number, and where the phone's media is pointed, as the phone saw it.
#include "meeting_fixture.hpp"

namespace cvw::test {
namespace {

class meet_now : public meeting_fixture {};

TEST_F(meet_now, the_users_phone_rings_as_the_bridge_and_is_moved_into_the_mixer) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();

    alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
    const auto states = meeting_states_until("in_meeting");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(names(states), (std::vector<std::string>{"dialing_out", "joining", "moving", "in_meeting"}));
    const auto& joined = states.back();
    EXPECT_EQ(joined["subject"], "Weekly sync");
    EXPECT_EQ(joined["number"], alice_phone);
    EXPECT_EQ(joined["meeting_id"].get<std::string>().rfind("m-", 0), 0u);
    EXPECT_GT(joined["joined_at"].get<std::int64_t>(), 0);

    // The phone saw the meeting's bridge number and name, then a re-INVITE to its seat: cvw's relay
    // port in front of Janus (the talking indicator is on by default), the one codec it answered
    // with, no telephone-event.
    const auto invites = received(desk.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 2u) << desk.messages();
    EXPECT_NE(header(invites[0], "From").find("\"cvw: meeting Weekly sync\" <sip:" + std::string(bridge_number) + "@"),
              std::string::npos)
        << invites[0];
    EXPECT_TRUE(offers_cvw_media(invites[0])) << invites[0];
    const int seat = audio_port_of(invites[1]);
    EXPECT_TRUE(offers_cvw_media(invites[1])) << invites[1];
    EXPECT_NE(seat, audio_port_of(invites[0])) << "the relay has a port of its own";
    EXPECT_NE(invites[1].find("c=IN IP4 127.0.0.1"), std::string::npos) << invites[1];
    EXPECT_NE(invites[1].find("m=audio " + std::to_string(seat) + " RTP/AVP 0\r\n"), std::string::npos) << invites[1];
    EXPECT_EQ(invites[1].find("telephone-event"), std::string::npos) << invites[1];

    // Leave: the phone gets its BYE, and nothing of the join is left.
    alice->send(json{{"type", "hang_up"}, {"call_id", joined["call_id"]}});
    const auto left = meeting_states_until("ended");
    ASSERT_FALSE(left.empty());
    EXPECT_EQ(left.back()["reason"], "left");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    expect_nothing_left();
    EXPECT_EQ(server->get().mixer_rooms(), 0u) << "the room goes with its last seat";
}

TEST_F(meet_now, without_the_talking_indicator_the_phone_is_sent_straight_to_the_mixer) {
    meetings.talking_indicator = false;
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    const auto joined = alice_meets_now();
    ASSERT_EQ(joined["state"], "in_meeting");

    const auto invites = received(desk.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 2u) << desk.messages();
    const int seat = audio_port_of(invites[1]);
    EXPECT_GE(seat, janus.rtp_port_min()) << invites[1];
    EXPECT_LE(seat, janus.rtp_port_max()) << invites[1];

    alice->send(json{{"type", "hang_up"}, {"call_id", joined["call_id"]}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    expect_nothing_left();
}

TEST_F(meet_now, a_tab_opened_in_the_meeting_shows_it_and_can_leave_it) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    const auto joined = alice_meets_now();
    ASSERT_EQ(joined["state"], "in_meeting");

    auto later = tab_of("alice");
    const auto told = next_of(*later, "meeting_state");
    ASSERT_TRUE(told.has_value());
    EXPECT_EQ((*told)["call_id"], joined["call_id"]);
    EXPECT_EQ((*told)["meeting_id"], joined["meeting_id"]);
    EXPECT_EQ((*told)["state"], "in_meeting");
    EXPECT_EQ((*told)["joined_at"], joined["joined_at"]);

    later->send(json{{"type", "hang_up"}, {"call_id", (*told)["call_id"]}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    expect_nothing_left();
    // The state comes before anything the tab asks next: its answer marks the end of what was told.
    auto after = tab_of("alice");
    after->send(json{{"type", "get_recent_calls"}});
    std::optional<json> m;
    while ((m = after->receive(std::chrono::seconds(5))) && (*m)["type"] != "recent_calls")
        EXPECT_NE((*m)["type"], "meeting_state") << "an ended meeting is not told again: " << m->dump();
    EXPECT_TRUE(m.has_value());
}

TEST_F(meet_now, a_mixer_that_goes_away_ends_the_meeting_for_the_phone_and_refuses_new_ones_until_back) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
    ASSERT_EQ(last_of(meeting_states_until("in_meeting"))["state"], "in_meeting");

    janus.kill();
    const auto ended = last_of(meeting_states_until("ended"));
    EXPECT_EQ(ended["reason"], "mixer_unavailable");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    expect_nothing_left();
    ASSERT_TRUE(mixer_is(false));

    alice->send(json{{"type", "meet_now"}, {"subject", "Again"}});
    const auto refused = next_error();
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ((*refused)["code"], "meetings_unavailable");
    EXPECT_FALSE(refused->contains("detail"));

    janus.start();
    EXPECT_TRUE(mixer_is(true)) << janus.log();
}

TEST_F(meet_now, without_a_mixer_meet_now_is_refused_as_not_set_up) {
    meetings = {};
    start_server();
    alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
    const auto m = next_error();
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ((*m)["code"], "meetings_unavailable");
    EXPECT_EQ((*m)["detail"], "not_set_up");
}

TEST_F(meet_now, a_subject_of_nothing_but_control_characters_is_refused) {
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    alice->send(json{{"type", "meet_now"}, {"subject", "\r\n\t"}});
    const auto m = next_error();
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ((*m)["code"], "invalid_value");
    EXPECT_EQ((*m)["detail"], "empty_subject");
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
