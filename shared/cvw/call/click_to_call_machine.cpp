// Click-to-call transitions, all in one place.
//
// Theory of operation
// -------------------
// The server is a B2BUA (RFC 3725 Flow IV): it first calls the user's own desk phone (leg A),
// plays ringback to it once answered, then calls the callee (leg B), and finally re-INVITEs leg A
// with B's SDP so audio flows phone to phone (shared/cvw/call/connect_machine.cpp; media_connected
// when that is done). This machine decides; a driver turns its commands
// into SIP, timers and UI updates, and feeds back what happened as events. Ring timeouts are
// armed here as data (arm_timer) and come back as timer_fired; a stale timer is simply ignored.
//
// state               event                 -> state               commands
// idle                call_requested ok     -> calling_own_phone   invite_own_phone, arm own timer, report
// idle                call_requested bad    -> ended(policy/no callback/number)   report
//                     (the callback number must pass the dial plan too, else callback_not_allowed)
//                     (a directory user's cvw address skips the dial plan: cvw rings them itself)
// calling_own_phone   own_phone_ringing     -> calling_own_phone   report
// calling_own_phone   own_phone_answered    -> own_phone_answered  cancel own timer, start_ringback,
//                                                                  invite_callee (shown the caller's
//                                                                  direct number when the callee is
//                                                                  outside), arm callee timer, report
// calling_own_phone   own_phone_failed(f)   -> ended(own f)        cancel own timer, report
// calling_own_phone   timer own             -> ended(own no answer) cancel_own_phone, report
// calling_own_phone   hangup_requested      -> ended(cancelled)    cancel own timer, cancel_own_phone, report
// own_phone_answered  callee_ringing        -> calling_callee      report
// own_phone_answered  callee_early_media    -> calling_callee      relay_early_media, report
// calling_callee      callee_early_media    -> calling_callee      relay_early_media (once; later ones ignored)
// own_phone_answered, calling_callee:
//                     callee_answered       -> connecting          cancel callee timer, stop_ringback,
//                                                                  connect_media (no report: the page
//                                                                  says Connected once the phones talk)
//                     callee_failed(f)      -> ended(callee f)     cancel callee timer, stop_ringback,
//                                                                  bye_own_phone, report
//                     timer callee          -> ended(callee no answer) cancel_callee, stop_ringback,
//                                                                  bye_own_phone, report
//                     hangup_requested      -> ended(cancelled)    cancel callee timer, cancel_callee,
//                                                                  stop_ringback, bye_own_phone, report
//                     own_phone_hung_up     -> ended(own hung up)  cancel callee timer, cancel_callee,
//                                                                  stop_ringback, report
// connecting          media_connected       -> connected           report
// connecting, connected (the callee answered, so both legs are up):
//                     hangup_requested      -> ended(hung up)      bye_own_phone, bye_callee, report
//                     own_phone_hung_up     -> ended(own hung up)  bye_callee, report
//                     callee_hung_up        -> ended(callee hung up) bye_own_phone, report
//                     connect_failed        -> ended(connect failed) bye_own_phone, bye_callee, report
// connected           escalate_requested    -> ended(escalated)    report (no BYE: a meeting takes both legs)
// calling_own_phone, own_phone_answered, calling_callee, connecting, connected:
//                     server_stopping       -> ended(server stopped) as hangup_requested in that state
// every other (state, event) pair is ignored: handle() returns false and nothing changes.
#include "cvw/call/click_to_call_machine.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::call {
namespace {

end_reason own_phone_reason(leg_failure f) {
    switch (f) {
    case leg_failure::busy: return end_reason::own_phone_busy;
    case leg_failure::no_answer: return end_reason::own_phone_no_answer;
    case leg_failure::declined: return end_reason::own_phone_declined;
    case leg_failure::unreachable: return end_reason::own_phone_unreachable;
    case leg_failure::pbx_unreachable: return end_reason::pbx_unreachable;
    case leg_failure::auth_rejected: return end_reason::pbx_rejected_credentials;
    }
    return end_reason::own_phone_unreachable;
}

end_reason callee_reason(leg_failure f) {
    switch (f) {
    case leg_failure::busy: return end_reason::callee_busy;
    case leg_failure::no_answer: return end_reason::callee_no_answer;
    case leg_failure::declined: return end_reason::callee_declined;
    case leg_failure::unreachable: return end_reason::callee_unreachable;
    case leg_failure::pbx_unreachable: return end_reason::pbx_unreachable;
    case leg_failure::auth_rejected: return end_reason::pbx_rejected_credentials;
    }
    return end_reason::callee_unreachable;
}

/**
 * The number the callee sees. Outside the organisation an extension cannot be called back, so a
 * number the dial plan reads as E.164 shows the caller's direct number, normalised to E.164;
 * inside, the extension colleagues know. Each falls back to the other when the caller lacks it.
 */
std::string shown_caller_number(const dial_plan& plan, const caller_numbers& caller, bool outside) {
    std::string direct = caller.direct;
    if (auto n = plan.normalize(caller.direct); n && n->kind == number_kind::e164) direct = n->number;
    const std::string& first = outside ? direct : caller.extension;
    return first.empty() ? (outside ? caller.extension : direct) : first;
}

} // namespace

