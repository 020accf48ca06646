// What the call manager asks of every kind of call. A new kind of call (a meeting dial-out, say) is
// one driver implementing this over its own business machine in shared/cvw/call/.
#pragma once

#include "sip/sip_types.hpp"

#include <cstdint>
#include <string>

namespace cvw::server::calls {

class call_driver {
public:
    virtual ~call_driver() = default;

    virtual const std::string& id() const = 0;
    /** The user whose call it is: who may hang it up, and one call each. */
    virtual std::int64_t user_id() const = 0;
    /** A SIP fact about one of the call's legs (the manager routes by leg id). */
    virtual void on_leg_event(const sip::leg_event& e) = 0;
    /** The user hangs up, or cancels before the call connected. */
    virtual void hang_up() = 0;
    /** The server is shutting down: end the call cleanly, CANCEL or BYE every leg. */
    virtual void stop() = 0;
    /** Accept or decline in the page; false when this kind of call does not ring the user. */
    virtual bool accept() { return false; }
    virtual bool decline() { return false; }

    /** Over for the user (they may place the next call). */
    virtual bool ended() const = 0;
    /** Ended and every leg released: nothing of it is left, the manager forgets it. */
    virtual bool finished() const = 0;
};

} // namespace cvw::server::calls
