// The roster and its moderation through the real parts: three baresip phones each sending its own
// tone, dialled into one Janus room by cvw. What each phone heard proves the mix (the others, never
// itself), the organizer's mute (that tone gone at the others within a second, while the muted
// phone still hears) and removal (a BYE); the roster every page gets follows it all.
#include "../sip/baresip_phone.hpp"
#include "meeting_fixture.hpp"

#include <algorithm>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;
using answer = baresip_phone::answer;

constexpr const char* bob_phone = "+14255550102";
constexpr const char* carol_phone = "+14255550103";
constexpr int alice_tone = 400, bob_tone = 1000, carol_tone = 1800;
const std::vector<int> tones{alice_tone, bob_tone, carol_tone};

class meeting_moderation : public meeting_fixture {
protected:
    /** The tab's rosters until one satisfies `done`; the last one heard (null if none in 20 s). */
    template <class Done> static json roster_until(ws_client& tab, Done done) {
        json last;
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < deadline) {
            const auto m = next_of(tab, "meeting_roster");
            if (!m) continue;
            last = *m;
            if (done(last)) break;
        }
        return last;
    }

    static bool all_in(const json& roster, std::size_t count) {
        const auto& p = roster["participants"];
        return p.size() == count && std::ranges::all_of(p, [](const json& x) { return x["state"] == "in_meeting"; });
    }

    static json participant(const json& roster, const std::string& username) {
        for (const auto& p : roster["participants"])
            if (p["username"] == username) return p;
        return json{{"participant_id", "none"}, {"muted", false}, {"state", "absent"}};
    }

    /** A tab's meeting_state events until `final_state` (or ended); the last. */
    static json state_until(ws_client& tab, const std::string& final_state) {
        json last;
        while (auto m = next_of(tab, "meeting_state")) {
            last = *m;
            if ((*m)["state"] == final_state || (*m)["state"] == "ended") break;
        }
        return last;
    }

    /**
     * How many 100 ms windows of what a phone heard from sample `from` on hold `hz`, out of how many
     * had any sound at all.
     */
    static std::pair<int, int> windows_with(const std::vector<std::int16_t>& heard, std::size_t from, int hz) {
        if (from >= heard.size()) return {0, 0};
        const std::vector<std::int16_t> tail(heard.begin() + static_cast<std::ptrdiff_t>(from), heard.end());
        int with = 0, sounding = 0;
        for (const auto& w : tones_by_window(tail, 100, tones)) {
            if (!w.empty()) ++sounding;
            if (std::ranges::find(w, hz) != w.end()) ++with;
        }
        return {with, sounding};
    }
};

