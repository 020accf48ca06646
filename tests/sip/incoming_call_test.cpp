// Incoming calls end to end: a sipp caller dials alice's cvw address through Kamailio; cvw rings
// her tab and, with simultaneous ring, her desk phone (sipp); the phones' message logs show who
// was called, with which caller ID and SDP, and every fork that had to stop.
#include "call_fixture.hpp"

#include <fstream>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* bob_number = "+14255550102"; // in the directory: the caller is named Bob Jones

class incoming_call : public call_fixture {
protected:
    /** incoming_call events until `final_state` (or ended), in order; never empty. */
    std::vector<json> incoming_until(const std::string& final_state, std::chrono::seconds timeout = 20s) {
        auto out = events_until("incoming_call", final_state, timeout);
        if (out.empty()) out.push_back(json{{"state", "nothing"}});
        return out;
    }

    static int count(const std::string& log, const std::string& prefix) {
        return static_cast<int>(received(log, prefix).size());
    }

    /** Alice goes into Do not disturb, where calls do what `calls` says. */
    void do_not_disturb(const std::string& calls) {
        alice->send(json{{"type", "set_presence"}, {"state", "do_not_disturb"}});
        alice->send(json{{"type", "set_do_not_disturb_calls"}, {"calls", calls}});
        // Commands are served in order: this answer means both above are in force.
        alice->send(json{{"type", "get_recent_calls"}});
        alice->expect("recent_calls");
    }

    /** Alice's next call_logged entry ("nothing" if none comes), and how many incoming_call events came first. */
    std::pair<json, int> logged_after_quiet_ringing() {
        int rang = 0;
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < deadline) {
            auto m = alice->receive(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
            if (!m) break;
            if ((*m)["type"] == "incoming_call") ++rang;
            if ((*m)["type"] == "call_logged") return {(*m)["call"], rang};
        }
        return {json{{"outcome", "nothing"}}, rang};
    }
};

TEST_F(incoming_call, in_do_not_disturb_only_the_desk_phone_rings_and_the_page_just_logs_the_call) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 1500);
    // Simultaneous ring off: Do not disturb rings the desk phone all the same, and only it.
    simultaneous_ring = false;
    start_server();
    do_not_disturb("desk_phone");
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx, 1000);

    const auto [entry, rang] = logged_after_quiet_ringing();
    EXPECT_EQ(rang, 0); // the page never rang
    EXPECT_EQ(entry["outcome"], "answered_on_phone") << entry.dump();
    EXPECT_EQ(entry["direction"], "incoming");
    EXPECT_EQ(entry["peer_name"], "Bob Jones");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(count(desk.messages(), "INVITE "), 1);
    expect_nothing_left();
}

TEST_F(incoming_call, in_do_not_disturb_unanswered_calls_are_logged_as_such_not_missed) {
    incoming.no_answer_seconds = 2;
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    do_not_disturb("desk_phone");
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", "+442079460018", pbx);

    const auto [entry, rang] = logged_after_quiet_ringing();
    EXPECT_EQ(rang, 0);
    EXPECT_EQ(entry["outcome"], "do_not_disturb") << entry.dump();
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(count(desk.messages(), "CANCEL "), 1);
    expect_nothing_left();
}

TEST_F(incoming_call, in_do_not_disturb_declining_rings_nothing_and_the_caller_hears_busy) {
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    do_not_disturb("decline");
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx);

    const auto [entry, rang] = logged_after_quiet_ringing();
    EXPECT_EQ(rang, 0);
    EXPECT_EQ(entry["outcome"], "do_not_disturb") << entry.dump();
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(count(caller.messages(), "SIP/2.0 486"), 1) << caller.messages();
    EXPECT_EQ(count(desk.messages(), "INVITE "), 0); // the desk phone never rang
    expect_nothing_left();

    // Out of Do not disturb, the next call rings the page again.
    alice->send(json{{"type", "set_presence"}, {"state", "available"}});
    sipp_caller again(dir.path, "caller.xml", "cvw-alice", bob_number, pbx, 500);
    const auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing") << ringing.back().dump();
    alice->send(json{{"type", "decline_call"}, {"call_id", ringing.back()["call_id"]}});
    EXPECT_EQ(incoming_until("ended").back()["outcome"], "declined");
    EXPECT_EQ(again.finished(10s), 0) << again.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages(); // rung this time, and cancelled
}

