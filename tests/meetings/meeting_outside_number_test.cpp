// Dialling an outside number into a meeting, through the real parts: Alice, in her Meet Now, has cvw
// ring a number at Kamailio. It rings as the bridge, joins Janus's room masked in the roster, and
// it and Alice hear each other (baresip tones). A number that is busy is reported to her, a
// ringing one can be removed, and the dial plan, the meeting's bound and who asks are all checked.
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

constexpr const char* outside_number = "+15035550177"; // nobody in the directory
constexpr const char* outside_masked = "+1503\u2022\u2022\u2022\u2022\u202277";
constexpr int alice_tone = 400, outside_tone = 1000;

class meeting_outside_number : public meeting_fixture {
protected:
    static json invite(const std::string& meeting_id, const std::string& number) {
        return json{{"type", "invite_number"}, {"meeting_id", meeting_id}, {"number", number}};
    }
};

TEST_F(meeting_outside_number, it_rings_as_the_bridge_joins_masked_and_alice_and_it_hear_each_other) {
    baresip_phone alice_desk(dir.path, alice_phone, pbx, answer::automatically, alice_tone);
    baresip_phone outside(dir.path, outside_number, pbx, answer::automatically, outside_tone);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();

    const auto alices = alice_meets_now();
    ASSERT_EQ(alices["state"], "in_meeting");
    const auto meeting_id = alices["meeting_id"].get<std::string>();
    alice->send(invite(meeting_id, "+1 (503) 555-0177")); // as typed; the dial plan normalises it

    const auto both =
        roster_until(*alice, [](const json& r) { return named(r, outside_masked)["state"] == "in_meeting"; });
    ASSERT_EQ(named(both, outside_masked)["state"], "in_meeting") << both.dump() << "\n---- the outside phone ----\n"
                                                                  << outside.log();
    EXPECT_EQ(both["participants"].size(), 2u);
    EXPECT_EQ(named(both, outside_masked)["username"], "");

    // The outside phone was rung with the bridge number as caller ID, and the meeting's subject.
    const auto log = outside.log();
    const auto invite_at = log.find("INVITE sip:" + std::string(outside_number));
    ASSERT_NE(invite_at, std::string::npos) << log;
    const auto from_at = log.find("From: ", invite_at);
    ASSERT_NE(from_at, std::string::npos);
    const auto from = log.substr(from_at, log.find('\n', from_at) - from_at);
    EXPECT_NE(from.find("sip:" + std::string(bridge_number) + "@"), std::string::npos) << from;
    EXPECT_NE(from.find("cvw: meeting Weekly sync"), std::string::npos) << from;

    // The mix: each hears the other over a second and a half (awaited: Janus starts mixing a moment
    // after the move), and never itself.
    const auto hears = [&](const baresip_phone& phone, int hz) {
        return sounds_lately(phone.heard(), hz, {alice_tone, outside_tone});
    };
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!(hears(alice_desk, outside_tone) && hears(outside, alice_tone)) &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(100ms);
    EXPECT_TRUE(hears(alice_desk, outside_tone));
    EXPECT_TRUE(hears(outside, alice_tone));
    const auto alice_heard = alice_desk.heard();
    const auto outside_heard = outside.heard();
    EXPECT_EQ(windows_with(alice_heard, last_second_and_a_half(alice_heard), alice_tone, {alice_tone, outside_tone}),
              0);
    EXPECT_EQ(
        windows_with(outside_heard, last_second_and_a_half(outside_heard), outside_tone, {alice_tone, outside_tone}),
        0);

    // The organizer moderates it like anyone: removed, its phone gets a BYE and the roster loses it.
    alice->send(json{{"type", "remove_participant"},
                     {"meeting_id", meeting_id},
                     {"participant_id", named(both, outside_masked)["participant_id"]}});
    const auto alone = roster_until(*alice, [](const json& r) { return r["participants"].size() == 1; });
    EXPECT_EQ(named(alone, outside_masked)["state"], "absent") << alone.dump();
    alice->send(json{{"type", "hang_up"}, {"call_id", alices["call_id"]}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    expect_nothing_left();
    for (int i = 0; i < 100 && server->get().mixer_rooms() > 0; ++i) std::this_thread::sleep_for(20ms);
    EXPECT_EQ(server->get().mixer_rooms(), 0u);
    EXPECT_NE(outside.log().find("BYE sip:"), std::string::npos) << outside.log();

    // The call log (cvw-admin's export) has the number's way in, with no user and its meeting.
    server::database db((dir.path / "cvw.db").string());
    const auto rows = server::call_log(db).between(0, std::numeric_limits<std::int64_t>::max());
    const auto its = std::ranges::find_if(rows, [](const auto& r) { return r.number == outside_number; });
    ASSERT_NE(its, rows.end());
    EXPECT_EQ(its->user_id, 0);
    EXPECT_EQ(its->direction, "meeting");
    EXPECT_EQ(its->meeting_id, meeting_id);
    EXPECT_EQ(its->outcome, "removed");
    EXPECT_GT(its->answered_at_ms, 0);
}

TEST_F(meeting_outside_number, a_busy_number_is_reported_a_ringing_one_removed_and_bad_asks_refused) {
    sipp_phone alice_desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone busy(dir.path, "phone_busy.xml", "+15035550178", pbx);
    sipp_phone ringing(dir.path, "phone_no_answer.xml", "+15035550179", pbx);
    meetings.numbers_per_meeting = 1;
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto carol = tab_of("carol");

    const auto alices = alice_meets_now();
    ASSERT_EQ(alices["state"], "in_meeting");
    const auto meeting_id = alices["meeting_id"].get<std::string>();

    // Refused before anything rings: not a number, one the dial plan forbids, no such meeting, and
    // someone neither organizing nor invited.
    EXPECT_EQ(refusal_of(*alice, invite(meeting_id, "call me")), "invalid_value/not_a_number");
    EXPECT_EQ(refusal_of(*alice, invite(meeting_id, "+442071838750")), "not_allowed/dial_plan");
    EXPECT_EQ(refusal_of(*alice, invite("m-00000000deadbeef", outside_number)), "not_found/meeting");
    EXPECT_EQ(refusal_of(*carol, invite(meeting_id, outside_number)), "not_allowed/not_invited");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "invite_number"}, {"meeting_id", meeting_id}}), "missing_field/");

    // A busy number: it shows ringing, then Alice hears it was busy, by its masked number.
    alice->send(invite(meeting_id, "+15035550178"));
    const auto busy_error = next_error();
    ASSERT_TRUE(busy_error.has_value());
    EXPECT_EQ((*busy_error)["code"], "number_not_joined");
    EXPECT_EQ((*busy_error)["detail"], "phone_busy");
    EXPECT_EQ((*busy_error)["params"]["number"], "+1503\u2022\u2022\u2022\u2022\u202278");
    EXPECT_EQ(english(*busy_error), "+1503\u2022\u2022\u2022\u2022\u202278 was busy, so it did not join the meeting.");
    EXPECT_EQ(busy.finished(10s), 0) << busy.messages();

    // One ringing number is the bound here: a second is refused until it goes. Removing it cancels it.
    alice->send(invite(meeting_id, "+15035550179"));
    const auto two = roster_until(*alice, [](const json& r) { return r["participants"].size() == 2; });
    const auto rung = named(two, "+1503\u2022\u2022\u2022\u2022\u202279");
    ASSERT_EQ(rung["state"], "dialing_out") << two.dump();
    EXPECT_EQ(refusal_of(*alice, invite(meeting_id, outside_number)), "not_allowed/too_many_numbers");
    alice->send(
        json{{"type", "remove_participant"}, {"meeting_id", meeting_id}, {"participant_id", rung["participant_id"]}});
    EXPECT_EQ(ringing.finished(10s), 0) << ringing.messages();
    EXPECT_NE(ringing.messages().find("CANCEL sip:"), std::string::npos);

    // Once Alice has left, she is in no meeting to dial anyone into.
    alice->send(json{{"type", "hang_up"}, {"call_id", alices["call_id"]}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    EXPECT_EQ(refusal_of(*alice, invite(meeting_id, outside_number)), "not_allowed/not_in_meeting");
    expect_nothing_left();
    EXPECT_EQ(alice_desk.finished(10s), 0) << alice_desk.messages();
}

} // namespace
} // namespace cvw::test
