// Click-to-call end to end: the server driven over its WebSocket API like the page, a real Kamailio
// as the PBX, and sipp phones whose message logs show exactly what each phone saw.
#include "call_fixture.hpp"

#include "store/database.hpp"
#include "store/user_store.hpp"

#include <csignal>
#include <optional>

namespace cvw::test {
namespace {

class click_to_call : public call_fixture {};

// Bob's desk phone: calls to Bob by name go to his cvw address, and cvw rings his phone (his number).
constexpr const char* bob_phone = "+14255550102";

TEST_F(click_to_call, rings_the_desk_phone_then_the_callee_and_connects_them_directly) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", bob_phone, pbx);
    start_server();

    place("bob");
    auto states = states_until("connected");
    EXPECT_EQ(names(states),
              (std::vector<std::string>{"calling_own_phone", "own_phone_answered", "calling_callee", "connected"}));
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["callee_name"], "Bob Jones");
    EXPECT_EQ(states.back()["number"], "bob"); // called by name: "call back" calls him by name again
    EXPECT_GT(states.back()["connected_at"].get<std::int64_t>(), 0);
    const auto call_id = states.back()["call_id"].get<std::string>();

    // Accept and Decline are for calls that ring the user: a click-to-call refuses both and goes on.
    for (const char* type : {"accept_call", "decline_call"}) {
        alice->send(json{{"type", type}, {"call_id", call_id}});
        const auto refused = alice->expect("error");
        EXPECT_EQ(refused["code"], "invalid_value") << type;
        EXPECT_EQ(refused["field"], "call_id") << type;
    }

    // "connected" comes once the re-INVITE and ACKs are done: hang up from the browser.
    alice->send(json{{"type", "hang_up"}, {"call_id", call_id}});
    auto end = states_until("ended");
    ASSERT_FALSE(end.empty());
    EXPECT_EQ(end.back()["reason"], "hung_up_by_user");
    EXPECT_EQ(english(end.back()), "You hung up.");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(bob.finished(std::chrono::seconds(10)), 0) << bob.messages();

    // The desk phone: one INVITE showing the global caller ID, offering cvw's own media (ringback)...
    const auto desk_log = desk.messages();
    const auto desk_invites = received(desk_log, "INVITE ");
    ASSERT_EQ(desk_invites.size(), 2u) << desk_log;
    const auto from = header(desk_invites[0], "From");
    EXPECT_NE(from.find("\"cvw: call to Bob Jones\""), std::string::npos) << from;
    EXPECT_NE(from.find(std::string("sip:") + caller_id + "@"), std::string::npos) << from;
    const auto asserted = header(desk_invites[0], "P-Asserted-Identity");
    EXPECT_NE(asserted.find(std::string("sip:") + caller_id + "@"), std::string::npos) << desk_invites[0];
    EXPECT_TRUE(has_body(desk_invites[0]));
    EXPECT_TRUE(offers_cvw_media(desk_invites[0])) << desk_invites[0];
    EXPECT_NE(desk_invites[0].find("o=cvw "), std::string::npos);
    // ...then a re-INVITE pointing it at Bob's phone, in the same cvw-owned session.
    EXPECT_NE(desk_invites[1].find("m=audio " + std::to_string(bob.media_port())), std::string::npos)
        << desk_invites[1];
    EXPECT_NE(desk_invites[1].find("o=cvw "), std::string::npos);
    EXPECT_EQ(received(desk_log, "BYE ").size(), 1u);