TEST_F(incoming_call, the_tab_and_the_desk_phone_ring_and_the_desk_phone_takes_it) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 1500);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx, 1000);

    auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing") << ringing.back().dump();
    EXPECT_EQ(ringing.back()["caller_name"], "Bob Jones"); // named from the directory by number
    EXPECT_EQ(ringing.back()["caller_number"], bob_number);
    EXPECT_EQ(ringing.back()["caller_username"], "bob");
    EXPECT_TRUE(ringing.back()["desk_phone_ringing"].get<bool>());
    auto connected = incoming_until("connected");
    ASSERT_EQ(connected.back()["state"], "connected") << connected.back().dump();
    auto ended = incoming_until("ended");
    ASSERT_EQ(ended.back()["state"], "ended");
    EXPECT_EQ(ended.back()["outcome"], "answered_on_phone");
    EXPECT_EQ(english(ended.back()), "You answered Bob Jones on your phone.");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();

    // The desk phone: one INVITE showing the caller, carrying the caller's own media.
    const auto invites = received(desk.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 1u) << desk.messages();
    EXPECT_NE(header(invites[0], "From").find("\"Bob Jones\" <sip:" + std::string(bob_number) + "@"), std::string::npos)
        << invites[0];
    EXPECT_NE(invites[0].find("m=audio " + std::to_string(caller.media_port())), std::string::npos) << invites[0];
    EXPECT_NE(invites[0].find("o=cvw "), std::string::npos);
    EXPECT_EQ(count(desk.messages(), "BYE "), 1); // the caller's hang-up reached the desk phone
    // The caller: ringing, then the desk phone's answer, so the two phones talk directly.
    const auto caller_log = caller.messages();
    const auto ok = received(caller_log, "SIP/2.0 200");
    ASSERT_FALSE(ok.empty()) << caller_log;
    EXPECT_NE(ok[0].find("m=audio " + std::to_string(desk.media_port())), std::string::npos) << ok[0];
    EXPECT_EQ(count(caller_log, "SIP/2.0 180"), 1);

    alice->send(json{{"type", "get_recent_calls"}});
    auto recent = alice->expect("recent_calls");
    ASSERT_EQ(recent["calls"].size(), 1u);
    EXPECT_EQ(recent["calls"][0]["direction"], "incoming");
    EXPECT_EQ(recent["calls"][0]["outcome"], "answered_on_phone");
    EXPECT_EQ(recent["calls"][0]["peer_name"], "Bob Jones");
}

TEST_F(incoming_call, a_caller_name_is_unescaped_cut_between_characters_and_quoted_again_for_the_desk_phone) {
    // The name as the caller sends it: quoted-pairs, then a backslash, then a 3-byte character that
    // crosses the 100-byte limit. Cut as sent, byte 100 would be a lone backslash (the desk phone's
    // INVITE broken, so it never rings) and the page would show the escapes.
    const std::string pad(75, 'a');
    const std::string wire = R"("Robert \"Bobby\" Tables )" + pad + R"(\\)" + "\xE5\xBC\xA0\xE4\xB8\x89\"";
    const std::string shown = R"(Robert "Bobby" Tables )" + pad + "\\"; // 98 bytes: the character did not fit
    auto text = read_file(scenario("caller.xml"));
    for (auto at = text.find("\"Caller\""); at != std::string::npos; at = text.find("\"Caller\"", at + wire.size()))
        text.replace(at, 8, wire);
    const auto named_caller = dir.path / "named_caller.xml";
    std::ofstream(named_caller) << text;

    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 1500);
    start_server();
    sipp_caller caller(dir.path, named_caller.string(), "cvw-alice", "+15555550100", pbx, 1000);

    auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing") << ringing.back().dump();
    EXPECT_EQ(ringing.back()["caller_name"], shown);
    EXPECT_TRUE(ringing.back()["desk_phone_ringing"].get<bool>());
    auto ended = incoming_until("ended");
    EXPECT_EQ(ended.back()["outcome"], "answered_on_phone") << ended.back().dump(); // simultaneous ring worked
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();

    const auto invites = received(desk.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 1u) << desk.messages();
    EXPECT_EQ(header(invites[0], "From").rfind("\"Robert \\\"Bobby\\\" Tables " + pad + "\\\\\" <sip:+15555550100@", 0),
              0u)
        << invites[0];
    alice->send(json{{"type", "get_recent_calls"}});
    EXPECT_EQ(alice->expect("recent_calls")["calls"][0]["peer_name"], shown);
}

