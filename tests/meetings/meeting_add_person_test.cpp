// Add person, through the real parts: Alice's connected click-to-call to Bob's number becomes a
// meeting. Both phones, never hung up, are re-INVITEd from each other to seats in Janus, Carol's
// phone is rung in by her name, and all three hear each other (baresip tones). Asks that cannot be
// met are refused and leave the call as it was.
#include "../sip/baresip_phone.hpp"
#include "meeting_fixture.hpp"
#include "store/call_log.hpp"
#include "store/database.hpp"

#include <algorithm>
#include <limits>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;
using answer = baresip_phone::answer;

constexpr const char* bob_phone = "+14255550102";
constexpr const char* bob_masked = "+1425\u2022\u2022\u2022\u2022\u202202";
constexpr const char* carol_phone = "+14255550103";
constexpr int alice_tone = 400, bob_tone = 1000, carol_tone = 1800;
const std::vector<int> tones{alice_tone, bob_tone, carol_tone};

class meeting_add_person : public meeting_fixture {
protected:
    /** Alice calls `destination` and waits for the phones to talk; the connected call_state. */
    json alice_calls(const std::string& destination) {
        place(destination);
        return last_state_until("connected");
    }

    static json add(const json& call, const std::string& destination, const std::string& subject = "Call with Bob") {
        return json{
            {"type", "add_to_call"}, {"call_id", call["call_id"]}, {"destination", destination}, {"subject", subject}};
    }

    /** Everything Alice's tab hears until `done(message)` (included), for up to 30 s, in one long wait. */
    template <class Done> std::vector<json> alice_hears_until(Done done) {
        std::vector<json> out;
        const auto deadline = std::chrono::steady_clock::now() + 30s;
        while (const auto m = alice->receive(std::chrono::duration_cast<std::chrono::milliseconds>(
                   deadline - std::chrono::steady_clock::now()))) {
            out.push_back(*m);
            if (done(*m)) break;
        }
        return out;
    }

    /** The INVITEs a baresip phone received (its SIP trace), in order. */
    static std::vector<std::string> invites_to(const baresip_phone& phone) {
        std::vector<std::string> out;
        const auto log = phone.log();
        for (auto at = log.find("INVITE sip:"); at != std::string::npos; at = log.find("INVITE sip:", at + 1))
            out.push_back(log.substr(at, log.find("\n\n", log.find("m=audio", at)) - at));
        return out;
    }
};

