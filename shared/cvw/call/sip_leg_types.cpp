// Names of a SIP leg's states, events and commands, for logs and tests.
#include "cvw/call/sip_leg_types.hpp"

#include "cvw/call/call_text.hpp"
#include "cvw/overloaded.hpp"

namespace cvw::call::leg {
namespace {

std::string timer(leg_timer t) { return std::string(to_string(t)); }

} // namespace

std::string_view to_string(leg_direction d) { return d == leg_direction::outgoing ? "outgoing" : "incoming"; }

std::string_view to_string(state s) {
    switch (s) {
    case state::idle: return "idle";
    case state::inviting: return "inviting";
    case state::early: return "early";
    case state::offered: return "offered";
    case state::answered: return "answered";
    case state::confirmed: return "confirmed";
    case state::reinviting: return "reinviting";
    case state::reinvite_answered: return "reinvite_answered";
    case state::peer_reinviting: return "peer_reinviting";
    case state::peer_reinvite_answered: return "peer_reinvite_answered";
    case state::glare_backoff: return "glare_backoff";
    case state::ending: return "ending";
    case state::ended: return "ended";
    }
    return "ended";
}

std::string_view to_string(leg_timer t) {
    switch (t) {
    case leg_timer::glare_retry: return "glare_retry";
    }
    return "glare_retry";
}

std::string to_string(const event& e) {
    using namespace events;
    const auto handlers = overloaded{
        [](const invite_requested& v) { return with_args("invite_requested", {sdp_marker(v.sdp)}); },
        [](const ack_requested& v) { return with_args("ack_requested", {sdp_marker(v.sdp)}); },
        [](const reinvite_requested& v) { return with_args("reinvite_requested", {sdp_marker(v.sdp)}); },
        [](const answer_requested& v) {
            return with_args("answer_requested", {std::to_string(v.status), sdp_marker(v.sdp)});
        },
        [](const hangup_requested& v) { return with_args("hangup_requested", {std::to_string(v.refusal_status)}); },
        [](const provisional_received& v) {
            return with_args("provisional_received", {std::to_string(v.status), sdp_marker(v.sdp)});
        },
        [](const success_received& v) { return with_args("success_received", {sdp_marker(v.sdp)}); },
        [](const failure_received& v) { return with_args("failure_received", {std::to_string(v.status)}); },
        [](const invite_received& v) { return with_args("invite_received", {sdp_marker(v.sdp)}); },
        [](const ack_received& v) { return with_args("ack_received", {sdp_marker(v.sdp)}); },
        [](const bye_received&) { return with_args("bye_received", {}); },
        [](const cancel_received&) { return with_args("cancel_received", {}); },
        [](const released&) { return with_args("released", {}); },
        [](const timer_fired& v) { return with_args("timer_fired", {timer(v.timer)}); },
    };
    return std::visit(handlers, e);
}

std::string to_string(const command& c) {
    using namespace commands;
    const auto handlers = overloaded{
        [](const send_invite& v) { return with_args("send_invite", {sdp_marker(v.sdp)}); },
        [](const send_ack& v) { return with_args("send_ack", {sdp_marker(v.sdp)}); },
        [](const send_ack_rejecting&) { return with_args("send_ack_rejecting", {}); },
        [](const send_reinvite& v) { return with_args("send_reinvite", {sdp_marker(v.sdp)}); },
        [](const send_response& v) {
            return with_args("send_response", {std::to_string(v.status), sdp_marker(v.sdp)});
        },
        [](const send_cancel&) { return with_args("send_cancel", {}); },
        [](const send_bye&) { return with_args("send_bye", {}); },
        [](const arm_timer& v) {
            const auto range = std::to_string(v.min_ms) + "-" + std::to_string(v.max_ms);
            return with_args("arm_timer", {timer(v.timer), range});
        },
        [](const cancel_timer& v) { return with_args("cancel_timer", {timer(v.timer)}); },
        [](const notify_incoming& v) { return with_args("notify_incoming", {sdp_marker(v.sdp)}); },
        [](const notify_progress& v) {
            return with_args("notify_progress", {std::to_string(v.status), sdp_marker(v.sdp)});
        },
        [](const notify_answered& v) { return with_args("notify_answered", {sdp_marker(v.sdp)}); },
        [](const notify_failed& v) { return with_args("notify_failed", {std::to_string(v.status)}); },
        [](const notify_reinvite_answered& v) { return with_args("notify_reinvite_answered", {sdp_marker(v.sdp)}); },
        [](const notify_reinvite_failed& v) { return with_args("notify_reinvite_failed", {std::to_string(v.status)}); },
        [](const notify_reinvited& v) { return with_args("notify_reinvited", {sdp_marker(v.sdp)}); },
        [](const notify_reinvite_cancelled&) { return with_args("notify_reinvite_cancelled", {}); },
        [](const notify_acked& v) { return with_args("notify_acked", {sdp_marker(v.sdp)}); },
        [](const notify_hung_up_by_peer&) { return with_args("notify_hung_up_by_peer", {}); },
        [](const notify_released&) { return with_args("notify_released", {}); },
    };
    return std::visit(handlers, c);
}

} // namespace cvw::call::leg