TEST_F(incoming_call, decline_in_the_page_stops_every_fork) {
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", "+442079460018", pbx);

    auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing") << ringing.back().dump();
    EXPECT_EQ(ringing.back()["caller_name"], "Caller"); // not in the directory: as the caller sent it
    std::this_thread::sleep_for(300ms);
    alice->send(json{{"type", "decline_call"}, {"call_id", ringing.back()["call_id"]}});
    auto ended = incoming_until("ended");
    EXPECT_EQ(ended.back()["outcome"], "declined");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();
    EXPECT_EQ(count(caller.messages(), "SIP/2.0 603"), 1) << caller.messages();
    EXPECT_EQ(count(desk.messages(), "CANCEL "), 1) << desk.messages();
}

TEST_F(incoming_call, unanswered_it_is_missed_and_goes_to_the_fallback) {
    incoming.no_answer_seconds = 2;
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", "+442079460018", pbx);

    auto ended = incoming_until("ended");
    ASSERT_EQ(ended.back()["state"], "ended") << ended.back().dump();
    EXPECT_EQ(ended.back()["outcome"], "missed");
    EXPECT_EQ(english(ended.back()), "You missed a call from Caller.");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();
    EXPECT_EQ(count(caller.messages(), "SIP/2.0 480"), 1) << caller.messages(); // no fallback set: 480
    EXPECT_EQ(count(desk.messages(), "CANCEL "), 1);
}

TEST_F(incoming_call, accept_in_the_page_keeps_the_ringing_desk_phone_leg) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 1500);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx, 500);

    auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing");
    alice->send(json{{"type", "accept_call"}, {"call_id", ringing.back()["call_id"]}});
    auto accepted = incoming_until("accepted");
    EXPECT_EQ(accepted.back()["state"], "accepted");
    EXPECT_TRUE(accepted.back()["desk_phone_ringing"].get<bool>());
    auto ended = incoming_until("ended");
    EXPECT_EQ(ended.back()["outcome"], "answered_in_browser");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();
    EXPECT_EQ(count(desk.messages(), "INVITE "), 1); // the same leg; nothing rang twice
}

TEST_F(incoming_call, without_simultaneous_ring_only_the_page_rings_and_accept_dials_the_desk_phone) {
    simultaneous_ring = false; // the calling policy's setting
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 0);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx, 500);

    auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing");
    EXPECT_FALSE(ringing.back()["desk_phone_ringing"].get<bool>());
    std::this_thread::sleep_for(500ms);
    EXPECT_EQ(count(desk.messages(), "INVITE "), 0); // the desk phone stays quiet while the page rings
    alice->send(json{{"type", "accept_call"}, {"call_id", ringing.back()["call_id"]}});
    auto ended = incoming_until("ended");
    EXPECT_EQ(ended.back()["outcome"], "answered_in_browser");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();
    const auto invites = received(desk.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 1u);
    EXPECT_NE(header(invites[0], "Call-Info").find("answer-after=0"), std::string::npos) << invites[0];
}

