// Shutting down with calls up: every leg gets its CANCEL or BYE, the call is logged as ended by the
// shutdown, and nothing is touched after it is freed (these run under ASan in the debug preset).
#include "call_fixture.hpp"

#include <csignal>
#include <fstream>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;

constexpr const char* bob_number = "+14255550102";

class shutdown_with_calls : public call_fixture {
protected:
    // The restarted server must not log the desk phone's view of cvw's own call again: it cannot know
    // the Call-IDs the stopped one placed (kept in memory for now).
    void SetUp() override {
        call_fixture::SetUp();
        presence_subscriptions = false;
    }

    /** Stops the server in place (as SIGTERM does), then starts it again on the same database. */
    void stop_and_restart() {
        alice.reset();
        server->restart();
        alice = std::make_unique<ws_client>(server->port(), sign_in(server->port(), "alice", "password-alice"));
        alice->hello();
    }

    json newest_call() {
        alice->send(json{{"type", "get_recent_calls"}});
        auto recent = alice->expect("recent_calls");
        return recent["calls"].empty() ? json{} : recent["calls"][0];
    }

    /** Stops the server on another thread (as SIGTERM does) and returns Alice's `type` events until the end.
     */
    std::vector<json> stop_while_watching(const std::string& type) {
        std::thread stopper([this] { server->get().stop(); });
        auto seen = events_until(type, "ended", 10s);
        stopper.join();
        return seen;
    }

    void expect_ended_by_shutdown(const std::vector<json>& seen) {
        ASSERT_FALSE(seen.empty());
        EXPECT_EQ(seen.back()["state"], "ended") << seen.back().dump();
        EXPECT_EQ(seen.back()["reason"], "server_stopped") << seen.back().dump();
    }
};

TEST_F(shutdown_with_calls, a_ringing_desk_phone_is_cancelled_and_the_call_logged) {
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    place("1002");
    ASSERT_FALSE(states_until("calling_own_phone").empty());
    std::this_thread::sleep_for(300ms); // the phone's 180 is in: the INVITE transaction can be CANCELled

    auto& srv = server->get();
    auto seen = stop_while_watching("call_state");
    expect_ended_by_shutdown(seen);
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(received(desk.messages(), "CANCEL ").size(), 1u);
    EXPECT_EQ(srv.calls().active_calls(), 0u);
    EXPECT_EQ(srv.calls().media_ports_in_use(), 0u);

    stop_and_restart();
    EXPECT_EQ(newest_call()["outcome"], "server_stopped");
}

TEST_F(shutdown_with_calls, while_the_callee_rings_the_callee_is_cancelled_and_the_desk_phone_hung_up) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "phone_no_answer.xml", "1002", pbx);
    start_server();
    place("1002");
    ASSERT_EQ(last_state_until("calling_callee")["state"], "calling_callee");
    std::this_thread::sleep_for(300ms);
    ASSERT_GT(server->get().calls().media_ports_in_use(), 0u); // ringback and the early-media relay

    auto& srv = server->get();
    auto seen = stop_while_watching("call_state");
    expect_ended_by_shutdown(seen);
    EXPECT_EQ(callee.finished(10s), 0) << callee.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(received(callee.messages(), "CANCEL ").size(), 1u);
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);
    EXPECT_EQ(srv.calls().media_ports_in_use(), 0u);

    stop_and_restart();
    EXPECT_EQ(newest_call()["outcome"], "server_stopped");
}

TEST_F(shutdown_with_calls, a_connected_call_gets_a_bye_on_both_legs) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "callee_answer.xml", "1002", pbx);
    start_server();
    place("1002");
    ASSERT_EQ(last_state_until("connected")["state"], "connected"); // the re-INVITEs are done

    auto& srv = server->get();
    auto seen = stop_while_watching("call_state");
    expect_ended_by_shutdown(seen);
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(callee.finished(10s), 0) << callee.messages();
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);
    EXPECT_EQ(received(callee.messages(), "BYE ").size(), 1u);
    EXPECT_EQ(srv.calls().active_legs(), 0u);

    stop_and_restart();
    const auto entry = newest_call();
    EXPECT_EQ(entry["outcome"], "server_stopped");
    EXPECT_GT(entry["answered_at"].get<std::int64_t>(), 0);
}

TEST_F(shutdown_with_calls, a_ringing_incoming_call_goes_to_the_fallback_and_its_desk_phone_is_cancelled) {
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx);
    ASSERT_EQ(last_of(events_until("incoming_call", "ringing", 20s))["state"], "ringing");
    std::this_thread::sleep_for(300ms);

    auto seen = stop_while_watching("incoming_call");
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back()["outcome"], "missed");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(received(caller.messages(), "SIP/2.0 480").size(), 1u) << caller.messages(); // no fallback set
    EXPECT_EQ(received(desk.messages(), "CANCEL ").size(), 1u);
}

