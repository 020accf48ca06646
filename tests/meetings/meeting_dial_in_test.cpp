// The dial-in bridge through the real parts: callers dial the bridge number at Kamailio, cvw answers
// with its spoken prompts, and the conference ID and PIN arrive as tones in the caller's audio
// (sipp) or as RFC 4733 events (baresip). A right PIN takes the caller into the meeting's Janus
// room, where everyone hears them; wrong ones end the call before anything reaches the mixer, and
// the number is then locked out.
#include "../sip/baresip_phone.hpp"
#include "dtmf_audio.hpp"
#include "meeting_fixture.hpp"
#include "store/database.hpp"
#include "store/meeting_store.hpp"

#include <algorithm>
#include <fstream>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* outside_number = "+14255550177"; // nobody in the directory
constexpr const char* bob_phone = "+14255550102";

class meeting_dial_in : public meeting_fixture {
protected:
    /** The meeting's conference ID and PIN, as stored. */
    server::meeting_record stored(const std::string& meeting_id) const {
        server::database db((dir.path / "cvw.db").string());
        return server::meeting_store(db).find(meeting_id).value();
    }

    /** Alice schedules a meeting nobody is in yet; its id. */
    std::string alice_schedules() {
        const auto now =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
                .count();
        alice->send(json{{"type", "schedule_meeting"},
                         {"subject", "Planning"},
                         {"starts_at", now + 60'000},
                         {"ends_at", now + 3'600'000},
                         {"invitees", json::array()}});
        const auto list = next_of(*alice, "meetings");
        if (!list || (*list)["meetings"].empty()) return {};
        return (*list)["meetings"][0]["meeting_id"];
    }

    /** A caller from `number` on the bridge who plays `keys` as tones (µ-law) once answered; its own folder. */
    std::unique_ptr<sipp_caller> inband_caller(const std::string& name, const std::string& number,
                                               const std::string& keys, const std::string& codec = "0 PCMU/8000") {
        const auto folder = dir.path / name;
        std::filesystem::create_directories(folder);
        const auto audio = dtmf_audio(keys, 1500);
        std::ofstream(folder / "keys.ulaw", std::ios::binary)
            .write(reinterpret_cast<const char*>(audio.data()), static_cast<std::streamsize>(audio.size()));
        return std::make_unique<sipp_caller>(folder,
                                             filled_scenario(folder, "bridge_caller_inband.xml",
                                                             {{"KEY_FILE", (folder / "keys.ulaw").string()},
                                                              {"OFFER_PT", codec.substr(0, codec.find(' '))},
                                                              {"OFFER_CODEC", codec.substr(codec.find(' ') + 1)}}),
                                             bridge_number, number, pbx);
    }
};

TEST_F(meeting_dial_in, a_caller_keying_tones_joins_the_meeting_masked_in_the_roster) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    const auto joined = alice_meets_now();
    ASSERT_EQ(joined["state"], "in_meeting") << joined.dump();
    const auto meeting = stored(joined["meeting_id"]);

    // The ID, a pause while the meeting is found and the PIN prompt starts, then the PIN.
    auto caller = inband_caller("outside", outside_number, meeting.conference_id + "#" + "....." + meeting.pin + "#");
    const auto masked = "+1425\u2022\u2022\u2022\u2022\u202277";
    const auto roster = roster_until(*alice, [&](const json& r) { return named(r, masked)["state"] == "in_meeting"; });
    const auto outside = named(roster, masked);
    EXPECT_EQ(outside["state"], "in_meeting") << roster.dump();
    EXPECT_EQ(outside.value("username", ""), "");
    EXPECT_EQ(roster["participants"].size(), 2u) << roster.dump();

    // Answered from cvw's own port, then re-INVITEd to its seat with its one codec.
    const auto messages = caller->messages();
    const auto answers = received(messages, "SIP/2.0 200");
    ASSERT_FALSE(answers.empty()) << messages;
    EXPECT_TRUE(offers_cvw_media(answers[0])) << answers[0];
    const auto reinvites = received(messages, "INVITE ");
    ASSERT_EQ(reinvites.size(), 1u) << messages;
    // Its seat: a relay port of cvw's in front of Janus (for the talking indicator), not the PIN's.
    EXPECT_TRUE(offers_cvw_media(reinvites[0])) << reinvites[0];
    EXPECT_NE(audio_port_of(reinvites[0]), audio_port_of(answers[0])) << reinvites[0];
    EXPECT_NE(reinvites[0].find("RTP/AVP 0\r\n"), std::string::npos) << reinvites[0];

    // The organizer ends the meeting: the caller gets its BYE, and nothing is left.
    alice->send(json{{"type", "end_meeting"}, {"meeting_id", joined["meeting_id"]}});
    EXPECT_EQ(caller->finished(10s), 0) << caller->messages();
    EXPECT_EQ(received(caller->messages(), "BYE ").size(), 1u);
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();
    EXPECT_EQ(server->get().mixer_rooms(), 0u);
}