    // Bob (called at his cvw address, so cvw rang his phone for him): an INVITE from Alice (her name
    // and extension) offering cvw's relay port for early media; once he answers, an empty re-INVITE
    // asks for his offer, and the ACK answers it with the desk phone's media: the two phones now
    // exchange RTP directly.
    const auto bob_log = bob.messages();
    const auto bob_invites = received(bob_log, "INVITE ");
    ASSERT_EQ(bob_invites.size(), 2u) << bob_log;
    EXPECT_NE(header(bob_invites[0], "From").find("\"Alice Smith\" <sip:1001@"), std::string::npos);
    EXPECT_NE(header(bob_invites[0], "P-Asserted-Identity").find("sip:1001@"), std::string::npos);
    EXPECT_TRUE(offers_cvw_media(bob_invites[0])) << bob_invites[0];
    EXPECT_NE(bob_invites[0].find("o=cvw "), std::string::npos);
    EXPECT_FALSE(has_body(bob_invites[1])) << bob_invites[1];
    const auto acks = received(bob_log, "ACK ");
    ASSERT_EQ(acks.size(), 2u);
    EXPECT_FALSE(has_body(acks[0])) << acks[0];
    EXPECT_NE(acks[1].find("m=audio " + std::to_string(desk.media_port())), std::string::npos) << acks[1];
    EXPECT_NE(acks[1].find("o=cvw "), std::string::npos);
    EXPECT_EQ(received(bob_log, "BYE ").size(), 1u);

    expect_nothing_left();

    // The call is in Alice's history, with its outcome in words.
    alice->send(json{{"type", "get_recent_calls"}});
    auto recent = alice->expect("recent_calls");
    ASSERT_EQ(recent["calls"].size(), 1u);
    const auto& entry = recent["calls"][0];
    EXPECT_EQ(entry["peer_name"], "Bob Jones");
    EXPECT_EQ(entry["number"], "bob");
    EXPECT_EQ(entry["outcome"], "hung_up_by_user");
    EXPECT_EQ(english_entry(entry), "You hung up.");
    EXPECT_GT(entry["answered_at"].get<std::int64_t>(), entry["started_at"].get<std::int64_t>());
    EXPECT_GE(entry["ended_at"].get<std::int64_t>(), entry["answered_at"].get<std::int64_t>());
}

TEST_F(click_to_call, a_colleagues_number_however_written_is_shown_and_logged_with_their_name) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", bob_phone, pbx);
    start_server();

    place("+1 (425) 555-0102");
    auto states = states_until("connected");
    ASSERT_FALSE(states.empty());
    for (const auto& s : states) EXPECT_EQ(s["callee_name"], "Bob Jones") << s.dump();
    EXPECT_EQ(states.back()["number"], "+14255550102") << "as the dial plan writes it";
    alice->send(json{{"type", "hang_up"}, {"call_id", states.back()["call_id"]}});
    states_until("ended");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(bob.finished(std::chrono::seconds(10)), 0) << bob.messages();

    // The number is dialled as the dial plan writes it; only the words name Bob.
    const auto desk_invites = received(desk.messages(), "INVITE ");
    ASSERT_FALSE(desk_invites.empty());
    EXPECT_NE(header(desk_invites[0], "From").find("\"cvw: call to Bob Jones\""), std::string::npos);
    const auto bob_invites = received(bob.messages(), "INVITE ");
    ASSERT_FALSE(bob_invites.empty());
    EXPECT_NE(header(bob_invites[0], "To").find("sip:+14255550102@"), std::string::npos) << bob_invites[0];
    // An E.164 number may be anyone's, outside too: Bob sees Alice's direct number, not her extension.
    EXPECT_NE(header(bob_invites[0], "From").find("\"Alice Smith\" <sip:+14255550101@"), std::string::npos)
        << bob_invites[0];
    EXPECT_NE(header(bob_invites[0], "P-Asserted-Identity").find("<sip:+14255550101@"), std::string::npos)
        << bob_invites[0];

    alice->send(json{{"type", "get_recent_calls"}});
    const auto recent = alice->expect("recent_calls");
    ASSERT_EQ(recent["calls"].size(), 1U);
    EXPECT_EQ(recent["calls"][0]["peer_name"], "Bob Jones");
    expect_nothing_left();
}

/** How many header lines named `name` a message holds. */
std::size_t header_count(const std::string& message, const std::string& name) {
    const std::regex line("(^|\n)" + name + ":", std::regex::icase);
    return static_cast<std::size_t>(std::distance(std::sregex_iterator(message.begin(), message.end(), line), {}));
}

