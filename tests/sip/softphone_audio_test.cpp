// Click-to-call with real softphones (baresip) on both ends, checked by what each phone heard:
// the desk phone hears ringback (or the callee's early media), then the callee; after connect cvw
// holds no RTP port, so the audio both phones keep hearing flows between them directly.
#include "baresip_phone.hpp"
#include "call_fixture.hpp"

#include <spandsp.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;
using answer = baresip_phone::answer;

constexpr int desk_tone = 600, bob_tone = 1000;

class softphone_call : public call_fixture {
protected:
    /** Places a call to Bob, lets him ring for `ring_for`, answers on his phone, talks, hangs up. */
    void call_bob(baresip_phone& bob, std::chrono::milliseconds ring_for) {
        start_server();
        place("1002");
        auto states = states_until("calling_callee");
        ASSERT_FALSE(states.empty());
        ASSERT_EQ(states.back()["state"], "calling_callee") << states.back().dump();
        EXPECT_EQ(server->get().calls().media_ports_in_use(), 2u); // ringback toward the desk, relay port
        std::this_thread::sleep_for(ring_for);
        bob.command("/accept");
        talk_then_hang_up();
    }

    /** Once connected: cvw gives its RTP ports back, the phones talk 2 s without it, Alice hangs up. */
    void talk_then_hang_up() {
        auto states = states_until("connected");
        ASSERT_FALSE(states.empty()); // a crash here would leave Kamailio and the phones running
        ASSERT_EQ(states.back()["state"], "connected") << states.back().dump();
        auto& calls = server->get().calls();
        for (int i = 0; i < 250 && calls.media_ports_in_use() > 0; ++i) std::this_thread::sleep_for(20ms);
        ASSERT_EQ(calls.media_ports_in_use(), 0u);
        std::this_thread::sleep_for(2s);
        alice->send(json{{"type", "hang_up"}, {"call_id", states.back()["call_id"]}});
        EXPECT_EQ(last_state_until("ended")["reason"], "hung_up_by_user");
        expect_nothing_left();
    }

    static bool has(const std::vector<int>& tones, int hz) { return std::ranges::find(tones, hz) != tones.end(); }
    static bool is_ringback(const std::vector<int>& tones) { return has(tones, 440) && has(tones, 480); }

    /** Indices of the 100 ms windows of `audio` in which `pred` holds. */
    template <class Pred> static std::vector<int> windows(const std::vector<std::int16_t>& audio, Pred pred) {
        std::vector<int> out;
        const auto all = tones_by_window(audio, 100, {440, 480, desk_tone, bob_tone});
        for (int i = 0; i < static_cast<int>(all.size()); ++i)
            if (pred(all[i])) out.push_back(i);
        return out;
    }

    /** The audio ports in every SDP the phone sent or received. */
    static std::vector<int> sdp_ports(const std::string& log) {
        std::vector<int> out;
        static const std::regex m_line("m=audio ([0-9]+)");
        for (auto it = std::sregex_iterator(log.begin(), log.end(), m_line); it != std::sregex_iterator(); ++it)
            out.push_back(std::stoi((*it)[1]));
        return out;
    }

    static bool any_in(const std::vector<int>& ports, const baresip_phone& phone) {
        return std::ranges::any_of(ports,
                                   [&](int p) { return p >= phone.rtp_port_min() && p <= phone.rtp_port_max(); });
    }
};

TEST_F(softphone_call, the_caller_hears_ringback_then_the_callee_over_direct_rtp) {
    baresip_phone desk(dir.path, alice_phone, pbx, answer::automatically, desk_tone);
    baresip_phone bob(dir.path, "1002", pbx, answer::on_command, bob_tone);
    call_bob(bob, 2500ms);
    if (HasFatalFailure()) return;

    const auto desk_heard = desk.heard();
    const auto ringback = windows(desk_heard, is_ringback);
    const auto bob_voice = windows(desk_heard, [](auto& t) { return has(t, bob_tone); });
    // 2.5 s of ringing: the tone's 2 s "on" cadence, then Bob for the 2 s of conversation.
    EXPECT_GE(ringback.size(), 15u) << desk.log();
    EXPECT_GE(bob_voice.size(), 15u);
    if (!ringback.empty() && !bob_voice.empty()) {
        EXPECT_LT(ringback.back(), bob_voice.front());
    }

    const auto bob_heard = bob.heard();
    EXPECT_GE(windows(bob_heard, [](auto& t) { return has(t, desk_tone); }).size(), 15u) << bob.log();
    EXPECT_TRUE(windows(bob_heard, is_ringback).empty()); // cvw's tone only ever went to the desk phone

    // The SDP each phone ended up with names the other phone's RTP port.
    EXPECT_TRUE(any_in(sdp_ports(desk.log()), bob)) << desk.log();
    EXPECT_TRUE(any_in(sdp_ports(bob.log()), desk)) << bob.log();
}