TEST_F(meeting_dial_in, a_colleague_keying_rfc_4733_events_joins_by_name_and_everyone_hears_them) {
    baresip_phone alice_desk(dir.path, alice_phone, pbx, baresip_phone::answer::automatically, 400);
    baresip_phone bobs_phone(dir.path, bob_phone, pbx, baresip_phone::answer::automatically, 1000);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");
    const auto joined = alice_meets_now();
    ASSERT_EQ(joined["state"], "in_meeting") << joined.dump();
    const auto meeting = stored(joined["meeting_id"]);

    bobs_phone.command("/dial sip:" + std::string(bridge_number) + "@127.0.0.1:" + std::to_string(pbx.port()));
    // Keys go once the first prompt plays (the call is answered); baresip sends each as RFC 4733.
    for (int i = 0; i < 100 && bobs_phone.log().find("Call established") == std::string::npos; ++i)
        std::this_thread::sleep_for(100ms);
    std::this_thread::sleep_for(500ms);
    bobs_phone.command("/sndcode " + meeting.conference_id + "#");
    std::this_thread::sleep_for(1500ms);
    bobs_phone.command("/sndcode " + meeting.pin + "#");

    // A colleague's number gets their name; their own tabs follow their way in, as for a dial-out.
    const auto roster = roster_until(*alice, [](const json& r) {
        for (const auto& p : r["participants"])
            if (p["username"] == "bob" && p["state"] == "in_meeting") return true;
        return false;
    });
    EXPECT_EQ(named(roster, "Bob Jones")["state"], "in_meeting") << roster.dump() << bobs_phone.log();
    const auto bobs_state = next_of(*bob, "meeting_state");
    ASSERT_TRUE(bobs_state.has_value());
    EXPECT_EQ((*bobs_state)["meeting_id"], joined["meeting_id"]);

    // In the mix: each phone hears the other's tone.
    const auto alice_from = alice_desk.heard().size();
    const auto bob_from = bobs_phone.heard().size();
    std::this_thread::sleep_for(2s);
    EXPECT_GE(windows_with(alice_desk.heard(), alice_from, 1000, {400, 1000}), 12) << "Alice hears Bob";
    EXPECT_GE(windows_with(bobs_phone.heard(), bob_from, 400, {400, 1000}), 12) << "Bob hears Alice";

    alice->send(json{{"type", "end_meeting"}, {"meeting_id", joined["meeting_id"]}});
    expect_nothing_left();
    EXPECT_EQ(server->get().mixer_rooms(), 0u);

    // Bob's call log has his way in as dialled in; Alice's as the meeting ringing her phone.
    for (auto [tab, direction] : {std::pair{bob.get(), "meeting_dial_in"}, std::pair{alice.get(), "meeting"}}) {
        tab->send(json{{"type", "get_recent_calls"}, {"limit", 5}});
        const auto recent = next_of(*tab, "recent_calls");
        ASSERT_TRUE(recent.has_value());
        ASSERT_FALSE((*recent)["calls"].empty()) << recent->dump();
        EXPECT_EQ((*recent)["calls"][0]["direction"], direction);
        EXPECT_EQ((*recent)["calls"][0]["peer_name"], "Weekly sync");
        EXPECT_GT((*recent)["calls"][0]["answered_at"], 0);
    }
}

TEST_F(meeting_dial_in, wrong_pins_end_the_call_before_the_mixer_and_lock_the_number_out) {
    meetings.dial_in_failures = 1; // one failed call locks the number out, to keep the test short
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    const auto meeting_id = alice_schedules();
    ASSERT_FALSE(meeting_id.empty());
    const auto meeting = stored(meeting_id);
    const auto wrong = meeting.pin == "000000" ? std::string("111111") : std::string("000000");

    auto guesser = inband_caller("guess", outside_number,
                                 meeting.conference_id + "#....." + wrong + "#....." + wrong + "#....." + wrong + "#");
    EXPECT_EQ(guesser->finished(40s), 0) << guesser->messages();
    const auto messages = guesser->messages();
    EXPECT_EQ(received(messages, "BYE ").size(), 1u) << "cvw said goodbye and hung up\n" << messages;
    EXPECT_TRUE(received(messages, "INVITE ").empty()) << "never re-INVITEd to a seat\n" << messages;
    EXPECT_EQ(server->get().mixer_rooms(), 0u) << "nothing reached the mixer";

    // The same number again, now with the right PIN: refused at once, as locked out.
    auto again = inband_caller("again", outside_number, meeting.conference_id + "#....." + meeting.pin + "#");
    EXPECT_EQ(again->finished(10s), 0) << again->messages();
    EXPECT_EQ(received(again->messages(), "SIP/2.0 403").size(), 1u) << again->messages();
    EXPECT_EQ(server->get().mixer_rooms(), 0u);
    expect_nothing_left();
}

TEST_F(meeting_dial_in, a_caller_without_g711_or_on_a_bridge_without_meetings_is_refused) {
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto g722 = inband_caller("g722", outside_number, "1#", "9 G722/8000");
    EXPECT_EQ(g722->finished(10s), 0) << g722->messages();
    EXPECT_EQ(received(g722->messages(), "SIP/2.0 488").size(), 1u) << g722->messages();

    janus.kill();
    ASSERT_TRUE(mixer_is(false));
    auto no_mixer = inband_caller("no-mixer", outside_number, "1#");
    EXPECT_EQ(no_mixer->finished(10s), 0) << no_mixer->messages();
    EXPECT_EQ(received(no_mixer->messages(), "SIP/2.0 480").size(), 1u) << no_mixer->messages();
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