TEST_F(click_to_call, names_with_line_breaks_quotes_and_backslashes_reach_the_phones_as_one_quoted_string) {
    // A directory filled before names were checked: Alice's name tries to forge a second
    // P-Asserted-Identity, Bob's holds quotes and ends in a backslash.
    const std::string forged = "<sip:+18005550100@127.0.0.1>";
    {
        server::database db((dir.path / "cvw.db").string());
        server::user_store users(db);
        ASSERT_TRUE(users.update_profile(
            {0, "alice", "Eve\r\nP-Asserted-Identity: " + forged, "1001", alice_phone, "", true, "", "", ""}));
        ASSERT_TRUE(users.update_profile({.username = "bob",
                                          .display_name = R"(Robert "Bobby" Tables\)",
                                          .extension = "1002",
                                          .number = bob_phone}));
    }
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", bob_phone, pbx);
    start_server();

    place("bob");
    auto states = states_until("connected");
    ASSERT_FALSE(states.empty());
    ASSERT_EQ(states.back()["state"], "connected") << states.back().dump();
    EXPECT_EQ(states.back()["callee_name"], R"(Robert "Bobby" Tables\)");
    alice->send(json{{"type", "hang_up"}, {"call_id", states.back()["call_id"]}});
    EXPECT_EQ(last_state_until("ended")["reason"], "hung_up_by_user");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(bob.finished(std::chrono::seconds(10)), 0) << bob.messages();
    expect_nothing_left();

    // The desk phone shows the callee's name as one escaped quoted-string.
    const auto desk_invites = received(desk.messages(), "INVITE ");
    ASSERT_FALSE(desk_invites.empty()) << desk.messages();
    EXPECT_EQ(header(desk_invites[0], "From").rfind(R"("cvw: call to Robert \"Bobby\" Tables\\" <sip:)", 0), 0u)
        << desk_invites[0];
    // Bob's phone got exactly one identity, cvw's own for Alice; her name's line break was dropped.
    const auto bob_invites = received(bob.messages(), "INVITE ");
    ASSERT_FALSE(bob_invites.empty()) << bob.messages();
    EXPECT_EQ(header_count(bob_invites[0], "P-Asserted-Identity"), 1u) << bob_invites[0];
    const auto identity = "\"EveP-Asserted-Identity: " + forged + "\" <sip:1001@";
    EXPECT_EQ(header(bob_invites[0], "P-Asserted-Identity").rfind(identity, 0), 0u) << bob_invites[0];
    EXPECT_EQ(header(bob_invites[0], "From").rfind(identity, 0), 0u) << bob_invites[0];
}

TEST_F(click_to_call, without_early_media_relay_the_callee_gets_a_late_offer_answered_in_the_ack) {
    relay_early_media = false;
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", "1002", pbx);
    start_server();

    call_1002_and_hang_up(desk, bob);
    if (HasFatalFailure()) return;

    // One INVITE without SDP; Bob's offer went to the desk phone, whose answer is in Bob's ACK.
    const auto bob_log = bob.messages();
    const auto bob_invites = received(bob_log, "INVITE ");
    ASSERT_EQ(bob_invites.size(), 1u) << bob_log;
    EXPECT_FALSE(has_body(bob_invites[0]));
    const auto acks = received(bob_log, "ACK ");
    ASSERT_EQ(acks.size(), 1u);
    EXPECT_NE(acks[0].find("m=audio " + std::to_string(desk.media_port())), std::string::npos) << acks[0];
    const auto desk_invites = received(desk.messages(), "INVITE ");
    ASSERT_EQ(desk_invites.size(), 2u);
    EXPECT_NE(desk_invites[1].find("m=audio " + std::to_string(bob.media_port())), std::string::npos);
}

TEST_F(click_to_call, watchers_see_in_a_call_while_the_phones_talk) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "callee_answer.xml", "1002", pbx);
    start_server();
    ws_client bob(server->port(), sign_in(server->port(), "bob", "password-bob"));
    bob.hello();
    bob.send(json{{"type", "watch_presence"}, {"users", {"alice"}}});
    EXPECT_EQ(bob.expect("contacts")["contacts"][0]["presence"], "available");

    // The states Bob sees for Alice, in order, until `want` (or 20 s; a timed-out client is done).
    auto alice_as_seen_by_bob = [&](const std::string& want) {
        std::vector<std::string> seen;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (seen.empty() || seen.back() != want) {
            const auto left = deadline - std::chrono::steady_clock::now();
            if (left <= std::chrono::milliseconds(0)) break;
            auto m = bob.receive(std::chrono::duration_cast<std::chrono::milliseconds>(left));
            if (!m) break;
            if ((*m)["type"] == "presence" && (*m)["username"] == "alice") seen.push_back((*m)["presence"]);
        }
        return seen;
    };
    place("1002");
    EXPECT_EQ(alice_as_seen_by_bob("in_a_call"), std::vector<std::string>{"in_a_call"});
    const auto connected = states_until("connected");
    ASSERT_FALSE(connected.empty());
    ASSERT_EQ(connected.back()["state"], "connected");
    alice->send(json{{"type", "hang_up"}, {"call_id", connected.back()["call_id"]}});
    EXPECT_EQ(alice_as_seen_by_bob("available"), std::vector<std::string>{"available"});
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(callee.finished(std::chrono::seconds(10)), 0) << callee.messages();
    expect_nothing_left();
}