TEST_F(meeting_add_person, a_connected_call_becomes_a_meeting_of_three_that_all_hear_each_other) {
    baresip_phone alice_desk(dir.path, alice_phone, pbx, answer::automatically, alice_tone);
    baresip_phone bob(dir.path, bob_phone, pbx, answer::automatically, bob_tone);
    baresip_phone carol_desk(dir.path, carol_phone, pbx, answer::automatically, carol_tone);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto carol = tab_of("carol");

    const auto call = alice_calls(bob_phone);
    ASSERT_EQ(call["state"], "connected") << call.dump();
    const auto invites_before = invites_to(bob).size();
    alice->send(add(call, "carol"));

    // The call ends as escalated (no BYE); Alice's phone goes on as her way into the new meeting.
    const auto heard = alice_hears_until([](const json& m) {
        return m["type"] == "meeting_roster" && m["participants"].size() == 3 &&
               std::ranges::all_of(m["participants"], [](const json& p) { return p["state"] == "in_meeting"; });
    });
    const auto ended = std::ranges::find_if(heard, [&](const json& m) {
        return m["type"] == "call_state" && m["call_id"] == call["call_id"] && m["state"] == "ended";
    });
    ASSERT_NE(ended, heard.end());
    EXPECT_EQ((*ended)["reason"], "escalated");
    EXPECT_EQ(std::ranges::count_if(heard, [](const json& m) { return m["type"] == "error"; }), 0);
    const auto mine = std::ranges::find_if(
        heard, [](const json& m) { return m["type"] == "meeting_state" && m["state"] == "in_meeting"; });
    ASSERT_NE(mine, heard.end());
    EXPECT_NE((*mine)["call_id"], call["call_id"]);
    const auto meeting_id = (*mine)["meeting_id"].get<std::string>();
    const auto roster = heard.back();
    ASSERT_EQ(roster["type"], "meeting_roster") << roster.dump();
    EXPECT_EQ(roster["meeting_id"], meeting_id);
    EXPECT_EQ(named(roster, "Alice Smith")["username"], "alice") << roster.dump();
    EXPECT_EQ(named(roster, bob_masked)["state"], "in_meeting") << "a number called by number stays masked";
    EXPECT_EQ(named(roster, "Carol Diaz")["username"], "carol") << roster.dump();

    // Carol's own tabs follow her way in.
    const auto carols = next_of(*carol, "meeting_state");
    ASSERT_TRUE(carols);
    EXPECT_EQ((*carols)["meeting_id"], meeting_id);

    // Bob's phone was never hung up: one more INVITE on the same dialog moved it to the mixer.
    const auto bobs = invites_to(bob);
    ASSERT_EQ(bobs.size(), invites_before + 1) << bob.log();
    EXPECT_EQ(header(bobs.front(), "Call-ID"), header(bobs.back(), "Call-ID"));
    // Its seat: a relay port of cvw's in front of Janus (for the talking indicator), not Alice's phone.
    EXPECT_TRUE(offers_cvw_media(bobs.back())) << bobs.back();
    EXPECT_EQ(alice_desk.log().find("BYE sip:"), std::string::npos) << alice_desk.log();
    EXPECT_EQ(bob.log().find("BYE sip:"), std::string::npos) << bob.log();
    // Carol's phone was rung as the meeting rings, with the bridge number and the subject.
    const auto carols_invites = invites_to(carol_desk);
    ASSERT_EQ(carols_invites.size(), 2u) << "rung on cvw's port, then moved to her seat\n" << carol_desk.log();
    const auto from = header(carols_invites.front(), "From");
    EXPECT_NE(from.find("sip:" + std::string(bridge_number) + "@"), std::string::npos) << from;
    EXPECT_NE(from.find("cvw: meeting Call with Bob"), std::string::npos) << from;

    // The mix: each hears both others over a second and a half, and never itself.
    const auto hears = [&](const baresip_phone& phone, int hz) { return sounds_lately(phone.heard(), hz, tones); };
    const auto all_hear = [&] {
        return hears(alice_desk, bob_tone) && hears(alice_desk, carol_tone) && hears(bob, alice_tone) &&
               hears(bob, carol_tone) && hears(carol_desk, alice_tone) && hears(carol_desk, bob_tone);
    };
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!all_hear() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(100ms);
    EXPECT_TRUE(hears(alice_desk, bob_tone) && hears(alice_desk, carol_tone)) << "Alice";
    EXPECT_TRUE(hears(bob, alice_tone) && hears(bob, carol_tone))
        << "Bob: " << windows_with(bob.heard(), last_second_and_a_half(bob.heard()), alice_tone, tones) << " "
        << windows_with(bob.heard(), last_second_and_a_half(bob.heard()), carol_tone, tones) << " "
        << windows_with(bob.heard(), last_second_and_a_half(bob.heard()), bob_tone, tones) << " of "
        << bob.heard().size() << "\n"
        << bob.log();
    EXPECT_TRUE(hears(carol_desk, alice_tone) && hears(carol_desk, bob_tone)) << "Carol";
    for (const auto* phone : {&alice_desk, &bob, &carol_desk}) {
        const auto pcm = phone->heard();
        const int own = phone == &alice_desk ? alice_tone : phone == &bob ? bob_tone : carol_tone;
        EXPECT_EQ(windows_with(pcm, last_second_and_a_half(pcm), own, tones), 0) << own;
    }

    // Alice organizes the new meeting: she ends it, and every phone gets its BYE.
    alice->send(json{{"type", "end_meeting"}, {"meeting_id", meeting_id}});
    const auto over =
        alice_hears_until([](const json& m) { return m["type"] == "meeting_state" && m["state"] == "ended"; });
    ASSERT_FALSE(over.empty());
    EXPECT_EQ(over.back()["state"], "ended");
    expect_nothing_left();
    for (const auto* phone : {&alice_desk, &bob, &carol_desk})
        EXPECT_NE(phone->log().find("BYE sip:"), std::string::npos) << phone->log();

    // The call log: the call, ended as escalated, then each phone's time in the meeting.
    server::database db((dir.path / "cvw.db").string());
    const auto rows = server::call_log(db).between(0, std::numeric_limits<std::int64_t>::max());
    const auto the_call =
        std::ranges::find_if(rows, [](const auto& r) { return r.direction == "outgoing" && r.number == bob_phone; });
    ASSERT_NE(the_call, rows.end());
    EXPECT_EQ(the_call->outcome, "escalated");
    const auto in_meeting = std::ranges::count_if(rows, [&](const auto& r) { return r.meeting_id == meeting_id; });
    EXPECT_EQ(in_meeting, 3);
}

