// One log line per step a call takes, so an operator can follow one call: `grep call=<id>`.
#pragma once

#include "log.hpp"

#include <string>
#include <string_view>

namespace cvw::server::calls {

/** The call's business machine took `event` in state `from` and is now in `to` (maybe the same). */
inline void trace_transition(std::string_view call_id, std::string_view from, std::string_view event,
                             std::string_view to) {
    std::string line;
    line.reserve(64 + call_id.size() + from.size() + event.size() + to.size());
    line.append("call=").append(call_id).append(" from=").append(from).append(" event=").append(event);
    line.append(" to=").append(to);
    log_info(line);
}

/** One of the call's SIP legs (`role`: desk, callee, caller) took `event`; the event names its SIP message. */
inline void trace_leg_transition(std::string_view call_id, std::string_view role, std::string_view from,
                                 std::string_view event, std::string_view to) {
    std::string line;
    line.reserve(64 + call_id.size() + role.size() + from.size() + event.size() + to.size());
    line.append("call=").append(call_id).append(" leg=").append(role).append(" from=").append(from);
    line.append(" event=").append(event).append(" to=").append(to);
    log_info(line);
}

} // namespace cvw::server::calls
