// What a call needs from the SIP stack: requests and responses on legs. sofia_agent is the real
// one; the driver tests use a fake that records every call. Facts come back as sip::leg_event.
#pragma once

#include "sip/sip_types.hpp"

#include <string>

namespace cvw::server::calls {

class sip_leg_port {
public:
    virtual ~sip_leg_port() = default;

    /** Sends an initial INVITE on a new leg and returns its id. */
    virtual sip::leg_id invite(sip::invite_request request) = 0;
    /** ACKs the leg's 2xx; `sdp` is the answer when the 2xx carried an offer. */
    virtual void ack(sip::leg_id leg, std::string sdp) = 0;
    /** Sends a re-INVITE; an empty `sdp` asks the peer for an offer. */
    virtual void reinvite(sip::leg_id leg, std::string sdp) = 0;
    /** Answers the peer's pending INVITE or re-INVITE; `contact` for a 3xx. */
    virtual void respond(sip::leg_id leg, int status, std::string sdp, std::string contact) = 0;
    virtual void cancel(sip::leg_id leg) = 0;
    virtual void bye(sip::leg_id leg) = 0;
};

} // namespace cvw::server::calls