TEST_F(click_to_call, a_call_placed_from_a_conversation_carries_it_in_every_state) {
    sipp_phone desk(dir.path, "phone_busy.xml", alice_phone, pbx);
    start_server();

    alice->send(json{{"type", "place_call"}, {"destination", "Alice"}});
    auto self = alice->expect("error");
    EXPECT_EQ(english(self), "That is you; pick someone else to call.");

    alice->send(json{{"type", "place_call"}, {"destination", "1002"}, {"conversation", "nobody"}});
    auto refused = alice->expect("error");
    EXPECT_EQ(refused["code"], "invalid_value");
    EXPECT_EQ(refused["field"], "conversation");

    alice->send(json{{"type", "place_call"}, {"destination", "1002"}, {"conversation", "Bob"}});
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    for (const auto& s : states) EXPECT_EQ(s["conversation"], "bob") << s.dump();
    EXPECT_EQ(states.back()["reason"], "own_phone_busy");
    expect_nothing_left();
}

TEST_F(click_to_call, a_busy_desk_phone_ends_the_call_before_the_callee_is_dialled) {
    sipp_phone desk(dir.path, "phone_busy.xml", alice_phone, pbx);
    start_server();
    place("1002");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "own_phone_busy");
    EXPECT_EQ(english(states.back()), "Your phone is busy.");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0);
    expect_nothing_left();
}

TEST_F(click_to_call, a_declined_desk_phone_says_so) {
    sipp_phone desk(dir.path, "phone_decline.xml", alice_phone, pbx);
    start_server();
    place("1002");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "own_phone_declined");
    expect_nothing_left();
}

TEST_F(click_to_call, an_unanswered_desk_phone_is_cancelled_after_the_ring_time) {
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server(5);
    place("1002");
    auto states = states_until("ended", std::chrono::seconds(15));
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "own_phone_no_answer");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(received(desk.messages(), "CANCEL ").size(), 1u);
    expect_nothing_left();
}

TEST_F(click_to_call, cancelling_while_the_desk_phone_rings_sends_cancel) {
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    place("1002");
    auto ringing = states_until("calling_own_phone");
    ASSERT_FALSE(ringing.empty());
    // At once: a CANCEL waits for the phone's first provisional response (RFC 3261 9.1) by itself.
    alice->send(json{{"type", "hang_up"}, {"call_id", ringing.back()["call_id"]}});
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "cancelled_by_user");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    expect_nothing_left();
}

struct callee_case {
    const char* scenario;
    const char* reason;
};

class callee_failures : public click_to_call, public ::testing::WithParamInterface<callee_case> {};

