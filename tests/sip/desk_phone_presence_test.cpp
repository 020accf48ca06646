// Presence and the call log from the desk phone itself: cvw subscribes to each user's dialog state
// at the PBX (RFC 4235; the test Kamailio publishes it with pua_dialoginfo), so a call made on the
// phone around cvw shows "in a call" to watchers and lands in the user's call log.
#include "call_fixture.hpp"

#include "store/database.hpp"
#include "store/user_store.hpp"

namespace cvw::test {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t demo_users = 3;

class desk_phone_presence : public call_fixture {
protected:
    explicit desk_phone_presence(const std::vector<std::string>& defines = {}) : call_fixture(defines) {}

    /** Waits until the PBX has accepted every user's subscription. */
    void wait_until_subscribed() {
        auto* phones = server->get().phones();
        ASSERT_NE(phones, nullptr);
        for (int i = 0; i < 500 && phones->active() < demo_users; ++i) std::this_thread::sleep_for(10ms);
        ASSERT_EQ(phones->active(), demo_users) << pbx.log();
    }

    /** Bob's tab, watching Alice. */
    std::unique_ptr<ws_client> bob_watching_alice() {
        auto bob = std::make_unique<ws_client>(server->port(), sign_in(server->port(), "bob", "password-bob"));
        bob->hello();
        bob->send(json{{"type", "watch_presence"}, {"users", {"alice"}}});
        EXPECT_EQ(bob->expect("contacts")["contacts"][0]["presence"], "available");
        return bob;
    }

    /** The presence values Bob's tab receives for Alice until `want` (or `timeout`), in order. */
    static std::vector<std::string> alice_as_seen_by(ws_client& bob, const std::string& want,
                                                     std::chrono::milliseconds timeout = 20s) {
        std::vector<std::string> seen;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (seen.empty() || seen.back() != want) {
            const auto left = deadline - std::chrono::steady_clock::now();
            if (left <= 0ms) break;
            auto m = bob.receive(std::chrono::duration_cast<std::chrono::milliseconds>(left));
            if (!m) break;
            if ((*m)["type"] == "presence" && (*m)["username"] == "alice") seen.push_back((*m)["presence"]);
        }
        return seen;
    }

    /** Alice's call log as her tab gets it. */
    json alice_calls() {
        alice->send(json{{"type", "get_recent_calls"}, {"limit", 20}});
        return alice->expect("recent_calls")["calls"];
    }

