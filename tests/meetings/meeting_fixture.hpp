// Meetings through the real parts: a call_fixture (Kamailio, sipp phones, a signed-in tab for
// Alice) whose server has a Janus AudioBridge for its mixer.
#pragma once

#include "../sip/call_fixture.hpp"
#include "../sip/tone_analysis.hpp"
#include "test_janus.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace cvw::test {

inline constexpr const char* bridge_number = "+14255550199";

/** A server with Janus as its mixer, and the phones and tabs of call_fixture. */
class meeting_fixture : public call_fixture {
protected:
    void SetUp() override {
        call_fixture::SetUp();
        const auto s = janus.settings();
        meetings.mixer_api = "127.0.0.1:" + std::to_string(s.port);
        meetings.mixer_secrets = dir.path / "janus";
        meetings.bridge_number = bridge_number;
        meetings.prompts = CVW_PROMPTS_DIR;
    }

    /** Alice's meeting_state events until `final_state` (or ended). */
    std::vector<json> meeting_states_until(const std::string& final_state) {
        return events_until("meeting_state", final_state, std::chrono::seconds(20));
    }

    /** The next event of `type` a tab hears, past whatever else; nothing if none comes within 5 s. */
    static std::optional<json> next_of(ws_client& tab, const std::string& type) {
        std::optional<json> m;
        while ((m = tab.receive(std::chrono::seconds(5))) && (*m)["type"] != type) {}
        return m;
    }

    /** The error a tab hears for `command`, as code/detail. */
    static std::string refusal_of(ws_client& tab, const json& command) {
        tab.send(command);
        const auto m = next_of(tab, "error");
        if (!m) return "nothing";
        return (*m)["code"].get<std::string>() + "/" + m->value("detail", "");
    }

    /** A signed-in, greeted tab of `username` (the demo password). */
    std::unique_ptr<ws_client> tab_of(const std::string& username) {
        auto tab =
            std::make_unique<ws_client>(server->port(), sign_in(server->port(), username, "password-" + username));
        tab->hello();
        return tab;
    }

    /** Alice makes a meeting with Meet Now; its meeting_state once she is in it (or it ended). */
    json alice_meets_now() {
        alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
        return last_of(meeting_states_until("in_meeting"));
    }

    /** Alice's next error event, past whatever else she hears; nothing if none comes within 5 s. */
    std::optional<json> next_error() { return next_of(*alice, "error"); }

    /**
     * `tab`'s rosters until one satisfies `done`; the last one heard (null if none in 30 s). One
     * long wait, as a timed-out read leaves the tab's socket unusable.
     */
    template <class Done> static json roster_until(ws_client& tab, Done done) {
        using namespace std::chrono;
        json last;
        const auto deadline = steady_clock::now() + seconds(30);
        while (const auto m = tab.receive(duration_cast<milliseconds>(deadline - steady_clock::now()))) {
            if ((*m)["type"] != "meeting_roster") continue;
            last = *m;
            if (done(last)) break;
        }
        return last;
    }

    /** The roster's participant shown as `name`, or one in state "absent". */
    static json named(const json& roster, const std::string& name) {
        for (const auto& p : roster["participants"])
            if (p["name"] == name) return p;
        return json{{"state", "absent"}, {"participant_id", "none"}};
    }

    /** How many of `pcm`'s 100 ms windows from sample `from` on hold `hz`, telling it from `tones`. */
    static int windows_with(const std::vector<std::int16_t>& pcm, std::size_t from, int hz,
                            const std::vector<int>& tones) {
        if (from >= pcm.size()) return 0;
        const std::vector<std::int16_t> tail(pcm.begin() + static_cast<std::ptrdiff_t>(from), pcm.end());
        int with = 0;
        for (const auto& w : tones_by_window(tail, 100, tones))
            if (std::ranges::find(w, hz) != w.end()) ++with;
        return with;
    }

    /** Where the last 1.5 s of 8 kHz `pcm` start (the start, if it is shorter). */
    static std::size_t last_second_and_a_half(const std::vector<std::int16_t>& pcm) {
        constexpr std::size_t samples = 12000;
        return pcm.size() > samples ? pcm.size() - samples : 0;
    }

    /** Whether `hz` sounds in at least 12 of the 15 windows of `pcm`'s last 1.5 s, told from `tones`. */
    static bool sounds_lately(const std::vector<std::int16_t>& pcm, int hz, const std::vector<int>& tones) {
        return windows_with(pcm, last_second_and_a_half(pcm), hz, tones) >= 12;
    }

    /** The audio port a SIP message's SDP names; 0 without one. */
    static int audio_port_of(const std::string& message) {
        std::smatch m;
        return std::regex_search(message, m, std::regex("m=audio ([0-9]+)")) ? std::stoi(m[1]) : 0;
    }

    /** Waits until the server's link to the mixer is up (or down). */
    bool mixer_is(bool up) {
        for (int i = 0; i < 250; ++i) {
            if (server->get().calls().meetings_available() == up) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    test_janus janus{dir.path};
};

} // namespace cvw::test