TEST_F(incoming_call, phone_pickup_and_accept_at_the_same_moment_exactly_one_wins) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 600);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx, 500);

    auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing");
    // The desk phone answers about 600 ms after it rang; click Accept right around then.
    std::this_thread::sleep_for(580ms);
    alice->send(json{{"type", "accept_call"}, {"call_id", ringing.back()["call_id"]}});
    auto ended = incoming_until("ended");
    ASSERT_EQ(ended.back()["state"], "ended");
    const auto outcome = ended.back()["outcome"].get<std::string>();
    EXPECT_TRUE(outcome == "answered_on_phone" || outcome == "answered_in_browser") << outcome;
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    expect_nothing_left();
    EXPECT_EQ(count(desk.messages(), "INVITE "), 1);
    EXPECT_EQ(count(desk.messages(), "CANCEL "), 0);
    EXPECT_EQ(count(caller.messages(), "SIP/2.0 200"), 2); // the INVITE's and the BYE's
}

TEST_F(incoming_call, a_colleague_clicking_alice_by_name_rings_her_page_and_her_phone) {
    // Bob clicks Alice: his desk phone rings first, then cvw calls alice's cvw address, which rings
    // her tab (named "Bob Jones", so she can chat) and her desk phone; she picks up the phone.
    sipp_phone bob_desk(dir.path, "desk_phone_answer.xml", bob_number, pbx, 200);
    sipp_phone alice_desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 1500);
    start_server();
    ws_client bob(server->port(), sign_in(server->port(), "bob", "password-bob"));
    bob.hello();
    bob.send(json{{"type", "place_call"}, {"destination", "alice"}});

    auto ringing = incoming_until("ringing");
    ASSERT_EQ(ringing.back()["state"], "ringing") << ringing.back().dump();
    EXPECT_EQ(ringing.back()["caller_name"], "Bob Jones");
    EXPECT_EQ(ringing.back()["caller_username"], "bob");
    EXPECT_TRUE(ringing.back()["desk_phone_ringing"].get<bool>());
    auto connected = incoming_until("connected");
    ASSERT_EQ(connected.back()["state"], "connected") << connected.back().dump();

    // Bob's page sees his call connect, then hangs up; Alice's call ends with it.
    std::optional<json> bob_connected;
    for (int i = 0; i < 20 && !bob_connected; ++i) {
        auto m = bob.receive(std::chrono::seconds(1));
        if (m && (*m)["type"] == "call_state" && (*m)["state"] == "connected") bob_connected = m;
    }
    ASSERT_TRUE(bob_connected);
    EXPECT_EQ((*bob_connected)["callee_name"], "Alice Smith");
    // "connected": the re-INVITEs that point the phones at each other are done.
    bob.send(json{{"type", "hang_up"}, {"call_id", (*bob_connected)["call_id"]}});
    auto ended = incoming_until("ended");
    EXPECT_EQ(ended.back()["outcome"], "answered_on_phone");
    EXPECT_EQ(alice_desk.finished(10s), 0) << alice_desk.messages();
    EXPECT_EQ(bob_desk.finished(10s), 0) << bob_desk.messages();
    expect_nothing_left();

    // Alice's phone showed Bob (name and extension) and in the end talks to Bob's phone directly.
    const auto invites = received(alice_desk.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 2u) << alice_desk.messages();
    EXPECT_NE(header(invites[0], "From").find("\"Bob Jones\" <sip:1002@"), std::string::npos) << invites[0];
    const auto acks = received(alice_desk.messages(), "ACK ");
    ASSERT_EQ(acks.size(), 2u);
    EXPECT_NE(acks[1].find("m=audio " + std::to_string(bob_desk.media_port())), std::string::npos) << acks[1];
}

TEST_F(incoming_call, an_unknown_cvw_address_gets_404) {
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-nobody", bob_number, pbx);
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(count(caller.messages(), "SIP/2.0 404"), 1) << caller.messages();
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
