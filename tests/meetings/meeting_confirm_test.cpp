// The voicemail guard through the real parts: with a confirm digit set, the phone that picks up must
// press it on cvw's own port before it joins, whichever way it sends keys; one that never presses
// is hung up and never reaches the mixer.
#include "dtmf_audio.hpp"
#include "meeting_fixture.hpp"

#include <fstream>

namespace cvw::test {
namespace {

class meeting_confirm : public meeting_fixture {
protected:
    void SetUp() override {
        meeting_fixture::SetUp();
        meetings.confirm_join_with_digit = '1';
        meetings.confirm_seconds = 3;
    }

    /** Alice's Meet Now with `desk` answering: it must press 1 to join; then she leaves. */
    void joins_once_1_is_pressed(sipp_phone& desk) {
        start_server();
        ASSERT_TRUE(mixer_is(true)) << janus.log();
        alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
        const auto states = meeting_states_until("in_meeting");
        EXPECT_EQ(names(states),
                  (std::vector<std::string>{"dialing_out", "confirming", "joining", "moving", "in_meeting"}));
        ASSERT_FALSE(states.empty());
        EXPECT_EQ(server->get().mixer_rooms(), 1u);
        alice->send(json{{"type", "hang_up"}, {"call_id", states.back()["call_id"]}});
        EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
        EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
        expect_nothing_left();
    }
};

TEST_F(meeting_confirm, a_phone_pressing_1_as_tones_in_its_audio_joins) {
    const auto keys = dtmf_audio("1", 600);
    std::ofstream(dir.path / "key-1.ulaw", std::ios::binary)
        .write(reinterpret_cast<const char*>(keys.data()), static_cast<std::streamsize>(keys.size()));
    sipp_phone desk(
        dir.path,
        filled_scenario(dir.path, "desk_phone_key_inband.xml", {{"KEY_FILE", (dir.path / "key-1.ulaw").string()}}),
        alice_phone, pbx);
    joins_once_1_is_pressed(desk);
}

TEST_F(meeting_confirm, a_phone_pressing_1_as_an_rfc_4733_event_joins) {
    sipp_phone desk(dir.path, "desk_phone_key_rfc4733.xml", alice_phone, pbx);
    joins_once_1_is_pressed(desk);
}

TEST_F(meeting_confirm, voicemail_that_never_presses_is_hung_up_and_never_reaches_the_mixer) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
    const auto states = meeting_states_until("in_meeting");
    EXPECT_EQ(names(states), (std::vector<std::string>{"dialing_out", "confirming", "ended"}));
    EXPECT_EQ(last_of(states)["reason"], "not_confirmed");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    // One INVITE (cvw's own port, for the prompt), never the re-INVITE to a seat; then the BYE.
    EXPECT_EQ(received(desk.messages(), "INVITE ").size(), 1u) << desk.messages();
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);
    EXPECT_EQ(server->get().mixer_rooms(), 0u);
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
