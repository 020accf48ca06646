// Incoming-call transitions, all in one place.
//
// Theory of operation
// -------------------
// A call for a cvw user reaches the server (the caller's leg). The user's tabs ring and, with
// simultaneous ring, so does their desk phone: cvw INVITEs it with the caller's offer, so when it
// is picked up the desk phone's answer goes straight back to the caller and the two phones talk
// directly. Accept in the page while the desk phone rings keeps that very leg (the user picks it
// up); without simultaneous ring, Accept INVITEs the desk phone then, asking it to answer by itself.
// Whichever happens first wins: once connected, a late Accept is ignored, and a desk phone that
// answers after Accept completes the accepted call. Nothing else is ever left ringing.
//
// state      event                        -> state       commands
// idle       call_arrived, ring desk       -> ringing     invite_desk_phone(auto_answer=no), arm timer, report
// idle       call_arrived, tabs only       -> ringing     arm timer, report
// idle       call_arrived, nobody to ring  -> ended(missed)  redirect_caller or reject_caller(480), report
// idle       call_arrived, Do not disturb: decline (or desk phone only, and no desk phone)
//                                          -> ended(do_not_disturb)  redirect_caller or reject_caller(486), report
// (Do not disturb, desk phone only: the desk phone rings whatever simultaneous ring says, the tabs
// do not, and every "missed" below ends as do_not_disturb instead: it is what the user asked for.)
// ringing    desk_phone_answered           -> connected(answered_on_phone)   cancel timer, answer_caller, report
// ringing    desk_phone_failed, tabs open  -> ringing     (the tabs keep ringing)
// ringing    desk_phone_failed, no tabs    -> ended(missed)  cancel timer, reject_caller(486/603 as the phone
//                                                          said, else 480) or redirect to the fallback, report
// ringing    accepted_in_browser, desk rings -> accepted  report
// ringing    accepted_in_browser, desk idle  -> accepted  invite_desk_phone(auto_answer=yes), report
// ringing    accepted_in_browser, no desk  -> ended(desk_phone_unreachable)  cancel timer, reject_caller(480), report
// accepted   desk_phone_answered           -> connected(answered_in_browser) cancel timer, answer_caller, report
// accepted   desk_phone_failed             -> ended(desk_phone_unreachable)  cancel timer, reject_caller(480), report
// ringing, accepted:
//            declined_in_browser           -> ended(declined)  cancel timer, [cancel_desk_phone], reject_caller(603), report
//            caller_hung_up                -> ended(missed)    cancel timer, [cancel_desk_phone], report
//            no_answer_timeout             -> ended(missed)    [cancel_desk_phone], redirect/reject, report
// connected  caller_hung_up                -> ended       bye_desk_phone, report
// connected  desk_phone_hung_up            -> ended       bye_caller, report
// connected  hangup_requested              -> ended       bye_desk_phone, bye_caller, report
// ringing, accepted:
//            server_stopping               -> ended(missed)  cancel timer, [cancel_desk_phone], redirect/reject, report
// connected  server_stopping               -> ended       bye_desk_phone, bye_caller, report
// [cancel_desk_phone] only while the desk phone still rings. Every other pair is ignored.
#include "cvw/call/incoming_call_machine.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::call::incoming {

bool incoming_call_machine::next_command(command& out) { return commands_.take(out); }

void incoming_call_machine::enter(state s) {
    state_ = s;
    emit(commands::report_state{state_, outcome_});
}

void incoming_call_machine::end(outcome o) {
    if (outcome_ == outcome::none) outcome_ = o;
    enter(state::ended);
}

void incoming_call_machine::send_to_fallback() {
    if (user_.fallback_number.empty()) emit(commands::reject_caller{480});
    else emit(commands::redirect_caller{user_.fallback_number});
}

void incoming_call_machine::stop_desk_phone() {
    if (!desk_ringing_) return;
    desk_ringing_ = false;
    emit(commands::cancel_desk_phone{});
}

