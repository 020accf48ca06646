// Passes a phone's own re-INVITE (hold, resume, codec change) to the other phone of a call in
// which cvw is only the signalling: the same offer goes on, the other phone's answer comes back.
#pragma once

#include "calls/sip_leg.hpp"

#include <optional>

namespace cvw::server::calls {

class reinvite_relay {
public:
    /** `a` and `b` are the call's two legs; each keeps its own cvw origin (RFC 3264 §8). */
    reinvite_relay(sip_leg& a, sip_leg& b) : a_(a), b_(b) {}

    /**
     * Takes a leg's notifications that belong to a relayed re-INVITE; returns false for anything
     * else. With `ready` false (the phones do not talk to each other yet) a re-INVITE gets 491.
     */
    bool handle(sip_leg& leg, const call::leg::command& notification, bool ready);
    /** A relayed re-INVITE is under way. */
    bool busy() const { return pending_.has_value(); }
    /** Ends a relay in progress when the call ends (the waiting phone gets 500). */
    void abandon();

private:
    sip_leg& other(const sip_leg& leg) { return &leg == &a_ ? b_ : a_; }

    struct in_progress {
        sip_leg* from = nullptr;     ///< waits for our answer
        sip_leg* to = nullptr;       ///< re-INVITEd with from's offer
        bool offer_in_invite = true; ///< false: from's answer arrives in its ACK, for to's ACK
    };

    sip_leg& a_;
    sip_leg& b_;
    std::optional<in_progress> pending_;
};

} // namespace cvw::server::calls