TEST_F(softphone_call, hold_and_resume_on_the_desk_phone_reach_the_callee) {
    baresip_phone desk(dir.path, alice_phone, pbx, answer::automatically, desk_tone);
    baresip_phone bob(dir.path, "1002", pbx, answer::on_command, bob_tone);
    start_server();
    place("1002");
    ASSERT_EQ(last_state_until("calling_callee")["state"], "calling_callee");
    bob.command("/accept");
    auto states = states_until("connected");
    ASSERT_FALSE(states.empty());
    ASSERT_EQ(states.back()["state"], "connected");
    auto& calls = server->get().calls();
    for (int i = 0; i < 250 && calls.media_ports_in_use() > 0; ++i) std::this_thread::sleep_for(20ms);

    // The desk phone holds (its re-INVITE goes through cvw to Bob's phone), then resumes.
    std::this_thread::sleep_for(1500ms);
    desk.command("/hold");
    std::this_thread::sleep_for(2000ms);
    desk.command("/resume");
    std::this_thread::sleep_for(2000ms);
    EXPECT_EQ(calls.active_calls(), 1u);       // the call went on through hold and resume...
    EXPECT_EQ(calls.media_ports_in_use(), 0u); // ...with cvw in the signalling only
    alice->send(json{{"type", "hang_up"}, {"call_id", states.back()["call_id"]}});
    EXPECT_EQ(last_state_until("ended")["reason"], "hung_up_by_user");
    expect_nothing_left();

    // Bob's phone saw the hold offer (sendonly) and answered it (recvonly), then the resume offer
    // (sendrecv) and answered that; the desk phone got both answers.
    const auto bob_log = bob.log(), desk_log = desk.log();
    const auto hold_at_bob = bob_log.find("a=sendonly");
    ASSERT_NE(hold_at_bob, std::string::npos) << bob_log;
    EXPECT_NE(bob_log.find("a=recvonly", hold_at_bob), std::string::npos);
    EXPECT_NE(bob_log.find("a=sendrecv", hold_at_bob), std::string::npos); // resumed
    const auto held_at_desk = desk_log.find("a=recvonly");
    ASSERT_NE(held_at_desk, std::string::npos) << desk_log;
    EXPECT_NE(desk_log.find("a=sendrecv", held_at_desk), std::string::npos);
}

TEST_F(softphone_call, the_callees_early_media_replaces_the_ringback) {
    // Bob's phone (sipp) answers cvw's offer with a 183 and streams a 1 kHz tone from then on.
    std::string tone(8000, '\0');
    for (std::size_t i = 0; i < tone.size(); ++i)
        tone[i] = static_cast<char>(
            linear_to_ulaw(static_cast<int>(8000 * std::sin(2 * M_PI * bob_tone * static_cast<double>(i) / 8000.0))));
    std::ofstream(dir.path / "bob-tone.ulaw", std::ios::binary) << tone;
    const auto bob_scenario =
        filled_scenario(dir.path, "callee_early_media.xml", {{"TONE_FILE", (dir.path / "bob-tone.ulaw").string()}});

    baresip_phone desk(dir.path, alice_phone, pbx, answer::automatically, desk_tone);
    sipp_phone bob(dir.path, bob_scenario, "1002", pbx, 2500);
    start_server();
    place("1002");
    talk_then_hang_up();
    if (HasFatalFailure()) return;
    EXPECT_EQ(bob.finished(std::chrono::seconds(10)), 0) << bob.messages();

    // The desk phone heard Bob's tone while he had not answered (the first 2.5 s), relayed by cvw
    // in place of the generated ringback, and kept hearing it, directly, after the answer.
    const auto desk_heard = desk.heard();
    const auto early = windows(desk_heard, [](auto& t) { return has(t, bob_tone); });
    const auto before_answer = std::ranges::count_if(early, [](int w) { return w >= 2 && w < 22; });
    EXPECT_GE(before_answer, 18) << desk.log();
    EXPECT_LE(windows(desk_heard, is_ringback).size(), 1u);
    EXPECT_GE(std::ranges::count_if(early, [](int w) { return w >= 28; }), 12) << ::testing::PrintToString(early);

    // Bob's stream was pointed at cvw's relay, then (the ACK of the re-INVITE) at the desk phone.
    const auto acks = received(bob.messages(), "ACK ");
    ASSERT_EQ(acks.size(), 2u);
    EXPECT_TRUE(any_in(sdp_ports(acks[1]), desk)) << acks[1];
    const auto invites = received(bob.messages(), "INVITE ");
    ASSERT_EQ(invites.size(), 2u);
    EXPECT_TRUE(offers_cvw_media(invites[0])) << invites[0];
}

} // namespace
} // namespace cvw::test