TEST_F(meeting_add_person, a_colleague_called_by_name_keeps_their_name_and_is_moved_through_their_incoming_call) {
    baresip_phone alice_desk(dir.path, alice_phone, pbx, answer::automatically, alice_tone);
    baresip_phone bob_desk(dir.path, bob_phone, pbx, answer::automatically, bob_tone);
    baresip_phone carol_desk(dir.path, carol_phone, pbx, answer::automatically, carol_tone);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();

    // Bob is called at his cvw address: his own incoming call rings his desk phone, and relays the
    // meeting's re-INVITE to it like any other.
    const auto call = alice_calls("bob");
    ASSERT_EQ(call["state"], "connected") << call.dump();
    alice->send(add(call, "+14255550103", "Call with Bob Jones"));
    const auto heard = alice_hears_until([](const json& m) {
        return m["type"] == "meeting_roster" && m["participants"].size() == 3 &&
               std::ranges::all_of(m["participants"], [](const json& p) { return p["state"] == "in_meeting"; });
    });
    ASSERT_FALSE(heard.empty());
    const auto roster = heard.back();
    ASSERT_EQ(roster["type"], "meeting_roster") << roster.dump();
    EXPECT_EQ(named(roster, "Bob Jones")["state"], "in_meeting") << "called by name, shown by name";
    EXPECT_EQ(named(roster, "+1425\u2022\u2022\u2022\u2022\u202203")["state"], "in_meeting")
        << "a number is masked, even a colleague's: it was added as a number";

    const auto hears = [&](const baresip_phone& phone, int hz) { return sounds_lately(phone.heard(), hz, tones); };
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!(hears(bob_desk, carol_tone) && hears(carol_desk, bob_tone)) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(100ms);
    EXPECT_TRUE(hears(bob_desk, carol_tone)) << bob_desk.log();
    EXPECT_TRUE(hears(carol_desk, bob_tone));
    EXPECT_TRUE(hears(bob_desk, alice_tone));

    alice->send(json{{"type", "end_meeting"}, {"meeting_id", roster["meeting_id"]}});
    expect_nothing_left();
}

TEST_F(meeting_add_person, asks_that_cannot_be_met_are_refused_and_the_call_goes_on) {
    sipp_phone alice_desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone ringing(dir.path, "phone_no_answer.xml", bob_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();

    place(bob_phone);
    const auto states = states_until("calling_callee");
    ASSERT_FALSE(states.empty());
    const auto call = states.back();
    ASSERT_EQ(call["state"], "calling_callee") << call.dump();

    EXPECT_EQ(refusal_of(*alice, add(call, "carol")), "not_allowed/not_connected") << "not talking yet";
    EXPECT_EQ(refusal_of(*alice, add(json{{"call_id", "call-nobodys"}}, "carol")), "not_found/call");
    EXPECT_EQ(refusal_of(*alice, add(call, "+442071838750")), "not_allowed/dial_plan");
    EXPECT_EQ(refusal_of(*alice, add(call, "call me")), "invalid_value/not_a_number");
    EXPECT_EQ(refusal_of(*alice, add(call, "alice")), "invalid_value/self_call");
    EXPECT_EQ(refusal_of(*alice, add(call, "carol", " ")), "invalid_value/empty_subject");
    auto bob_tab = tab_of("bob");
    EXPECT_EQ(refusal_of(*bob_tab, add(call, "carol")), "not_found/call") << "only the caller may add to a call";

    // The call still rings, and ends as the user ends it.
    alice->send(json{{"type", "hang_up"}, {"call_id", call["call_id"]}});
    EXPECT_EQ(last_state_until("ended")["reason"], "cancelled_by_user");
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
