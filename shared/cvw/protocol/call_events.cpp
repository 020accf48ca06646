#include "cvw/protocol/call_events.hpp"

#include "cvw/overloaded.hpp"

#include <algorithm>

namespace cvw::protocol {

event to_event(const call::call_update& u) {
    const auto handlers = overloaded{
        [&](const call::click_to_call_progress&) -> event {
            return call_state{.call_id = u.call_id,
                              .state = std::string(u.state_name()),
                              .reason = std::string(u.reason_name()),
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
                                 .desk_phone_ringing = p.desk_phone_ringing,
                                 .started_at_ms = u.started_at_ms,
                                 .connected_at_ms = u.connected_at_ms};
        },
        [&](const call::meeting_join_progress& p) -> event {
            return meeting_state{.call_id = u.call_id,
                                 .meeting_id = p.meeting_id,
                                 .subject = u.peer.name,
                                 .state = std::string(u.state_name()),
                                 .reason = std::string(u.reason_name()),
                                 .number = u.peer.number,
                                 .started_at_ms = u.started_at_ms,
                                 .joined_at_ms = u.connected_at_ms};
        },
    };
    return std::visit(handlers, u.progress);
}

error refusal_of(const call::call_cap_decision& d, const call::call_rate_limits& limits) {
    const auto cap = d.refused_by.value_or(call::call_cap::global_second);
    const auto wait_seconds = std::max<std::int64_t>(1, (d.retry_after_ms + 999) / 1000);
    error e{.code = "call_limit_reached", .field = "", .detail = std::string(call::to_string(cap)), .params = {}};
    if (cap == call::call_cap::per_user_day) e.params.emplace("limit", std::to_string(limits.user_calls_per_day));
    else e.params.emplace("seconds", std::to_string(wait_seconds));
    return e;
}

} // namespace cvw::protocol
