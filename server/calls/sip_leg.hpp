// One SIP leg of a call: its id, its SDP origin and its offer/answer machine, carried out through
// the SIP-leg port and the call clock. The owner asks (invite, ack, reinvite, answer, hang_up) and
// hears back what the machine tells it (the notify_* commands).
#pragma once

#include "calls/call_clock.hpp"
#include "calls/sip_leg_port.hpp"
#include "cvw/call/sip_leg_machine.hpp"
#include "cvw/sdp/sdp.hpp"

#include <functional>
#include <string>

namespace cvw::server::calls {

class sip_leg {
public:
    /** Gets each notify_* command of the machine, in order; may call back into the leg. */
    using listener = std::function<void(sip_leg&, const call::leg::command&)>;

    /** `call_id` and `role` ("desk", "callee", "caller") name the leg in the call trace. */
    sip_leg(sip_leg_port& sip, call_clock& clock, call::leg::leg_direction direction, sdp::origin origin,
            std::string call_id, std::string role, listener on_notify);
    ~sip_leg();
    sip_leg(const sip_leg&) = delete;
    sip_leg& operator=(const sip_leg&) = delete;

    /**
     * Starts over for a new dialog once the last one's INVITE failed: a fresh machine and no id (the
     * old id's late events then match nobody), the same origin. For a phone dialled again.
     */
    void renew();
    /** Outgoing: sends the INVITE; `request.sdp` is the offer (empty: a late offer). */
    void invite(sip::invite_request request);
    /**
     * Add person: the leg, still up, now belongs to another call (a meeting join), which names it
     * in the trace and hears its notifications from now on.
     */
    void rebind(std::string call_id, std::string role, listener on_notify);
    /** Incoming: takes over the leg the stack made for the peer's INVITE, which offers `sdp`. */
    void adopt(sip::leg_id id, std::string sdp);
    /** ACKs a 2xx that brought an offer; `sdp` is the answer. */
    void ack(std::string sdp);
    /** Re-INVITEs; an empty `sdp` asks the peer for an offer. */
    void reinvite(std::string sdp);
    /** Answers the peer's INVITE or re-INVITE; `contact` for a 3xx. */
    void answer(int status, std::string sdp = {}, std::string contact = {});
    /** CANCEL, BYE or `refusal` for an unanswered incoming INVITE: whatever the leg's state needs. */
    void hang_up(int refusal = 480);
    /** What the stack saw on this leg. */
    void on_event(const sip::leg_event& e);

    sip::leg_id id() const { return id_; }
    call::leg::state state() const { return machine_.current(); }
    /** No dialog left: never started, or released by the stack. */
    bool released() const { return id_ == 0 || machine_.current() == call::leg::state::ended; }
    /** The last SDP the peer sent on this leg (offer or answer): where it takes its audio now. */
    const std::string& peer_sdp() const { return peer_sdp_; }
    /** The o= line cvw uses on this leg (RFC 3264 §8: one session per leg, its version bumped per offer). */
    sdp::origin& origin() { return origin_; }
    /** `sdp` with this leg's origin, as cvw sends it on this leg. */
    std::string own(std::string_view sdp) { return sdp::rewrite_origin(sdp, origin_); }

private:
    void feed(const call::leg::event& e);
    void execute(const call::leg::command& c);

    sip_leg_port& sip_;
    call_clock& clock_;
    call::leg::sip_leg_machine machine_;
    sdp::origin origin_;
    std::string call_id_;
    std::string role_;
    listener on_notify_;
    sip::leg_id id_ = 0;
    sip::invite_request request_; ///< the initial INVITE until the machine sends it (then emptied)
    std::string contact_;         ///< for the next 3xx answer
    std::string peer_sdp_;
    call_clock::timer_id glare_timer_ = 0;
};

} // namespace cvw::server::calls
