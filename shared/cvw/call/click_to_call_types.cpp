// Names, user-facing sentences and SIP status classification for click-to-call.
#include "cvw/call/click_to_call_types.hpp"

#include <iterator>

namespace cvw::call {

std::string_view to_string(state s) {
    switch (s) {
    case state::idle: return "idle";
    case state::calling_own_phone: return "calling_own_phone";
    case state::own_phone_answered: return "own_phone_answered";
    case state::calling_callee: return "calling_callee";
    case state::connecting: return "connecting";
    case state::connected: return "connected";
    case state::ended: return "ended";
    }
    return "ended";
}

std::string_view to_string(end_reason r) {
    switch (r) {
    case end_reason::none: return "none";
    case end_reason::hung_up_by_user: return "hung_up_by_user";
    case end_reason::cancelled_by_user: return "cancelled_by_user";
    case end_reason::own_phone_hung_up: return "own_phone_hung_up";
    case end_reason::callee_hung_up: return "callee_hung_up";
    case end_reason::own_phone_busy: return "own_phone_busy";
    case end_reason::own_phone_no_answer: return "own_phone_no_answer";
    case end_reason::own_phone_declined: return "own_phone_declined";
    case end_reason::own_phone_unreachable: return "own_phone_unreachable";
    case end_reason::callee_busy: return "callee_busy";
    case end_reason::callee_no_answer: return "callee_no_answer";
    case end_reason::callee_declined: return "callee_declined";
    case end_reason::callee_invalid_number: return "callee_invalid_number";
    case end_reason::callee_unreachable: return "callee_unreachable";
    case end_reason::pbx_unreachable: return "pbx_unreachable";
    case end_reason::pbx_rejected_credentials: return "pbx_rejected_credentials";
    case end_reason::not_allowed_by_policy: return "not_allowed_by_policy";
    case end_reason::no_callback_number: return "no_callback_number";
    case end_reason::connect_failed: return "connect_failed";
    case end_reason::callback_not_allowed: return "callback_not_allowed";
    case end_reason::server_stopped: return "server_stopped";
    case end_reason::escalated: return "escalated";
    }
    return "none";
}

std::string_view name_of(const event& e) {
    static constexpr std::string_view names[] = {
        "call_requested",    "own_phone_ringing", "own_phone_answered", "own_phone_failed",
        "own_phone_hung_up", "callee_ringing",    "callee_early_media", "callee_answered",
        "callee_failed",     "callee_hung_up",    "hangup_requested",   "server_stopping",
        "timer_fired",       "media_connected",   "connect_failed",     "escalate_requested"};
    static_assert(std::size(names) == std::variant_size_v<event>);
    return names[e.index()];
}

std::optional<end_reason> parse_end_reason(std::string_view name) {
    for (int r = static_cast<int>(end_reason::none); r <= static_cast<int>(end_reason::escalated); ++r)
        if (to_string(static_cast<end_reason>(r)) == name) return static_cast<end_reason>(r);
    return std::nullopt;
}

std::string_view to_string(leg_failure f) {
    switch (f) {
    case leg_failure::busy: return "busy";
    case leg_failure::no_answer: return "no_answer";
    case leg_failure::declined: return "declined";
    case leg_failure::unreachable: return "unreachable";
    case leg_failure::pbx_unreachable: return "pbx_unreachable";
    case leg_failure::auth_rejected: return "auth_rejected";
    }
    return "unreachable";
}

leg_failure classify_sip_status(int status) {
    switch (status) {
    case 486:
    case 600: return leg_failure::busy;
    case 408:
    case 480:
    case 487: return leg_failure::no_answer;
    case 603: return leg_failure::declined;
    case 401:
    case 407: return leg_failure::auth_rejected;
    case 503: return leg_failure::pbx_unreachable;
    default: return leg_failure::unreachable;
    }
}

} // namespace cvw::call
