// What every click-to-call integration test needs: a real Kamailio, a cvw server pointed at it,
// Alice signed in over the WebSocket API, and readers for the SIP messages the phones logged.
#pragma once

#include "test_pbx.hpp"
#include "../server/test_server.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <thread>

namespace cvw::test {

using nlohmann::json;

inline constexpr const char* alice_phone = "+14255550101"; // Alice's desk phone (her directory number)
inline constexpr const char* caller_id = "+14255550000";   // the global caller-ID number

class call_fixture : public ::testing::Test {
protected:
    explicit call_fixture(const std::vector<std::string>& pbx_defines = {})
        : pbx(dir.path, cvw_sip_port, pbx_defines) {}
    void SetUp() override { add_demo_users(dir.path / "cvw.db"); }
    void TearDown() override {
        if (!HasFailure()) return;
        // What every part said, so a failure that does not come back on a rerun can still be read.
        auto print_end = [](const std::string& name, const std::string& text, std::size_t keep) {
            std::printf("---- %s (end) ----\n%s\n---- end of %s ----\n", name.c_str(),
                        text.substr(text.size() > keep ? text.size() - keep : 0).c_str(), name.c_str());
        };
        print_end("kamailio log", pbx.log(), 6000);
        for (const auto& f : std::filesystem::directory_iterator(dir.path)) {
            const auto name = f.path().filename().string();
            if (name.ends_with("-sipp.log") || name.ends_with("-messages.log") || name.ends_with("-errors.log"))
                print_end(name, read_file(f.path()), 3000);
        }
    }

    void start_server(int own_ring_seconds = 30, std::uint16_t proxy_port = 0) {
        auto config = test_config(dir.path);
        config.policy.global_caller_id = caller_id;
        config.ring = {std::int64_t{own_ring_seconds} * 1000, std::int64_t{callee_ring_seconds} * 1000};
        config.dial_plan = plan;
        config.call_limits = call_limits;
        config.pbx.proxy = "sip:127.0.0.1:" + std::to_string(proxy_port ? proxy_port : pbx.port());
        config.pbx.domain = "127.0.0.1:" + std::to_string(pbx.port());
        config.pbx.listen = "127.0.0.1:" + std::to_string(cvw_sip_port);
        config.pbx.keepalive_seconds = 1;
        config.pbx.rtp_port_min = rtp_ports;
        config.pbx.rtp_port_max = rtp_ports + 63;
        config.pbx.relay_early_media = relay_early_media;
        config.pbx.transport = pbx_transport;
        config.pbx.username = pbx_username;
        config.pbx.password = pbx_password;
        config.pbx.tls_certificate_dir = pbx_tls_dir;
        config.pbx.tls_verify_pbx = pbx_tls_verify_pbx;
        config.pbx.tls_verify_incoming = pbx_tls_verify_incoming;
        config.pbx.request_timeout_seconds = pbx_request_timeout_seconds;
        config.pbx.presence_subscriptions = presence_subscriptions;
        config.pbx.subscription_expires_seconds = subscription_expires_seconds;
        config.pbx.subscription_retry_seconds = subscription_retry_seconds;
        config.pbx.subscription_retry_max_seconds = subscription_retry_max_seconds;
        config.pbx.subscription_resync_seconds = subscription_resync_seconds;
        config.pbx.incoming_secret = pbx_incoming_secret;
        config.incoming = incoming;
        config.policy.simultaneous_ring = simultaneous_ring;
        config.meetings = meetings;
        server = std::make_unique<running_server>(config);
        alice = std::make_unique<ws_client>(server->port(), sign_in(server->port(), "alice", "password-alice"));
        alice->hello();
    }

    /** call_state events until `final_state` (or ended), in order. */
    std::vector<json> states_until(const std::string& final_state,
                                   std::chrono::seconds timeout = std::chrono::seconds(20)) {
        return events_until("call_state", final_state, timeout);
    }

    /** The last of `events`; when none arrived, a stand-in whose state and reason read "nothing". */
    static json last_of(const std::vector<json>& events) {
        return events.empty() ? json{{"state", "nothing"}, {"reason", "nothing"}} : events.back();
    }

    /** The last call_state up to `final_state`; "nothing" when none came, so the test fails, not crashes. */
    json last_state_until(const std::string& final_state, std::chrono::seconds timeout = std::chrono::seconds(20)) {
        return last_of(states_until(final_state, timeout));
    }