TEST_P(callee_failures, end_the_call_and_hang_up_the_desk_phone) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, GetParam().scenario, bob_phone, pbx);
    start_server();
    place("bob");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], GetParam().reason);
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);
    EXPECT_EQ(bob.finished(std::chrono::seconds(10)), 0) << bob.messages();
    expect_nothing_left();
}

INSTANTIATE_TEST_SUITE_P(sip, callee_failures,
                         ::testing::Values(callee_case{"phone_busy.xml", "callee_busy"},
                                           callee_case{"phone_decline.xml", "callee_declined"},
                                           callee_case{"callee_answer_then_hangup.xml", "callee_hung_up"}),
                         [](const ::testing::TestParamInfo<callee_case>& p) { return std::string(p.param.reason); });

TEST_F(click_to_call, a_desk_phone_the_pbx_cannot_find_is_reported_as_unreachable) {
    start_server(); // no phone registered for Alice's number: the PBX answers 404
    place("1002");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "own_phone_unreachable");
    EXPECT_EQ(english(states.back()), "Your phone could not be reached.");
    expect_nothing_left();
}

TEST_F(click_to_call, an_unanswered_callee_is_cancelled_after_the_ring_time) {
    callee_ring_seconds = 2;
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "phone_no_answer.xml", "1009", pbx);
    start_server();
    place("1009");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "callee_no_answer");
    EXPECT_EQ(english(states.back()), "The person you called did not answer."); // nobody's number: no name
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(callee.finished(std::chrono::seconds(10)), 0) << callee.messages();
    EXPECT_EQ(received(callee.messages(), "CANCEL ").size(), 1u); // the ringing callee is cancelled...
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);      // ...and the desk phone hung up
    expect_nothing_left();
}

TEST_F(click_to_call, the_desk_phone_hanging_up_ends_the_callee_leg) {
    sipp_phone desk(dir.path, "desk_phone_answer_then_hangup.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", "1002", pbx);
    start_server();
    place("1002");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "own_phone_hung_up");
    EXPECT_EQ(bob.finished(std::chrono::seconds(10)), 0) << bob.messages();
    EXPECT_EQ(received(bob.messages(), "BYE ").size(), 1u);
    expect_nothing_left();
}

TEST_F(click_to_call, a_number_the_pbx_finds_no_one_at_could_not_be_reached_unlike_one_the_dial_plan_refuses) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    place("1099"); // allowed by the dial plan, but nobody is registered there: 404 from the PBX
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "callee_unreachable");
    EXPECT_EQ(english(states.back()), "The person you called could not be reached.");
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    expect_nothing_left();
}

TEST_F(click_to_call, a_forbidden_destination_is_refused_before_any_sip) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();
    place("+44 20 7946 0018");
    auto states = states_until("ended");
    ASSERT_EQ(states.size(), 1u);
    EXPECT_EQ(states[0]["reason"], "not_allowed_by_policy");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(received(desk.messages(), "INVITE ").empty());
    expect_nothing_left();
    alice->send(json{{"type", "get_recent_calls"}});
    auto recent = alice->expect("recent_calls");
    ASSERT_EQ(recent["calls"].size(), 1u); // refused calls are logged too
    EXPECT_EQ(recent["calls"][0]["outcome"], "not_allowed_by_policy");
    EXPECT_EQ(recent["calls"][0]["number"], "+44 20 7946 0018"); // as asked: the row says what was refused
    EXPECT_EQ(recent["calls"][0]["answered_at"], 0);
}

