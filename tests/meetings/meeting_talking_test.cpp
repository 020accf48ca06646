// Who is talking, through the real parts: two baresip phones sending tones into one Janus room
// through cvw's relay ports. The roster shows each phone talking while its tone is sent, stops when
// the phone's own microphone is muted (it then sends silence), starts again when unmuted, and never
// shows someone muted in the meeting as talking; nobody talks before their phone is in the meeting.
#include "../sip/baresip_phone.hpp"
#include "meeting_fixture.hpp"

#include <algorithm>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;
using answer = baresip_phone::answer;

constexpr const char* bob_phone = "+14255550102";
constexpr int alice_tone = 400, bob_tone = 1000;

class meeting_talking : public meeting_fixture {
protected:
    static bool talking(const json& roster, const std::string& name) {
        return named(roster, name).value("talking", false);
    }

    /** Alice's rosters until `done`; every one heard is kept in `seen`. */
    template <class Done> json alice_roster_until(Done done) {
        return roster_until(*alice, [&](const json& r) {
            seen.push_back(r);
            return done(r);
        });
    }

    std::vector<json> seen;
};

TEST_F(meeting_talking, the_roster_shows_who_is_talking_as_their_phones_sound) {
    baresip_phone alice_desk(dir.path, alice_phone, pbx, answer::automatically, alice_tone);
    baresip_phone bob_desk(dir.path, bob_phone, pbx, answer::automatically, bob_tone);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");

    const auto joined = alice_meets_now();
    ASSERT_EQ(joined["state"], "in_meeting");
    const auto meeting_id = joined["meeting_id"].get<std::string>();
    bob->send(json{{"type", "join_meeting"}, {"meeting_id", meeting_id}});

    // Both tones reach the mixer through cvw, which hears them: both talk.
    auto both = alice_roster_until([](const json& r) { return talking(r, "Alice Smith") && talking(r, "Bob Jones"); });
    ASSERT_TRUE(talking(both, "Alice Smith") && talking(both, "Bob Jones")) << both.dump();
    for (const auto& r : seen)
        for (const auto& p : r["participants"])
            EXPECT_TRUE(p["state"] == "in_meeting" || !p.value("talking", false)) << "talking before in: " << r.dump();
    // ...and still pass each other's audio on: Bob hears Alice's tone.
    std::this_thread::sleep_for(1500ms);
    EXPECT_TRUE(sounds_lately(bob_desk.heard(), alice_tone, {alice_tone, bob_tone}));

    // Bob mutes his phone's own microphone: it sends silence, and he stops talking; Alice goes on.
    bob_desk.command("/mute");
    auto quiet = alice_roster_until([](const json& r) { return !talking(r, "Bob Jones"); });
    EXPECT_FALSE(talking(quiet, "Bob Jones")) << quiet.dump();
    EXPECT_TRUE(talking(quiet, "Alice Smith")) << quiet.dump();
    EXPECT_EQ(named(quiet, "Bob Jones")["muted"], false) << "muted at the phone, not in the meeting";
    bob_desk.command("/mute");
    auto again = alice_roster_until([](const json& r) { return talking(r, "Bob Jones"); });
    EXPECT_TRUE(talking(again, "Bob Jones")) << again.dump();

    // Alice mutes herself in the meeting: her phone still sounds, but nobody hears her, so she is
    // not shown talking; unmuted, she is again.
    const auto alice_id = named(again, "Alice Smith")["participant_id"];
    alice->send(
        json{{"type", "mute_participant"}, {"meeting_id", meeting_id}, {"participant_id", alice_id}, {"muted", true}});
    auto muted = alice_roster_until([](const json& r) { return named(r, "Alice Smith")["muted"] == true; });
    EXPECT_FALSE(talking(muted, "Alice Smith")) << muted.dump();
    alice->send(
        json{{"type", "mute_participant"}, {"meeting_id", meeting_id}, {"participant_id", alice_id}, {"muted", false}});
    auto unmuted = alice_roster_until(
        [](const json& r) { return named(r, "Alice Smith")["muted"] == false && talking(r, "Alice Smith"); });
    EXPECT_TRUE(talking(unmuted, "Alice Smith")) << unmuted.dump();

    // Leaving gives every relay port back.
    alice->send(json{{"type", "end_meeting"}, {"meeting_id", meeting_id}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