click_to_call_machine::click_to_call_machine(dial_plan plan, ring_timeouts timeouts)
    : plan_(std::move(plan)), timeouts_(timeouts) {}

bool click_to_call_machine::next_command(command& out) { return commands_.take(out); }

void click_to_call_machine::enter(state s) {
    state_ = s;
    emit(commands::report_state{state_, reason_});
}

void click_to_call_machine::end(end_reason r) {
    reason_ = r;
    own_phone_ringing_ = false;
    enter(state::ended);
}

bool click_to_call_machine::on_request(const events::call_requested& e) {
    callee_name_ = e.callee_name;
    callee_number_ = e.destination; // as asked, until the dial plan reads it: a refused call is logged with it
    if (!e.policy.enabled) {
        end(end_reason::not_allowed_by_policy);
        return true;
    }
    // The callback number passes the same dial plan as a callee: no click rings a forbidden number.
    const auto own_phone = dialable_callback(plan_, e.policy.callback_number);
    if (!own_phone) {
        end(own_phone.error() == callback_refusal::none_set ? end_reason::no_callback_number
                                                            : end_reason::callback_not_allowed);
        return true;
    }
    bool outside = false;
    if (e.to_cvw_user) {
        callee_number_ = e.destination;
    } else {
        auto number = plan_.check(e.destination);
        if (!number) {
            end(number.error() == dial_error::not_allowed ? end_reason::not_allowed_by_policy
                                                          : end_reason::callee_invalid_number);
            return true;
        }
        callee_number_ = number->number;
        outside = number->kind == number_kind::e164;
    }
    caller_number_ = shown_caller_number(plan_, e.caller, outside);
    const std::string who = callee_name_.empty() ? callee_number_ : callee_name_;
    own_number_ = own_phone->number;
    emit(commands::invite_own_phone{own_phone->number, e.policy.caller_id, "cvw: call to " + who});
    emit(commands::arm_timer{timer_id::own_phone_ring, timeouts_.own_phone_ms});
    enter(state::calling_own_phone);
    return true;
}

bool click_to_call_machine::hang_up_everything(end_reason before_connect, end_reason once_connected) {
    const state s = state_;
    if (s == state::calling_own_phone) {
        emit(commands::cancel_timer{timer_id::own_phone_ring});
        emit(commands::cancel_own_phone{});
        end(before_connect);
    } else if (s == state::own_phone_answered || s == state::calling_callee) {
        emit(commands::cancel_timer{timer_id::callee_ring});
        emit(commands::cancel_callee{});
        emit(commands::stop_ringback{});
        emit(commands::bye_own_phone{});
        end(before_connect);
    } else if (s == state::connecting || s == state::connected) {
        emit(commands::bye_own_phone{});
        emit(commands::bye_callee{});
        end(once_connected);
    } else {
        return false;
    }
    return true;
}

