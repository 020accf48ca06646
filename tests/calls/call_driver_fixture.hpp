// The call drivers as the server runs them, around a fake SIP port and a manual clock: every
// message a call sends is a line to assert, and time moves only when a test says so.
#pragma once

#include "calls/click_to_call.hpp"
#include "calls/incoming_call.hpp"
#include "calls/meeting_join.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/event_text.hpp"
#include "fake_mixer.hpp"
#include "fake_sip_port.hpp"
#include "manual_clock.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <initializer_list>

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace cvw::test {

/** What the page shows for a call event, rendered from the English catalog. */
template <class Event> std::string english(const Event& e) {
    return i18n::catalogs::built_in().render("en", protocol::text_of(e));
}

using lines = std::vector<std::string>;

/** An SDP body as a phone sends it: its own o= line, audio at `address`:`port`, G.711 and DTMF. */
std::string phone_sdp(const std::string& user, int session, const std::string& address, int port,
                      const std::string& direction = "sendrecv");

// The phones' bodies; each m= port names who sent it, so a test sees which SDP went where.
// Click-to-call: the desk phone answers cvw's ringback offer (40010), then the callee's offer (40012).
inline const std::string desk_answer = phone_sdp("desk", 1111, "192.0.2.10", 40010);
inline const std::string desk_connect = phone_sdp("desk", 1111, "192.0.2.10", 40012);
inline const std::string desk_hold = phone_sdp("desk", 1111, "192.0.2.10", 40012, "sendonly");
// The callee answers cvw's relay offer (40020), plays early media in a 183 (40021), offers afresh (40022).
inline const std::string callee_answer = phone_sdp("callee", 2222, "192.0.2.20", 40020);
inline const std::string callee_early = phone_sdp("callee", 2222, "192.0.2.20", 40021);
inline const std::string callee_offer = phone_sdp("callee", 2222, "192.0.2.20", 40022);
inline const std::string callee_held = phone_sdp("callee", 2222, "192.0.2.20", 40022, "recvonly");
// Incoming: the caller offers (40030) or, calling with a late offer, answers in its ACK (40031);
// the desk phone answers (40040) or offers (40041).
inline const std::string caller_offer = phone_sdp("caller", 3333, "192.0.2.30", 40030);
inline const std::string caller_hold = phone_sdp("caller", 3333, "192.0.2.30", 40030, "sendonly");
inline const std::string caller_late_answer = phone_sdp("caller", 3333, "192.0.2.30", 40031);
inline const std::string desk_incoming_answer = phone_sdp("desk", 4444, "192.0.2.40", 40040);
inline const std::string desk_incoming_held = phone_sdp("desk", 4444, "192.0.2.40", 40040, "recvonly");
inline const std::string desk_incoming_offer = phone_sdp("desk", 4444, "192.0.2.40", 40041);
// Meeting join: the desk phone answers cvw's offer (40050), keeps that address when moved to the
// mixer, or moves (40051).
inline const std::string desk_meeting_answer = phone_sdp("desk", 5555, "192.0.2.50", 40050);
inline const std::string desk_meeting_moved = phone_sdp("desk", 5555, "192.0.2.50", 40051);

/** The o= line of a body. */
std::string origin_line(const std::string& sdp);
/** The session id of the o= line ("o=cvw 42 3 IN IP4 ..." -> "cvw 42"), to see one session per leg. */
std::string session_of(const std::string& sdp);
/** The version of the o= line, which cvw bumps with each body it sends on a leg. */
std::uint64_t version_of(const std::string& sdp);
/** The port of the first m=audio line; 0 for a declined stream or no body. */
int audio_port(const std::string& sdp);

/** The call trace (docs/config.md) logged while it lives: the call's lines and its legs' lines. */
class trace_capture {
public:
    trace_capture();
    ~trace_capture();
    trace_capture(const trace_capture&) = delete;
    trace_capture& operator=(const trace_capture&) = delete;

    std::vector<std::string> calls; ///< "call=<id> from=… event=… to=…"
    std::vector<std::string> legs;  ///< "call=<id> leg=<role> from=… event=… to=…"
};

class call_driver_test : public ::testing::Test {
protected:
    using kind = server::sip::leg_event::kind;
    using leg_id = server::sip::leg_id;

    static constexpr std::int64_t user_id = 7;
    static constexpr const char* desk_number = "+14255550101"; ///< Alice's callback number
    static constexpr const char* caller_id = "+14255550000";   ///< the global caller ID on her desk phone
    static constexpr leg_id desk_leg = 1;                      ///< cvw's first INVITE (the fake counts from 1)
    static constexpr leg_id callee_leg = 2;
    static constexpr leg_id caller_leg = 100; ///< an incoming call's leg, made by the stack
    static constexpr std::int64_t desk_ring_ms = 30'000;
    static constexpr std::int64_t callee_ring_ms = 45'000;

    call_driver_test();
    ~call_driver_test() override;

    /** Alice clicks to call `destination`; `conversation`: the IM peer it was placed from. */
    std::shared_ptr<server::calls::click_to_call> place(const std::string& destination = "1002",
                                                        std::string conversation = {});
    /** A call arrives for Alice from Bob Jones (in the directory), offering `sdp` (empty: a late offer). */
    std::shared_ptr<server::calls::incoming_call> ring(call::incoming::settings settings,
                                                       std::string sdp = caller_offer);
    /** Alice joins the weekly sync (room 4821, bridge +14255550199) by dial-out; `digit`: to confirm with. */
    std::shared_ptr<server::calls::meeting_join> join_meeting(char digit = 0);
    /**
     * A call to the bridge from an outside number (shown as "+1425•••••77"), offering `sdp` (empty:
     * a late offer); conference ID 123456 names the weekly sync (room 4821) with PIN 4321. Its
     * entry's ends go to entries_done().
     */
    std::shared_ptr<server::calls::meeting_join> dial_in(std::string sdp);
    /** How dial-in entries ended since the last call: "admitted wrong=0", "caller_hung_up wrong=1", ... */
    lines entries_done() { return std::exchange(entries_done_, {}); }
    /** Settings for an incoming call: simultaneous ring on Alice's desk phone, a tab open, no fallback. */
    static call::incoming::settings alice_settings();

    /** Reports what the stack saw on `leg` to the call that bound it, as call_manager does. */
    /** `from_peer` false: a failure the stack made up (its timeout), not one the PBX sent. */
    void deliver(leg_id leg, kind what, int status = 0, std::string sdp = {}, bool from_peer = true);
    /**
     * The stack releases `legs`; then nothing of the call may be left (finished: legs and media
     * gone), and nothing more sent, reported or armed on the clock.
     */
    template <class Call> void expect_nothing_left(const Call& call, std::initializer_list<leg_id> legs) {
        for (auto leg : legs) deliver(leg, kind::released);
        EXPECT_TRUE(call.finished());
        EXPECT_EQ(sent(), lines{});
        EXPECT_EQ(reported(), lines{});
        EXPECT_EQ(reported_incoming(), lines{});
        EXPECT_EQ(reported_meeting(), lines{});
        EXPECT_EQ(mixer_.take(), lines{});
        EXPECT_EQ(clock_.pending(), 0u);
    }

    /** SIP lines sent since the last call. */
    lines sent() { return sip_.take(); }
    /** Click-to-call reports since the last call: "state", or "ended reason". */
    lines reported();
    /** Incoming-call reports since the last call: "state", or "ended outcome". */
    lines reported_incoming();
    /** Meeting-join reports since the last call: "state", or "ended reason". */
    lines reported_meeting();
    /** What meeting joins told of their phones talking since the last call: "<meeting> <call> on|off". */
    lines talked() { return std::exchange(talked_, {}); }
    const protocol::meeting_state& last_meeting_report() const { return meeting_reports_.back(); }
    const protocol::call_state& last_report() const { return reports_.back(); }
    /** The typed update behind the last report of either kind. */
    const call::call_update& last_update() const { return updates_.back(); }
    /** Every click-to-call report so far, taken or not. */
    const std::vector<protocol::call_state>& reports() const { return reports_; }
    const protocol::incoming_call& last_incoming_report() const { return incoming_reports_.back(); }
    /** The body of the last `kind` ("invite", "ack", "reinvite", "respond") sent on `leg`. */
    std::string body(leg_id leg, const std::string& what) const { return sip_.last_body(leg, what); }

    /** A click-to-call up to the callee ringing (A answered, B's 180); lines and reports taken. */
    std::shared_ptr<server::calls::click_to_call> callee_ringing_call();
    /** A click-to-call whose phones talk to each other (early offer with relay); lines and reports taken. */
    std::shared_ptr<server::calls::click_to_call> connected_call();
    /** An incoming call the desk phone answered, the caller's ACK in; lines and reports taken. */
    std::shared_ptr<server::calls::incoming_call> connected_incoming_call();

    boost::asio::io_context ioc_; ///< never run: ringback and relay sockets are bound but stay idle
    fake_sip_port sip_;
    fake_mixer mixer_;
    manual_clock clock_;
    std::shared_ptr<server::media::rtp_port_pool> ports_ = std::make_shared<server::media::rtp_port_pool>(47000, 47999);
    server::calls::call_environment env_;
    dial_plan plan_;
    call::ring_timeouts timeouts_{.own_phone_ms = desk_ring_ms, .callee_ms = callee_ring_ms};

private:
    std::vector<call::call_update> updates_;
    lines talked_;
    std::vector<protocol::call_state> reports_;
    std::vector<protocol::incoming_call> incoming_reports_;
    std::vector<protocol::meeting_state> meeting_reports_;
    std::size_t meeting_reports_taken_ = 0;
    std::size_t reports_taken_ = 0;
    std::size_t incoming_reports_taken_ = 0;
    std::unordered_map<leg_id, std::string> call_of_leg_;
    std::map<std::string, std::shared_ptr<server::calls::call_driver>> calls_;
    int next_call_ = 1;
    lines entries_done_;
};

} // namespace cvw::test