    static int count_of(const std::string& text, const std::string& needle) {
        int n = 0;
        for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
        return n;
    }
};

TEST_F(desk_phone_presence, a_call_on_the_desk_phone_around_cvw_shows_in_a_call_and_is_logged) {
    sipp_phone bobs_line(dir.path, "callee_answer.xml", "1002", pbx, 300);
    start_server();
    wait_until_subscribed();
    if (HasFatalFailure()) return;
    auto bob = bob_watching_alice();

    // Alice dials 1002 on her desk phone; cvw is not in the call at all.
    sipp_caller alices_phone(dir.path, "caller.xml", "1002", alice_phone, pbx, 1500);
    EXPECT_EQ(alice_as_seen_by(*bob, "in_a_call"), std::vector<std::string>{"in_a_call"}) << pbx.log();
    EXPECT_EQ(alice_as_seen_by(*bob, "available"), std::vector<std::string>{"available"});
    EXPECT_EQ(alices_phone.finished(10s), 0) << alices_phone.messages();
    EXPECT_EQ(bobs_line.finished(10s), 0) << bobs_line.messages();
    EXPECT_EQ(server->get().calls().active_legs(), 0u); // it never touched cvw's call legs

    // Alice's log has the call: outgoing, to 1002, answered, on the desk phone.
    json calls;
    for (int i = 0; i < 100 && (calls = alice_calls()).empty(); ++i) std::this_thread::sleep_for(20ms);
    ASSERT_EQ(calls.size(), 1u) << calls.dump();
    const auto& c = calls[0];
    EXPECT_EQ(c["via"], "phone");
    EXPECT_EQ(c["direction"], "outgoing");
    EXPECT_EQ(c["number"], "1002");
    EXPECT_EQ(c["peer_name"], "Bob Jones"); // 1002 is his extension in the directory
    EXPECT_EQ(c["outcome"], "answered");
    EXPECT_EQ(english_entry(c), "Talked on the desk phone with Bob Jones.");
    EXPECT_GT(c["answered_at"].get<std::int64_t>(), c["started_at"].get<std::int64_t>() - 1);
    EXPECT_GE(c["ended_at"].get<std::int64_t>() - c["answered_at"].get<std::int64_t>(), 500); // the phones talked
}

TEST_F(desk_phone_presence, a_call_the_desk_phone_gives_up_on_before_an_answer_ends_in_a_call_at_once) {
    // The demo's simulated phone (it rings 1.5 s): it must end a cancelled INVITE at once, or the PBX
    // keeps the dialog, and Alice "in a call", until its own INVITE timer runs out (120 s).
    sipp_phone bobs_line(dir.path, "demo_desk_phone.xml", "1002", pbx);
    start_server();
    wait_until_subscribed();
    if (HasFatalFailure()) return;
    auto bob = bob_watching_alice();

    // Alice dials 1002 on her desk phone, it rings, and she hangs up before Bob answers.
    sipp_caller alices_phone(dir.path, "caller_gives_up.xml", "1002", alice_phone, pbx, 500);
    EXPECT_EQ(alice_as_seen_by(*bob, "in_a_call"), std::vector<std::string>{"in_a_call"}) << pbx.log();
    const auto dialling_until = std::chrono::steady_clock::now();
    EXPECT_EQ(alices_phone.finished(10s), 0) << alices_phone.messages();
    EXPECT_EQ(alice_as_seen_by(*bob, "available", 10s), std::vector<std::string>{"available"}) << pbx.log();
    EXPECT_LT(std::chrono::steady_clock::now() - dialling_until, 5s) << "not held until the dialog state expires";
    EXPECT_EQ(bobs_line.finished(5s), 0) << bobs_line.messages();
    const auto logged = alice->expect("call_logged")["call"];
    EXPECT_EQ(logged["outcome"], "not_answered");
    EXPECT_EQ(logged["direction"], "outgoing");
}

TEST_F(desk_phone_presence, a_call_to_the_desk_phone_that_nobody_answers_is_a_missed_call_from_the_directory) {
    sipp_phone alices_desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    wait_until_subscribed();
    if (HasFatalFailure()) return;
    auto bob = bob_watching_alice();

    // Bob's desk phone calls Alice's; it rings (not "in a call" for Alice) and Bob gives up.
    sipp_caller bobs_phone(dir.path, "caller_gives_up.xml", alice_phone, "+14255550102", pbx, 1500);
    EXPECT_EQ(bobs_phone.finished(15s), 0) << bobs_phone.messages();
    EXPECT_EQ(alices_desk.finished(10s), 0) << alices_desk.messages();
    // Her open tab is told at once (the page reloads Recent calls and counts it on the badge).
    const auto logged = alice->expect("call_logged")["call"];
    EXPECT_EQ(logged["outcome"], "missed");
    EXPECT_EQ(english_entry(logged), "Missed call from Bob Jones on the desk phone.");
    json calls;
    for (int i = 0; i < 100 && (calls = alice_calls()).empty(); ++i) std::this_thread::sleep_for(20ms);
    ASSERT_EQ(calls.size(), 1u) << calls.dump();
    EXPECT_EQ(calls[0]["via"], "phone");
    EXPECT_EQ(calls[0]["direction"], "incoming");
    EXPECT_EQ(calls[0]["peer_name"], "Bob Jones"); // his number is in the directory
    EXPECT_EQ(calls[0]["outcome"], "missed");
    EXPECT_EQ(calls[0]["answered_at"], 0);
    alice->send(json{{"type", "get_recent_calls"}, {"limit", 20}, {"filter", "missed"}});
    EXPECT_EQ(alice->expect("recent_calls")["calls"].size(), 1u);
    // Ringing is not talking: Bob never saw Alice "in a call" (his tab's last use: it waits it out).
    EXPECT_TRUE(alice_as_seen_by(*bob, "in_a_call", 1s).empty());
}

TEST_F(desk_phone_presence, a_call_cvw_places_is_logged_once_not_again_from_the_phone) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "callee_answer.xml", "1002", pbx);
    start_server();
    wait_until_subscribed();
    if (HasFatalFailure()) return;
    auto bob = bob_watching_alice();
    call_1002_and_hang_up(desk, callee);
    // Both cvw and the phone's dialog state say "in a call"; Bob hears of each change once.
    EXPECT_EQ(alice_as_seen_by(*bob, "available"), (std::vector<std::string>{"in_a_call", "available"}));
    std::this_thread::sleep_for(500ms); // the phone's last NOTIFY has long arrived
    const auto calls = alice_calls();
    ASSERT_EQ(calls.size(), 1u) << calls.dump();
    EXPECT_EQ(calls[0]["via"], "cvw");
}