bool click_to_call_machine::handle(const event& e) {
    using namespace events;
    const state s = state_;
    const bool callee_leg_up = s == state::own_phone_answered || s == state::calling_callee;
    const bool answered = s == state::connecting || s == state::connected; // both legs are up

    const auto handlers = overloaded{
        [&](const call_requested& ev) { return s == state::idle && on_request(ev); },
        [&](const own_phone_ringing&) {
            if (s != state::calling_own_phone || own_phone_ringing_) return false;
            own_phone_ringing_ = true;
            enter(state::calling_own_phone);
            return true;
        },
        [&](const own_phone_answered&) {
            if (s != state::calling_own_phone) return false;
            own_phone_ringing_ = false;
            emit(commands::cancel_timer{timer_id::own_phone_ring});
            emit(commands::start_ringback{});
            emit(commands::invite_callee{callee_number_, caller_number_});
            emit(commands::arm_timer{timer_id::callee_ring, timeouts_.callee_ms});
            enter(state::own_phone_answered);
            return true;
        },
        [&](const own_phone_failed& ev) {
            if (s != state::calling_own_phone) return false;
            emit(commands::cancel_timer{timer_id::own_phone_ring});
            end(own_phone_reason(ev.failure));
            return true;
        },
        [&](const own_phone_hung_up&) {
            if (callee_leg_up) {
                emit(commands::cancel_timer{timer_id::callee_ring});
                emit(commands::cancel_callee{});
                emit(commands::stop_ringback{});
            } else if (answered) {
                emit(commands::bye_callee{});
            } else {
                return false;
            }
            end(end_reason::own_phone_hung_up);
            return true;
        },
        [&](const callee_ringing&) {
            if (s != state::own_phone_answered) return false;
            enter(state::calling_callee);
            return true;
        },
        [&](const callee_early_media&) {
            if (!callee_leg_up || relaying_early_media_) return false;
            relaying_early_media_ = true;
            emit(commands::relay_early_media{});
            if (s == state::own_phone_answered) enter(state::calling_callee);
            return true;
        },
        [&](const callee_answered&) {
            if (!callee_leg_up) return false;
            emit(commands::cancel_timer{timer_id::callee_ring});
            emit(commands::stop_ringback{});
            emit(commands::connect_media{});
            state_ = state::connecting; // not reported: the phones do not talk yet
            return true;
        },
        [&](const media_connected&) {
            if (s != state::connecting) return false;
            enter(state::connected);
            return true;
        },
        [&](const callee_failed& ev) {
            if (!callee_leg_up) return false;
            emit(commands::cancel_timer{timer_id::callee_ring});
            emit(commands::stop_ringback{});
            emit(commands::bye_own_phone{});
            end(callee_reason(ev.failure));
            return true;
        },
        [&](const callee_hung_up&) {
            if (!answered) return false;
            emit(commands::bye_own_phone{});
            end(end_reason::callee_hung_up);
            return true;
        },
        [&](const hangup_requested&) {
            return hang_up_everything(end_reason::cancelled_by_user, end_reason::hung_up_by_user);
        },
        [&](const server_stopping&) {
            return hang_up_everything(end_reason::server_stopped, end_reason::server_stopped);
        },
        [&](const connect_failed&) {
            if (!answered) return false;
            emit(commands::bye_own_phone{});
            emit(commands::bye_callee{});
            end(end_reason::connect_failed);
            return true;
        },
        [&](const escalate_requested&) {
            if (s != state::connected) return false;
            end(end_reason::escalated);
            return true;
        },
        [&](const timer_fired& ev) {
            if (s == state::calling_own_phone && ev.timer == timer_id::own_phone_ring) {
                emit(commands::cancel_own_phone{});
                end(end_reason::own_phone_no_answer);
                return true;
            }
            if (callee_leg_up && ev.timer == timer_id::callee_ring) {
                emit(commands::cancel_callee{});
                emit(commands::stop_ringback{});
                emit(commands::bye_own_phone{});
                end(end_reason::callee_no_answer);
                return true;
            }
            return false;
        },
    };
    return std::visit(handlers, e);
}

} // namespace cvw::call