bool incoming_call_machine::on_arrival(const settings& user) {
    user_ = user;
    if (user.quiet != do_not_disturb::off) {
        user_.tabs_open = false;
        user_.simultaneous_ring = true;
        if (user.quiet == do_not_disturb::decline || user.desk_number.empty()) {
            if (user.fallback_number.empty()) emit(commands::reject_caller{486});
            else emit(commands::redirect_caller{user.fallback_number});
            end(outcome::do_not_disturb);
            return true;
        }
    }
    const bool ring_desk = user_.simultaneous_ring && !user_.desk_number.empty();
    if (!ring_desk && !user_.tabs_open) {
        send_to_fallback();
        end(outcome::missed);
        return true;
    }
    if (ring_desk) {
        desk_ringing_ = true;
        emit(commands::invite_desk_phone{user_.desk_number, false});
    }
    emit(commands::arm_no_answer_timer{user_.no_answer_ms});
    enter(state::ringing);
    return true;
}

bool incoming_call_machine::handle(const event& e) {
    using namespace events;
    const state s = state_;
    const bool unanswered = s == state::ringing || s == state::accepted;

    const auto handlers = overloaded{
        [&](const call_arrived& ev) { return s == state::idle && on_arrival(ev.user); },
        [&](const desk_phone_answered&) {
            if (!unanswered) return false;
            desk_ringing_ = false;
            emit(commands::cancel_no_answer_timer{});
            emit(commands::answer_caller{});
            outcome_ = s == state::accepted ? outcome::answered_in_browser : outcome::answered_on_phone;
            enter(state::connected);
            return true;
        },
        [&](const desk_phone_failed& ev) {
            if (!unanswered || !desk_ringing_) return false;
            desk_ringing_ = false;
            if (s == state::ringing && user_.tabs_open) return true; // the tabs keep ringing
            emit(commands::cancel_no_answer_timer{});
            if (s == state::accepted) {
                emit(commands::reject_caller{480});
                end(outcome::desk_phone_unreachable);
            } else {
                // Nothing else rings: the caller hears what the phone said (busy, declined).
                const auto f = ev.failure;
                if (user_.fallback_number.empty() && f == leg_failure::busy) emit(commands::reject_caller{486});
                else if (user_.fallback_number.empty() && f == leg_failure::declined)
                    emit(commands::reject_caller{603});
                else send_to_fallback();
                end(unanswered_outcome());
            }
            return true;
        },
        [&](const accepted_in_browser&) {
            if (s != state::ringing) return false;
            if (!desk_ringing_ && user_.desk_number.empty()) {
                emit(commands::cancel_no_answer_timer{});
                emit(commands::reject_caller{480});
                end(outcome::desk_phone_unreachable);
                return true;
            }
            if (!desk_ringing_) {
                desk_ringing_ = true;
                emit(commands::invite_desk_phone{user_.desk_number, true});
            }
            enter(state::accepted);
            return true;
        },
        [&](const declined_in_browser&) {
            if (!unanswered) return false;
            emit(commands::cancel_no_answer_timer{});
            stop_desk_phone();
            emit(commands::reject_caller{603});
            end(outcome::declined);
            return true;
        },
        [&](const caller_hung_up&) {
            if (unanswered) {
                emit(commands::cancel_no_answer_timer{});
                stop_desk_phone();
                end(unanswered_outcome());
                return true;
            }
            if (s != state::connected) return false;
            emit(commands::bye_desk_phone{});
            end(outcome_);
            return true;
        },
        [&](const desk_phone_hung_up&) {
            if (s != state::connected) return false;
            emit(commands::bye_caller{});
            end(outcome_);
            return true;
        },
        [&](const hangup_requested&) {
            if (s != state::connected) return false;
            emit(commands::bye_desk_phone{});
            emit(commands::bye_caller{});
            end(outcome_);
            return true;
        },
        [&](const server_stopping&) {
            if (unanswered) {
                // The caller is sent where an unanswered call goes (voicemail), not dropped.
                emit(commands::cancel_no_answer_timer{});
                stop_desk_phone();
                send_to_fallback();
                end(unanswered_outcome());
                return true;
            }
            if (s != state::connected) return false;
            emit(commands::bye_desk_phone{});
            emit(commands::bye_caller{});
            end(outcome_);
            return true;
        },
        [&](const no_answer_timeout&) {
            if (!unanswered) return false;
            stop_desk_phone();
            send_to_fallback();
            end(unanswered_outcome());
            return true;
        },
    };
    return std::visit(handlers, e);
}

} // namespace cvw::call::incoming
