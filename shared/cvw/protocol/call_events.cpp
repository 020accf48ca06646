#include "cvw/protocol/call_events.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::protocol {

event to_event(const call::call_update& u) {
    const auto handlers = overloaded{
        [&](const call::click_to_call_progress& p) -> event {
            return call_state{.call_id = u.call_id,
                              .state = std::string(u.state_name()),
                              .reason = std::string(u.reason_name()),
                              .message = call::describe(p.reason, u.peer.name),
                              .callee_name = u.peer.name,
                              .number = u.peer.number,
                              .started_at_ms = u.started_at_ms,
                              .connected_at_ms = u.connected_at_ms,
                              .conversation = u.conversation};
        },
        [&](const call::incoming_progress& p) -> event {
            return incoming_call{.call_id = u.call_id,
                                 .state = std::string(u.state_name()),
                                 .caller_name = u.peer.name,
                                 .caller_number = u.peer.number,
                                 .caller_username = u.peer.username,
                                 .outcome = std::string(u.reason_name()),
                                 .message =
                                     call::incoming::describe(p.how, u.peer.name.empty() ? u.peer.number : u.peer.name),
                                 .desk_phone_ringing = p.desk_phone_ringing,
                                 .started_at_ms = u.started_at_ms,
                                 .connected_at_ms = u.connected_at_ms};
        },
    };
    return std::visit(handlers, u.progress);
}

} // namespace cvw::protocol
