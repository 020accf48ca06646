// Names of the bridge seat machine's states, failures, events and commands, for logs and tests.
#include "cvw/call/bridge_seat_types.hpp"

#include "cvw/call/call_text.hpp"
#include "cvw/overloaded.hpp"

#include <iterator>

namespace cvw::call::bridge_seat {

std::string_view to_string(state s) {
    switch (s) {
    case state::idle: return "idle";
    case state::calling: return "calling";
    case state::settling: return "settling";
    case state::keying: return "keying";
    case state::pointing: return "pointing";
    case state::seated: return "seated";
    case state::ended: return "ended";
    }
    return "ended";
}

std::string_view to_string(failure f) {
    switch (f) {
    case failure::none: return "none";
    case failure::bridge_failed: return "bridge_failed";
    case failure::no_answer: return "no_answer";
    case failure::no_telephone_event: return "no_telephone_event";
    case failure::hung_up: return "hung_up";
    case failure::refused_phone: return "refused_phone";
    case failure::left: return "left";
    }
    return "none";
}

namespace {
std::string_view to_string(timer_id t) { return t == timer_id::answer ? "answer" : "settle"; }
} // namespace

std::string_view name_of(const event& e) {
    static constexpr std::string_view names[] = {"seat_requested", "bridge_answered",   "bridge_failed",
                                                 "keys_sent",      "bridge_took_phone", "bridge_refused_phone",
                                                 "bridge_hung_up", "leave_requested",   "timer_fired"};
    static_assert(std::size(names) == std::variant_size_v<event>);
    return names[e.index()];
}

std::string to_string(const command& c) {
    using namespace commands;
    const auto handlers = overloaded{
        [](const invite_bridge&) { return with_args("invite_bridge", {}); },
        [](const cancel_bridge&) { return with_args("cancel_bridge", {}); },
        [](const bye_bridge&) { return with_args("bye_bridge", {}); },
        [](const send_keys&) { return with_args("send_keys", {}); },
        [](const stop_keys&) { return with_args("stop_keys", {}); },
        [](const point_bridge_at_phone&) { return with_args("point_bridge_at_phone", {}); },
        [](const arm_timer& v) {
            return with_args("arm_timer", {std::string(to_string(v.timer)), std::to_string(v.after_ms)});
        },
        [](const cancel_timer& v) { return with_args("cancel_timer", {std::string(to_string(v.timer))}); },
        [](const give_seat&) { return with_args("give_seat", {}); },
        [](const refuse_seat& v) { return with_args("refuse_seat", {std::string(to_string(v.why))}); },
        [](const report_lost&) { return with_args("report_lost", {}); },
    };
    return std::visit(handlers, c);
}

} // namespace cvw::call::bridge_seat
