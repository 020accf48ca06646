// A call's progress as the tabs see it: the wire event each kind of call update becomes.
#pragma once

#include "cvw/call/call_rate_caps.hpp"
#include "cvw/call/call_update.hpp"
#include "cvw/protocol/messages.hpp"

namespace cvw::protocol {

/** call_state for a click-to-call, incoming_call for a call to the user; names as docs/protocol.md. */
event to_event(const call::call_update& u);

/** The `call_limit_reached` error for a refused call: which cap, and the wait or the daily limit. */
error refusal_of(const call::call_cap_decision& d, const call::call_rate_limits& limits);

} // namespace cvw::protocol
