// A call's progress as the tabs see it: the wire event each kind of call update becomes.
#pragma once

#include "cvw/call/call_update.hpp"
#include "cvw/protocol/messages.hpp"

namespace cvw::protocol {

/** call_state for a click-to-call, incoming_call for a call to the user; names as docs/protocol.md. */
event to_event(const call::call_update& u);

} // namespace cvw::protocol
