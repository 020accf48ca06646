// Wire names of a meeting join's states, end reasons and events.
#include "cvw/call/meeting_join_types.hpp"

#include <iterator>

namespace cvw::call::meeting_join {

std::string_view to_string(state s) {
    switch (s) {
    case state::idle: return "idle";
    case state::dialing_out: return "dialing_out";
    case state::entering_pin: return "entering_pin";
    case state::confirming: return "confirming";
    case state::joining: return "joining";
    case state::moving: return "moving";
    case state::in_meeting: return "in_meeting";
    case state::ended: return "ended";
    }
    return "ended";
}

std::string_view to_string(end_reason r) {
    switch (r) {
    case end_reason::none: return "none";
    case end_reason::left: return "left";
    case end_reason::cancelled: return "cancelled";
    case end_reason::phone_hung_up: return "phone_hung_up";
    case end_reason::phone_busy: return "phone_busy";
    case end_reason::phone_no_answer: return "phone_no_answer";
    case end_reason::phone_declined: return "phone_declined";
    case end_reason::phone_unreachable: return "phone_unreachable";
    case end_reason::pbx_unreachable: return "pbx_unreachable";
    case end_reason::pbx_rejected_credentials: return "pbx_rejected_credentials";
    case end_reason::not_confirmed: return "not_confirmed";
    case end_reason::removed: return "removed";
    case end_reason::meeting_ended: return "meeting_ended";
    case end_reason::mixer_unavailable: return "mixer_unavailable";
    case end_reason::move_failed: return "move_failed";
    case end_reason::no_callback_number: return "no_callback_number";
    case end_reason::callback_not_allowed: return "callback_not_allowed";
    case end_reason::not_allowed_by_policy: return "not_allowed_by_policy";
    case end_reason::server_stopped: return "server_stopped";
    case end_reason::not_admitted: return "not_admitted";
    case end_reason::bridge_hung_up: return "bridge_hung_up";
    }
    return "none";
}

std::optional<end_reason> parse_end_reason(std::string_view name) {
    for (int r = static_cast<int>(end_reason::none); r <= static_cast<int>(end_reason::bridge_hung_up); ++r)
        if (to_string(static_cast<end_reason>(r)) == name) return static_cast<end_reason>(r);
    return std::nullopt;
}

std::string_view name_of(const event& e) {
    static constexpr std::string_view names[] = {
        "join_requested",  "dialled_in",      "taken_over",     "pin_accepted",
        "pin_refused",     "phone_ringing",   "phone_answered", "phone_answered_without_audio",
        "phone_failed",    "phone_hung_up",   "digit_pressed",  "mixer_joined",
        "mixer_refused",   "mixer_lost",      "seat_lost",      "moved_to_mixer",
        "move_failed",     "leave_requested", "removed",        "meeting_ended",
        "server_stopping", "timer_fired"};
    static_assert(std::size(names) == std::variant_size_v<event>);
    return names[e.index()];
}

} // namespace cvw::call::meeting_join
