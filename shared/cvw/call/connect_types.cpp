// Names of the connect machine's states, failures, events and commands, for logs and tests.
#include "cvw/call/connect_types.hpp"

#include "cvw/call/call_text.hpp"
#include "cvw/overloaded.hpp"

namespace cvw::call::connect {

std::string_view to_string(state s) {
    switch (s) {
    case state::idle: return "idle";
    case state::settling: return "settling";
    case state::asking_callee: return "asking_callee";
    case state::offering_own_phone: return "offering_own_phone";
    case state::connected: return "connected";
    case state::failed: return "failed";
    case state::abandoned: return "abandoned";
    }
    return "abandoned";
}

std::string_view to_string(connect_failure f) {
    switch (f) {
    case connect_failure::none: return "none";
    case connect_failure::callee_gave_no_offer: return "callee_gave_no_offer";
    case connect_failure::callee_refused_reinvite: return "callee_refused_reinvite";
    case connect_failure::own_phone_refused_offer: return "own_phone_refused_offer";
    case connect_failure::own_phone_gave_no_answer: return "own_phone_gave_no_answer";
    case connect_failure::leg_ended: return "leg_ended";
    }
    return "none";
}

std::string_view to_string(connect_timer t) {
    switch (t) {
    case connect_timer::ack_settle: return "ack_settle";
    }
    return "ack_settle";
}

std::string to_string(const event& e) {
    using namespace events;
    const auto handlers = overloaded{
        [](const start_with_callee_offer& v) { return with_args("start_with_callee_offer", {sdp_marker(v.sdp)}); },
        [](const start_asking_callee&) { return with_args("start_asking_callee", {}); },
        [](const timer_fired& v) { return with_args("timer_fired", {std::string(to_string(v.timer))}); },
        [](const callee_offered& v) { return with_args("callee_offered", {sdp_marker(v.sdp)}); },
        [](const callee_refused_reinvite& v) {
            return with_args("callee_refused_reinvite", {std::to_string(v.status)});
        },
        [](const own_phone_answered_offer& v) { return with_args("own_phone_answered_offer", {sdp_marker(v.sdp)}); },
        [](const own_phone_refused_offer& v) {
            return with_args("own_phone_refused_offer", {std::to_string(v.status)});
        },
        [](const call_ended&) { return with_args("call_ended", {}); },
    };
    return std::visit(handlers, e);
}

std::string to_string(const command& c) {
    using namespace commands;
    const auto handlers = overloaded{
        [](const arm_timer& v) {
            return with_args("arm_timer", {std::string(to_string(v.timer)), std::to_string(v.after_ms)});
        },
        [](const cancel_timer& v) { return with_args("cancel_timer", {std::string(to_string(v.timer))}); },
        [](const reinvite_callee&) { return with_args("reinvite_callee", {}); },
        [](const reinvite_own_phone& v) { return with_args("reinvite_own_phone", {sdp_marker(v.sdp)}); },
        [](const ack_callee& v) { return with_args("ack_callee", {sdp_marker(v.sdp)}); },
        [](const ack_callee_rejecting&) { return with_args("ack_callee_rejecting", {}); },
        [](const notify_media_connected&) { return with_args("notify_media_connected", {}); },
        [](const notify_connect_failed& v) {
            const auto status = v.status ? std::to_string(v.status) : std::string();
            return with_args("notify_connect_failed", {std::string(to_string(v.why)), status});
        },
    };
    return std::visit(handlers, c);
}

} // namespace cvw::call::connect