    /** Alice's events of one type until one is in `final_state` (or ended), in order. */
    std::vector<json> events_until(const std::string& type, const std::string& final_state,
                                   std::chrono::seconds timeout) {
        std::vector<json> out;
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            auto m = alice->receive(
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
            if (!m) {
                std::printf("alice's %s events ended before '%s': %s\n", type.c_str(), final_state.c_str(),
                            alice->last_failure().c_str());
                break;
            }
            if ((*m)["type"] == "error") ADD_FAILURE() << m->dump();
            if ((*m)["type"] != type) continue;
            out.push_back(*m);
            if ((*m)["state"] == final_state || (*m)["state"] == "ended") break;
        }
        return out;
    }

    /** Alice calls 1002 (typed, so no cvw address), talks briefly and hangs up; both phones finish. */
    void call_1002_and_hang_up(sipp_phone& desk, sipp_phone& callee) {
        place("1002");
        auto states = states_until("connected");
        ASSERT_FALSE(states.empty());
        ASSERT_EQ(states.back()["state"], "connected") << states.back().dump() << pbx.log();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        alice->send(json{{"type", "hang_up"}, {"call_id", states.back()["call_id"]}});
        EXPECT_EQ(last_state_until("ended")["reason"], "hung_up_by_user");
        EXPECT_EQ(desk.finished(std::chrono::seconds(10)), 0) << desk.messages();
        EXPECT_EQ(callee.finished(std::chrono::seconds(10)), 0) << callee.messages();
        expect_nothing_left();
    }

    static std::vector<std::string> names(const std::vector<json>& states) {
        std::vector<std::string> out;
        for (const auto& s : states)
            if (out.empty() || out.back() != s["state"]) out.push_back(s["state"]);
        return out;
    }

    void expect_nothing_left() {
        auto& calls = server->get().calls();
        for (int i = 0; i < 300 && (calls.active_calls() || calls.active_legs() || calls.media_ports_in_use()); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        EXPECT_EQ(calls.active_calls(), 0u);
        EXPECT_EQ(calls.active_legs(), 0u);
        EXPECT_EQ(calls.media_ports_in_use(), 0u);
    }

    /** True when the message's SDP points at one of cvw's own RTP ports. */
    bool offers_cvw_media(const std::string& message) const {
        std::smatch m;
        if (!std::regex_search(message, m, std::regex("m=audio ([0-9]+)"))) return false;
        const int port = std::stoi(m[1]);
        return port >= rtp_ports && port <= rtp_ports + 63;
    }

    json place(const std::string& destination) {
        alice->send(json{{"type", "place_call"}, {"destination", destination}});
        return {};
    }

    dial_plan_config plan{.allowed = {"\\d{4}", "\\+1\\d{10}"}};
    call::call_rate_limits call_limits;
    bool relay_early_media = true;
    int callee_ring_seconds = 30;
    std::string pbx_transport = "udp";
    std::string pbx_username, pbx_password, pbx_tls_dir, pbx_incoming_secret;
    bool pbx_tls_verify_pbx = true, pbx_tls_verify_incoming = false;
    int pbx_request_timeout_seconds = 8; ///< timers B and F: short, as no test waits on a lost answer unless it says so
    server::incoming_config incoming;
    bool simultaneous_ring = true;
    bool presence_subscriptions = true;
    server::meetings_config meetings; ///< off unless a test points it at a mixer
    int subscription_expires_seconds = 3600;
    int subscription_retry_seconds = 2;
    int subscription_retry_max_seconds = 300;
    int subscription_resync_seconds = 60;
    temp_dir dir;
    std::uint16_t cvw_sip_port = free_port_block(1);
    std::uint16_t rtp_ports = free_port_block(64); ///< cvw's RTP range, its own per test
    test_pbx pbx;
    std::unique_ptr<running_server> server;
    std::unique_ptr<ws_client> alice;
};

/** The SIP messages of one kind a phone received, in order (sipp -trace_msg). */
inline std::vector<std::string> received(const std::string& log, const std::string& start_line_prefix) {
    std::vector<std::string> out;
    const std::string marker = "message received";
    for (auto at = log.find(marker); at != std::string::npos; at = log.find(marker, at + 1)) {
        const auto body_start = log.find("\n\n", at);
        if (body_start == std::string::npos) break;
        const auto end = log.find("-----------------------------------------------", body_start);
        auto message = log.substr(body_start + 2, end == std::string::npos ? std::string::npos : end - body_start - 2);
        if (message.rfind(start_line_prefix, 0) == 0) out.push_back(message);
    }
    return out;
}

inline std::string header(const std::string& message, const std::string& name) {
    std::smatch m;
    if (std::regex_search(message, m, std::regex("(^|\n)" + name + ": *([^\r\n]*)", std::regex::icase))) return m[2];
    return {};
}

inline bool has_body(const std::string& message) { return message.find("\nv=0") != std::string::npos; }

} // namespace cvw::test
