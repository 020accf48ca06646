// The meeting mixer of the PBX backend ([meetings] backend = "pbx"): a conference bridge the PBX
// already owns. Each seat is a SIP call of cvw's to the bridge URI: keyed into the right
// conference from cvw's own RTP port, then pointed at the phone, so the phone and the bridge talk
// directly (shared/cvw/call/bridge_seat_machine.cpp says how). The bridge's own people are its
// business: cvw cannot mute a seat there, nor hear who talks.
#pragma once

#include "calls/click_to_call.hpp"
#include "calls/mixer_port.hpp"
#include "cvw/call/bridge_seat_types.hpp"

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace cvw::server::calls {

struct bridge_settings {
    std::string uri_template;  ///< e.g. "sip:{conference_id}@pbx.example.com"
    std::string keys_template; ///< e.g. "{conference_id}#{pin}#"
    std::string caller_number; ///< the From user of the calls to the bridge; empty: "cvw"
    call::bridge_seat::timeouts timeouts;
};

class pbx_bridge_mixer final : public mixer_port {
public:
    /** Everything runs on the calls' strand: every method, every answer, and on_leg_event. */
    pbx_bridge_mixer(call_environment& env, bridge_settings settings);
    ~pbx_bridge_mixer() override;
    pbx_bridge_mixer(const pbx_bridge_mixer&) = delete;
    pbx_bridge_mixer& operator=(const pbx_bridge_mixer&) = delete;

    void join(const meeting_room& where, std::string display, g711 codec, rtp_address phone, seat_fn then) override;
    void leave(const mixer_participant& seat) override;
    /** Refused: muting is the bridge's, not cvw's. */
    void mute(const mixer_participant& seat, bool muted, std::function<void(bool ok)> then) override;
    /** cvw hears nothing of what goes through the bridge: never called. */
    void watch_talking(const mixer_participant&, std::function<void(bool)>) override {}
    void watch_lost(const mixer_participant& seat, std::function<void()> lost) override;

    /** Takes a SIP event of one of the seats' legs; false when the leg is none of theirs. */
    bool on_leg_event(const sip::leg_event& e);
    /** Seats given or under way, each with its call to the bridge; any thread (for shutdown and leak checks). */
    std::size_t seats() const { return count_.load(); }
    /** Server shutdown: every call to the bridge is hung up or cancelled; seats not yet given are refused. */
    void stop();

    class seat_call;

private:
    friend class seat_call;
    /** Forgets a seat whose machine ended and whose leg is gone. */
    void forget(std::uint64_t id);

    call_environment& env_;
    bridge_settings settings_;
    std::uint64_t next_id_ = 1;
    std::map<std::uint64_t, std::shared_ptr<seat_call>> seats_;
    std::unordered_map<sip::leg_id, std::uint64_t> seat_of_leg_;
    std::atomic<std::size_t> count_{0};
};

} // namespace cvw::server::calls