TEST_F(shutdown_with_calls, an_accepted_incoming_call_still_ringing_the_desk_phone_is_refused_and_cancelled) {
    sipp_phone desk(dir.path, "phone_no_answer.xml", alice_phone, pbx);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx);
    auto ringing = events_until("incoming_call", "ringing", 20s);
    ASSERT_FALSE(ringing.empty());
    ASSERT_EQ(ringing.back()["state"], "ringing");
    alice->send(json{{"type", "accept_call"}, {"call_id", ringing.back()["call_id"]}});
    ASSERT_EQ(last_of(events_until("incoming_call", "accepted", 10s))["state"], "accepted");

    auto seen = stop_while_watching("incoming_call");
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back()["outcome"], "missed");
    EXPECT_EQ(caller.finished(10s), 0) << caller.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(received(caller.messages(), "SIP/2.0 480").size(), 1u) << caller.messages();
    EXPECT_EQ(received(desk.messages(), "CANCEL ").size(), 1u);
}

TEST_F(shutdown_with_calls, a_connected_incoming_call_is_ended_on_both_phones) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx, 1500);
    start_server();
    sipp_caller caller(dir.path, "caller.xml", "cvw-alice", bob_number, pbx, 20000);
    ASSERT_EQ(last_of(events_until("incoming_call", "connected", 20s))["state"], "connected");
    std::this_thread::sleep_for(300ms);

    auto& srv = server->get();
    auto seen = stop_while_watching("incoming_call");
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back()["outcome"], "answered_on_phone");
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);
    EXPECT_EQ(received(caller.messages(), "BYE ").size(), 1u) << caller.messages();
    EXPECT_EQ(srv.calls().active_legs(), 0u);
}

/** The real executable under SIGTERM, as a deploy stops it: exit 0 and not a word from the sanitizers. */
TEST_F(shutdown_with_calls, sigterm_during_a_call_exits_cleanly) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone callee(dir.path, "callee_answer.xml", "1002", pbx);
    const auto http_port = free_port_block(1);
    const auto config = dir.path / "cvw.toml";
    std::ofstream(config) << "[server]\nport = " << http_port << "\ndatabase = \"cvw.db\"\nweb_root = \""
                          << CVW_SOURCE_DIR << "/web\"\nallowed_origins = [\"" << test_origin << "\"]\n"
                          << "[policy]\nglobal_caller_id = \"" << caller_id << "\"\n"
                          << "[dial_plan]\nallowed = [\"\\\\d{4}\", \"\\\\+1\\\\d{10}\"]\n"
                          << "[pbx]\nproxy = \"sip:127.0.0.1:" << pbx.port()
                          << "\"\nlisten = \"127.0.0.1:" << cvw_sip_port
                          << "\"\nkeepalive_seconds = 1\nrtp_port_min = " << rtp_ports
                          << "\nrtp_port_max = " << rtp_ports + 63 << "\n";
    const auto output = dir.path / "server.log";
    child_process cvw({CVW_SERVER_BINARY, "-c", config.string()}, output);
    std::string cookie;
    for (int i = 0; i < 200 && cookie.empty(); ++i) {
        try {
            cookie = sign_in(http_port, "alice", "password-alice");
        } catch (const std::exception&) {}
        if (cookie.empty()) std::this_thread::sleep_for(50ms); // not listening yet
    }
    ASSERT_FALSE(cookie.empty()) << read_file(output);
    alice = std::make_unique<ws_client>(http_port, cookie);
    alice->hello();
    place("1002");
    ASSERT_EQ(last_state_until("connected")["state"], "connected") << read_file(output);
    std::this_thread::sleep_for(500ms);

    ASSERT_EQ(::kill(cvw.pid(), SIGTERM), 0);
    const auto status = cvw.wait(20s);
    const auto log = read_file(output);
    ASSERT_TRUE(status.has_value()) << log;
    EXPECT_EQ(*status, 0) << log;
    EXPECT_EQ(log.find("AddressSanitizer"), std::string::npos) << log;
    EXPECT_EQ(log.find("runtime error"), std::string::npos) << log;
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(callee.finished(10s), 0) << callee.messages();
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u);
    EXPECT_EQ(received(callee.messages(), "BYE ").size(), 1u);
}

} // namespace
} // namespace cvw::test