TEST_F(desk_phone_presence, the_stack_refreshes_a_short_subscription_and_it_keeps_working) {
    subscription_expires_seconds = 10;
    sipp_phone bobs_line(dir.path, "callee_answer.xml", "1002", pbx, 300);
    start_server();
    wait_until_subscribed();
    if (HasFatalFailure()) return;
    // The stack refreshes before the 10 s are up: wait for the second SUBSCRIBE to reach the PBX.
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (count_of(pbx.log(), "presence: SUBSCRIBE for +14255550101 ") < 2 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(50ms);
    // Each subscription was refreshed in its dialog (no new SUBSCRIBE from cvw's own logic)...
    EXPECT_EQ(server->get().phones()->subscribes_sent(), demo_users);
    const auto log = pbx.log();
    EXPECT_GE(count_of(log, "presence: SUBSCRIBE for +14255550101 "), 2) << log;
    EXPECT_EQ(server->get().phones()->active(), demo_users);
    // ...and still reports the phone.
    auto bob = bob_watching_alice();
    sipp_caller alices_phone(dir.path, "caller.xml", "1002", alice_phone, pbx, 1000);
    EXPECT_EQ(alice_as_seen_by(*bob, "in_a_call"), std::vector<std::string>{"in_a_call"});
    EXPECT_EQ(alices_phone.finished(10s), 0) << alices_phone.messages();
}

TEST_F(desk_phone_presence, users_added_or_disabled_while_it_runs_are_followed_from_the_next_resync) {
    subscription_resync_seconds = 1;
    start_server();
    wait_until_subscribed();
    if (HasFatalFailure()) return;
    {
        // What cvw-admin does from another process: dave joins with a desk phone, carol leaves.
        server::database db((dir.path / "cvw.db").string());
        server::user_store users(db);
        ASSERT_TRUE(users.add(
            {.username = "dave", .display_name = "Dave Kim", .extension = "1004", .number = "+14255550104"}, 0));
        ASSERT_TRUE(users.set_enabled("carol", false));
    }
    auto* phones = server->get().phones();
    auto* agent = server->get().calls().agent();
    auto log = pbx.log();
    for (int i = 0; i < 300 && (count_of(log, "for +14255550104 ") == 0 || count_of(log, "for +14255550103 ") < 2);
         ++i) {
        std::this_thread::sleep_for(10ms);
        log = pbx.log();
    }
    EXPECT_EQ(count_of(log, "presence: SUBSCRIBE for +14255550104 "), 1) << log; // dave's, once
    EXPECT_NE(log.find("presence: SUBSCRIBE for +14255550103 (sip:127.0.0.1:"), std::string::npos) << log;
    EXPECT_NE(log.find("event dialog expires 0 "), std::string::npos) << log; // carol's, ended
    for (int i = 0; i < 300 && phones->active() != demo_users; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(phones->active(), demo_users); // alice, bob, dave
    for (int i = 0; i < 300 && agent->active_subscriptions() != demo_users; ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(agent->active_subscriptions(), demo_users); // carol's handle is gone, nothing leaks
}

class refusing_pbx : public desk_phone_presence {
protected:
    refusing_pbx() : desk_phone_presence({"REFUSE_SUBSCRIBE"}) {}
};

TEST_F(refusing_pbx, cvw_backs_off_while_the_pbx_refuses_its_subscriptions) {
    subscription_retry_seconds = 1;
    subscription_retry_max_seconds = 4;
    start_server();
    auto* phones = server->get().phones();
    ASSERT_NE(phones, nullptr);
    // When each round of SUBSCRIBEs (one per user) goes out: expected at 0, 1, 3, 7 and 11 s.
    std::vector<std::chrono::steady_clock::time_point> rounds;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 12500ms) {
        if (phones->subscribes_sent() >= (rounds.size() + 1) * demo_users)
            rounds.push_back(std::chrono::steady_clock::now());
        std::this_thread::sleep_for(10ms);
    }
    ASSERT_EQ(rounds.size(), 5u) << pbx.log();
    std::vector<double> gaps;
    for (std::size_t i = 1; i < rounds.size(); ++i)
        gaps.push_back(std::chrono::duration<double>(rounds[i] - rounds[i - 1]).count());
    EXPECT_NEAR(gaps[0], 1, 0.4);
    EXPECT_NEAR(gaps[1], 2, 0.4);
    EXPECT_NEAR(gaps[2], 4, 0.4);
    EXPECT_NEAR(gaps[3], 4, 0.4); // the configured maximum
    EXPECT_EQ(phones->active(), 0u);
    EXPECT_EQ(count_of(pbx.log(), "presence: SUBSCRIBE for +14255550101 "), 5);
    // Calls still work while presence from the phone does not.
    alice->send(json{{"type", "get_recent_calls"}, {"limit", 5}});
    EXPECT_TRUE(alice->expect("recent_calls")["calls"].empty());
}

} // namespace
} // namespace cvw::test