TEST_F(click_to_call, garbage_and_unexpected_sip_are_refused_and_calls_still_work) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", bob_phone, pbx);
    start_server();
    // Junk datagrams and a well-formed INVITE nobody asked for, straight at cvw's SIP port.
    boost::asio::io_context ioc;
    boost::asio::ip::udp::socket sock(ioc, boost::asio::ip::udp::endpoint(boost::asio::ip::udp::v4(), 0));
    const boost::asio::ip::udp::endpoint cvw(boost::asio::ip::make_address("127.0.0.1"), cvw_sip_port);
    for (const std::string& junk : {std::string("\x00\xff garbage"), std::string(60000, 'A'),
                                    std::string("INVITE sip:x SIP/2.0\r\nVia: broken\r\n\r\n")})
        sock.send_to(boost::asio::buffer(junk), cvw);
    const auto port = sock.local_endpoint().port();
    const std::string invite =
        "INVITE sip:alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + std::to_string(port) +
        ";branch=z9hG4bKjunk1\r\nMax-Forwards: 70\r\n"
        "From: <sip:eve@127.0.0.1>;tag=1\r\nTo: <sip:alice@127.0.0.1>\r\n"
        "Call-ID: junk-1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContact: <sip:eve@127.0.0.1:" +
        std::to_string(port) + ">\r\nContent-Length: 0\r\n\r\n";
    sock.send_to(boost::asio::buffer(invite), cvw);
    // The first final answer (4xx) that comes back on a socket, skipping 100 Trying; empty after 10 s.
    auto refusal_on = [](boost::asio::ip::udp::socket& s) {
        std::array<char, 4096> reply{};
        boost::asio::ip::udp::endpoint from;
        std::string answer;
        struct timeval tv {
            2, 0
        };
        setsockopt(s.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        for (int i = 0; i < 5 && answer.rfind("SIP/2.0 4", 0) != 0; ++i) {
            boost::system::error_code ec;
            const auto n = s.receive_from(boost::asio::buffer(reply), from, 0, ec);
            if (ec) break;
            answer.assign(reply.data(), n);
        }
        return answer;
    };
    const auto answer = refusal_on(sock);
    EXPECT_EQ(answer.rfind("SIP/2.0 404", 0), 0u) << answer; // "alice" is not a cvw address (cvw-alice is)

    // A call for a real cvw address, but not from the PBX: refused, nobody rings.
    boost::asio::ip::udp::socket stranger(ioc, {boost::asio::ip::make_address("127.0.0.2"), 0});
    const auto stranger_port = std::to_string(stranger.local_endpoint().port());
    const std::string direct = "INVITE sip:cvw-alice@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:" + stranger_port +
                               ";branch=z9hG4bKjunk2\r\nMax-Forwards: 70\r\nFrom: <sip:eve@127.0.0.2>;tag=2\r\n"
                               "To: <sip:cvw-alice@127.0.0.1>\r\nCall-ID: junk-2@127.0.0.2\r\nCSeq: 1 INVITE\r\n"
                               "Contact: <sip:eve@127.0.0.2:" +
                               stranger_port + ">\r\nContent-Length: 0\r\n\r\n";
    stranger.send_to(boost::asio::buffer(direct), cvw);
    const auto refusal = refusal_on(stranger);
    EXPECT_EQ(refusal.rfind("SIP/2.0 403", 0), 0u) << refusal;

    place("bob");
    auto states = states_until("connected");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["state"], "connected");
    alice->send(json{{"type", "hang_up"}, {"call_id", states.back()["call_id"]}});
    EXPECT_EQ(last_state_until("ended")["reason"], "hung_up_by_user");
    expect_nothing_left();
}

TEST_F(click_to_call, an_unreachable_pbx_is_reported_before_and_during_a_call) {
    start_server(30, free_port_block(1)); // nothing listens there
    bool told = false;
    for (int i = 0; i < 20 && !told; ++i) {
        auto m = alice->receive(std::chrono::seconds(3));
        ASSERT_TRUE(m.has_value());
        told = (*m)["type"] == "call_service" && (*m)["available"] == false &&
               english(*m) == "The phone system cannot be reached right now.";
    }
    EXPECT_TRUE(told);
    place("1002");
    auto states = states_until("ended", std::chrono::seconds(40));
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "pbx_unreachable");
    EXPECT_EQ(english(states.back()), "The phone system cannot be reached right now.");
    expect_nothing_left();
}

