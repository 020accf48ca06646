// Names and user-facing sentences of incoming calls.
#include "cvw/call/incoming_call_types.hpp"

#include <iterator>

namespace cvw::call::incoming {

std::string_view to_string(state s) {
    switch (s) {
    case state::idle: return "idle";
    case state::ringing: return "ringing";
    case state::accepted: return "accepted";
    case state::connected: return "connected";
    case state::ended: return "ended";
    }
    return "ended";
}

std::string_view to_string(outcome o) {
    switch (o) {
    case outcome::none: return "none";
    case outcome::answered_on_phone: return "answered_on_phone";
    case outcome::answered_in_browser: return "answered_in_browser";
    case outcome::declined: return "declined";
    case outcome::missed: return "missed";
    case outcome::desk_phone_unreachable: return "desk_phone_unreachable";
    case outcome::do_not_disturb: return "do_not_disturb";
    }
    return "none";
}

std::string_view name_of(const event& e) {
    static constexpr std::string_view names[] = {
        "call_arrived",        "desk_phone_answered", "desk_phone_failed", "desk_phone_hung_up", "accepted_in_browser",
        "declined_in_browser", "caller_hung_up",      "hangup_requested",  "server_stopping",    "no_answer_timeout"};
    static_assert(std::size(names) == std::variant_size_v<event>);
    return names[e.index()];
}

std::optional<outcome> parse_outcome(std::string_view name) {
    for (int o = static_cast<int>(outcome::none); o <= static_cast<int>(outcome::do_not_disturb); ++o)
        if (to_string(static_cast<outcome>(o)) == name) return static_cast<outcome>(o);
    return std::nullopt;
}

std::string_view to_string(do_not_disturb d) {
    switch (d) {
    case do_not_disturb::off: return "off";
    case do_not_disturb::desk_phone_only: return "desk_phone";
    case do_not_disturb::decline: return "decline";
    }
    return "off";
}

std::optional<do_not_disturb> parse_do_not_disturb(std::string_view name) {
    if (name == "desk_phone") return do_not_disturb::desk_phone_only;
    if (name == "decline") return do_not_disturb::decline;
    return std::nullopt;
}

} // namespace cvw::call::incoming