TEST_F(meeting_moderation, three_phones_hear_each_other_the_organizer_mutes_removes_and_ends) {
    baresip_phone alice_desk(dir.path, alice_phone, pbx, answer::automatically, alice_tone);
    baresip_phone bob_desk(dir.path, bob_phone, pbx, answer::automatically, bob_tone);
    baresip_phone carol_desk(dir.path, carol_phone, pbx, answer::automatically, carol_tone);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");
    auto carol = tab_of("carol");

    const auto alices = alice_meets_now();
    ASSERT_EQ(alices["state"], "in_meeting");
    const auto meeting_id = alices["meeting_id"].get<std::string>();
    bob->send(json{{"type", "join_meeting"}, {"meeting_id", meeting_id}});
    ASSERT_EQ(state_until(*bob, "in_meeting")["state"], "in_meeting");
    carol->send(json{{"type", "join_meeting"}, {"meeting_id", meeting_id}});
    ASSERT_EQ(state_until(*carol, "in_meeting")["state"], "in_meeting");

    // Everyone's page shows the three, in the order they came, with names from the directory.
    json roster;
    for (auto* tab : {alice.get(), bob.get(), carol.get()}) {
        roster = roster_until(*tab, [](const json& r) { return all_in(r, 3); });
        ASSERT_TRUE(all_in(roster, 3)) << roster.dump();
        EXPECT_EQ(roster["meeting_id"], meeting_id);
        EXPECT_EQ(roster["organizer_username"], "alice");
        EXPECT_EQ(roster["participants"][0]["name"], "Alice Smith");
        EXPECT_EQ(roster["participants"][0]["participant_id"], alices["call_id"]);
        EXPECT_EQ(roster["participants"][1]["name"], "Bob Jones");
        EXPECT_EQ(roster["participants"][2]["name"], "Carol Diaz");
    }

    // The mix: each phone hears the other two, and never itself.
    std::this_thread::sleep_for(2s);
    const auto check_mix = [&](const baresip_phone& phone, int own, const std::vector<int>& others) {
        const auto heard = phone.heard();
        const auto from = heard.size() > 12000 ? heard.size() - 12000 : heard.size(); // the last 1.5 s
        EXPECT_EQ(windows_with(heard, from, own).first, 0) << own << " heard itself";
        for (int hz : others) {
            const auto [with, sounding] = windows_with(heard, from, hz);
            EXPECT_GE(with, 12) << own << " should hear " << hz << " (" << sounding << " windows had sound)";
        }
    };
    check_mix(alice_desk, alice_tone, {bob_tone, carol_tone});
    check_mix(bob_desk, bob_tone, {alice_tone, carol_tone});
    check_mix(carol_desk, carol_tone, {alice_tone, bob_tone});

    // Alice mutes Bob: every page shows it, and within a second nobody hears his tone while he still
    // hears the others.
    const auto bob_id = participant(roster, "bob")["participant_id"];
    const auto marks = std::array{alice_desk.heard().size(), bob_desk.heard().size(), carol_desk.heard().size()};
    alice->send(
        json{{"type", "mute_participant"}, {"meeting_id", meeting_id}, {"participant_id", bob_id}, {"muted", true}});
    for (auto* tab : {alice.get(), bob.get(), carol.get()}) {
        const auto muted = roster_until(*tab, [](const json& r) { return participant(r, "bob")["muted"] == true; });
        EXPECT_EQ(participant(muted, "bob")["muted"], true) << muted.dump();
    }
    std::this_thread::sleep_for(2500ms);
    constexpr std::size_t one_second = 8000;
    EXPECT_EQ(windows_with(alice_desk.heard(), marks[0] + one_second, bob_tone).first, 0);
    EXPECT_EQ(windows_with(carol_desk.heard(), marks[2] + one_second, bob_tone).first, 0);
    EXPECT_GE(windows_with(alice_desk.heard(), marks[0] + one_second, carol_tone).first, 10);
    EXPECT_GE(windows_with(bob_desk.heard(), marks[1] + one_second, alice_tone).first, 10);
    EXPECT_GE(windows_with(bob_desk.heard(), marks[1] + one_second, carol_tone).first, 10);

    // What only the organizer may do, Bob may not; unmuting is his own business.
    EXPECT_EQ(refusal_of(*bob, json{{"type", "mute_participant"},
                                    {"meeting_id", meeting_id},
                                    {"participant_id", alices["call_id"]},
                                    {"muted", true}}),
              "not_allowed/not_organizer");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "mute_participant"},
                                      {"meeting_id", meeting_id},
                                      {"participant_id", bob_id},
                                      {"muted", false}}),
              "not_allowed/unmute_others");
    EXPECT_EQ(refusal_of(*bob, json{{"type", "end_meeting"}, {"meeting_id", meeting_id}}), "not_allowed/not_organizer");
    const auto unmute_mark = alice_desk.heard().size();
    bob->send(
        json{{"type", "mute_participant"}, {"meeting_id", meeting_id}, {"participant_id", bob_id}, {"muted", false}});
    EXPECT_EQ(participant(roster_until(*alice, [](const json& r) { return participant(r, "bob")["muted"] == false; }),
                          "bob")["muted"],
              false);
    std::this_thread::sleep_for(2s);
    EXPECT_GE(windows_with(alice_desk.heard(), unmute_mark + one_second, bob_tone).first, 7);

    // Alice removes Carol: her phone gets a BYE, her page says why, the others' rosters lose her.
    alice->send(json{{"type", "remove_participant"},
                     {"meeting_id", meeting_id},
                     {"participant_id", participant(roster, "carol")["participant_id"]}});
    const auto removed = state_until(*carol, "ended");
    EXPECT_EQ(removed["reason"], "removed");
    const auto two = roster_until(*bob, [](const json& r) { return r["participants"].size() == 2; });
    EXPECT_EQ(participant(two, "carol")["state"], "absent") << two.dump();

    // Alice ends it for everyone: she has left, Bob hears that she ended it, the room is gone.
    alice->send(json{{"type", "end_meeting"}, {"meeting_id", meeting_id}});
    EXPECT_EQ(state_until(*bob, "ended")["reason"], "meeting_ended");
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    expect_nothing_left();
    for (int i = 0; i < 100 && server->get().mixer_rooms() > 0; ++i) std::this_thread::sleep_for(20ms);
    EXPECT_EQ(server->get().mixer_rooms(), 0u);
    for (const auto* phone : {&alice_desk, &bob_desk, &carol_desk})
        EXPECT_NE(phone->log().find("BYE sip:"), std::string::npos) << phone->log();
}

TEST_F(meeting_moderation, moderation_of_no_meeting_or_from_outside_it_is_refused) {
    sipp_phone alice_desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");
    const auto alices = alice_meets_now();
    ASSERT_EQ(alices["state"], "in_meeting");
    const auto meeting_id = alices["meeting_id"].get<std::string>();
    const auto mute = [&](const std::string& id, const json& who, bool muted) {
        return json{{"type", "mute_participant"}, {"meeting_id", id}, {"participant_id", who}, {"muted", muted}};
    };

    EXPECT_EQ(refusal_of(*alice, mute("m-0000000000000000", alices["call_id"], true)), "not_found/meeting");
    EXPECT_EQ(refusal_of(*bob, mute(meeting_id, alices["call_id"], true)), "not_allowed/not_in_meeting");
    EXPECT_EQ(refusal_of(*alice, mute(meeting_id, "call-none", true)), "not_found/participant");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "remove_participant"},
                                      {"meeting_id", meeting_id},
                                      {"participant_id", alices["call_id"]}}),
              "invalid_value/remove_yourself");
    EXPECT_EQ(refusal_of(*bob, json{{"type", "end_meeting"}, {"meeting_id", meeting_id}}),
              "not_allowed/not_in_meeting");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "mute_participant"}, {"meeting_id", meeting_id}}), "missing_field/");

    // Her own mute works, and a tab she opens now is told the roster with it.
    alice->send(mute(meeting_id, alices["call_id"], true));
    const auto muted = roster_until(*alice, [](const json& r) { return participant(r, "alice")["muted"] == true; });
    EXPECT_EQ(participant(muted, "alice")["muted"], true) << muted.dump();
    auto later = tab_of("alice");
    const auto told = next_of(*later, "meeting_roster");
    ASSERT_TRUE(told.has_value());
    EXPECT_EQ(*told, muted);

    alice->send(json{{"type", "end_meeting"}, {"meeting_id", meeting_id}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    EXPECT_EQ(alice_desk.finished(std::chrono::seconds(10)), 0) << alice_desk.messages();
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