TEST_F(click_to_call, the_page_learns_within_seconds_that_the_pbx_stopped_answering_and_that_it_is_back) {
    start_server();
    // Alice's next call_service saying `available`, if it comes within `within`.
    auto service_becomes = [&](bool available, std::chrono::seconds within) -> std::optional<json> {
        const auto deadline = std::chrono::steady_clock::now() + within;
        while (std::chrono::steady_clock::now() < deadline) {
            auto m = alice->receive(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
            if (!m) break;
            if ((*m)["type"] == "call_service" && (*m)["available"] == available) return m;
        }
        return std::nullopt;
    };
    // After welcome and the first keep-alive: the PBX answers OPTIONS.
    ASSERT_TRUE(service_becomes(true, std::chrono::seconds(10)));
    // Several keep-alives later it still is (they go on every second, not just the first few). A
    // second tab waits that out: a socket whose read timed out is of no more use.
    {
        ws_client watcher(server->port(), sign_in(server->port(), "alice", "password-alice"));
        watcher.hello();
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
        while (auto m = watcher.receive(
                   std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now())))
            EXPECT_FALSE((*m)["type"] == "call_service" && (*m)["available"] == false) << m->dump();
    }

    // Kamailio, all its processes, stops answering (and is let go again whatever happens).
    ASSERT_EQ(kill(-pbx.pid(), SIGSTOP), 0);
    struct resume {
        pid_t group;
        ~resume() { kill(-group, SIGCONT); }
    } resumed{pbx.pid()};
    // Told well before the stack would give up on the OPTIONS (8 s here, 32 s by default).
    const auto down = service_becomes(false, std::chrono::seconds(5));
    ASSERT_TRUE(down);
    EXPECT_EQ((*down)["reason"], "pbx_unreachable");
    EXPECT_EQ(english(*down), "The phone system cannot be reached right now.");

    kill(-pbx.pid(), SIGCONT);
    ASSERT_TRUE(service_becomes(true, std::chrono::seconds(5)));
    // The server logged each change once.
    const auto log = server->log();
    auto count_of = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
        return n;
    };
    EXPECT_EQ(count_of("PBX unreachable"), 1u) << log;
    EXPECT_EQ(count_of("PBX reachable"), 2u) << log; // at start, and back
}

class click_to_call_with_auth : public call_fixture {
protected:
    click_to_call_with_auth() : call_fixture({"WITH_AUTH"}) {}
};

TEST_F(click_to_call_with_auth, cvw_answers_the_pbx_digest_challenge_on_each_leg) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", "1002", pbx);
    pbx_username = "cvw";
    pbx_password = "cvw-secret";
    start_server();

    call_1002_and_hang_up(desk, bob);
    if (HasFatalFailure()) return;

    // Both INVITEs were challenged once, then let through with cvw's credentials.
    const auto log = pbx.log();
    auto count = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) ++n;
        return n;
    };
    EXPECT_EQ(count("auth: challenging INVITE"), 2u) << log;
    EXPECT_EQ(count("auth: INVITE authenticated as cvw"), 2u) << log;
}

TEST_F(click_to_call_with_auth, wrong_credentials_end_the_call_with_a_message_for_the_admin) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    pbx_username = "cvw";
    pbx_password = "not-the-password";
    start_server();

    place("1002");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "pbx_rejected_credentials");
    EXPECT_EQ(english(states.back()), "The phone system rejected cvw's credentials; tell your admin.");
    EXPECT_TRUE(received(desk.messages(), "INVITE ").empty()); // the desk phone never rang
    expect_nothing_left();
}

/** A PBX whose own ring timer runs out before cvw's: it answers cvw with a 408 of its own. */
class pbx_with_a_short_timer : public call_fixture {
protected:
    pbx_with_a_short_timer() : call_fixture({"QUICK_PBX_TIMEOUT"}) {}
};

