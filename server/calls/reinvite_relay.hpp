// Passes a phone's own re-INVITE (hold, resume, codec change) to the other phone of a call in
// which cvw is only the signalling: the same offer goes on, the other phone's answer comes back.
#pragma once

#include "cvw/sdp/sdp.hpp"
#include "sip/sip_types.hpp"

#include <optional>

namespace cvw::server::sip {
class sofia_agent;
}

namespace cvw::server::calls {

class reinvite_relay {
public:
    /** `a` and `b` are the call's two legs; each keeps its own cvw origin (RFC 3264 §8). */
    reinvite_relay(sip::sofia_agent& agent, sip::leg_id a, sdp::origin& a_origin, sip::leg_id b,
                   sdp::origin& b_origin);

    /**
     * Takes the events that belong to a relayed re-INVITE; returns false for anything else. With
     * `ready` false (the phones are not talking to each other yet) a re-INVITE gets 491.
     */
    bool handle(const sip::leg_event& e, bool ready);
    /** Ends a relay in progress when the call ends (the waiting phone gets 500). */
    void abandon();

private:
    sip::leg_id other(sip::leg_id leg) const { return leg == a_ ? b_ : a_; }
    sdp::origin& origin_of(sip::leg_id leg) { return leg == a_ ? a_origin_ : b_origin_; }

    struct in_progress {
        sip::leg_id from = 0;        ///< waits for our answer
        sip::leg_id to = 0;          ///< re-INVITEd with from's offer
        bool offer_in_invite = true; ///< false: from's answer arrives in its ACK, for to's ACK
    };

    sip::sofia_agent& agent_;
    sip::leg_id a_, b_;
    sdp::origin& a_origin_;
    sdp::origin& b_origin_;
    std::optional<in_progress> pending_;
};

} // namespace cvw::server::calls