TEST_F(pbx_with_a_short_timer, a_ringing_callee_the_pbx_gives_up_on_did_not_answer) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "phone_no_answer.xml", "1009", pbx);
    start_server(); // cvw would ring the callee for 45 s: the end within 15 s is the PBX's 408

    place("1009");
    auto states = states_until("ended", std::chrono::seconds(15));
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "callee_no_answer") << states.back().dump();
    EXPECT_EQ(english(states.back()), "The person you called did not answer.");
    // The page hears "ended" as cvw sends its BYE: wait for the phone to log it before reading the log.
    EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);
    expect_nothing_left();
}

TEST_F(pbx_with_a_short_timer, a_registered_callee_that_never_responds_did_not_answer) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "phone_silent.xml", "1009", pbx);
    start_server();

    place("1009");
    auto states = states_until("ended", std::chrono::seconds(15));
    ASSERT_FALSE(states.empty());
    // The PBX answered (100 Trying, then its 408): it is reachable, the callee just did not answer.
    EXPECT_EQ(states.back()["reason"], "callee_no_answer") << states.back().dump();
    EXPECT_FALSE(received(callee.messages(), "INVITE ").empty()); // the PBX's retransmissions too
    expect_nothing_left();
}

TEST_F(pbx_with_a_short_timer, a_desk_phone_that_never_responds_did_not_answer) {
    sipp_phone desk(dir.path, "phone_silent.xml", alice_phone, pbx);
    start_server();

    place("1002");
    auto states = states_until("ended", std::chrono::seconds(15));
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "own_phone_no_answer") << states.back().dump();
    expect_nothing_left();
}

class click_to_call_over_tcp : public call_fixture {};

TEST_F(click_to_call_over_tcp, signalling_to_the_pbx_uses_tcp) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", "1002", pbx);
    pbx_transport = "tcp";
    start_server();

    call_1002_and_hang_up(desk, bob);
    if (HasFatalFailure()) return;

    const auto log = pbx.log();
    EXPECT_NE(log.find("call: INVITE sip:" + std::string(alice_phone) + "@"), std::string::npos) << log;
    std::size_t over_tcp = 0, over_udp = 0;
    for (auto at = log.find("call: INVITE"); at != std::string::npos; at = log.find("call: INVITE", at + 1)) {
        const auto line = log.substr(at, log.find('\n', at) - at);
        over_tcp += line.ends_with("over tcp");
        over_udp += line.ends_with("over udp");
    }
    EXPECT_EQ(over_tcp, 2u) << log; // both of cvw's INVITEs
    EXPECT_EQ(over_udp, 0u) << log;
}

class click_to_call_over_tls : public call_fixture {
protected:
    click_to_call_over_tls() : call_fixture({"WITH_TLS"}) { pbx_transport = "tls"; }
};

TEST_F(click_to_call_over_tls, signalling_goes_over_tls_to_a_pbx_whose_certificate_is_trusted) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob(dir.path, "callee_answer.xml", "1002", pbx);
    pbx_tls_dir = (dir.path / "tls/cvw").string();
    start_server(30, pbx.tls_port());

    call_1002_and_hang_up(desk, bob);
    if (HasFatalFailure()) return;

    const auto log = pbx.log();
    std::size_t over_tls = 0;
    for (auto at = log.find("call: INVITE"); at != std::string::npos; at = log.find("call: INVITE", at + 1))
        over_tls += log.substr(at, log.find('\n', at) - at).ends_with("over tls");
    EXPECT_EQ(over_tls, 2u) << log;
}

TEST_F(click_to_call_over_tls, a_pbx_certificate_from_an_untrusted_ca_is_refused) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    pbx_tls_dir = (dir.path / "tls/untrusting").string();
    pbx_request_timeout_seconds = 3; // sofia retries the handshake until the request times out
    start_server(30, pbx.tls_port());

    place("1002");
    auto states = states_until("ended");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back()["reason"], "pbx_unreachable") << states.back().dump();
    EXPECT_EQ(pbx.log().find("call: INVITE"), std::string::npos); // nothing got through the handshake
    EXPECT_TRUE(received(desk.messages(), "INVITE ").empty());
    expect_nothing_left();
}

} // namespace
} // namespace cvw::test
