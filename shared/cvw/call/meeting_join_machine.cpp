// Meeting join by dial-out, all transitions in one place.
//
// Theory of operation
// -------------------
// The meeting service rings the user's phone (their callback number, which the dial plan must
// allow) from cvw's own RTP port, showing the meeting's bridge number. Picked up, the phone first
// stays on cvw's port: when a confirm digit is asked for, cvw plays the prompt and waits for that
// digit, so a voicemail box that answers never joins. Then the mixer is asked for a seat for the
// phone's RTP address (Janus fixes it at join), and the phone is re-INVITEd to the mixer's port.
// Only once that re-INVITE is done is the user in the meeting. This machine decides; a driver
// turns its commands into SIP, prompts, mixer requests and timers, and feeds back what happened.
//
// Add person hands over a phone already talking in a two-party call: it takes the same way from
// `joining` on, re-INVITEd from its call partner to its seat.
//
// A caller who dialled the bridge number takes the same way from `joining` on. Before that, cvw
// answers on its own port and the driver runs the conference ID and PIN entry there
// (shared/cvw/meeting/pin_entry_machine.cpp); nothing reaches the mixer before the PIN is right.
// Until then the caller is in no meeting, so the only state reported is the end.
//
// state         event                      -> state        commands
// idle          join_requested ok          -> dialing_out  invite_phone, arm ring, report
// idle          join_requested bad         -> ended(not allowed / no callback number / callback not allowed)  report
// idle          dialled_in                 -> entering_pin answer_phone
// idle          taken_over                 -> joining      join_mixer, report
// entering_pin  pin_accepted               -> joining      join_mixer, report
// entering_pin  pin_refused                -> ended(not admitted)     bye_phone, report
// dialing_out   phone_ringing              -> dialing_out  (noted once; no report)
// dialing_out   phone_answered, digit      -> confirming   cancel ring, play_prompt, arm confirm, report
// dialing_out   phone_answered, no digit   -> joining      cancel ring, join_mixer, report
// dialing_out   phone_answered_without_audio -> ended(move failed) cancel ring, bye_phone, report
// dialing_out   phone_failed(f)            -> ended(phone f)  cancel ring, report
// dialing_out   timer ring                 -> ended(phone no answer)  cancel_phone, report
// dialing_out   leave_requested            -> ended(cancelled)        cancel ring, cancel_phone, report
// dialing_out   removed, meeting_ended, mixer_lost, server_stopping:
//                                          -> ended(that reason)      cancel ring, cancel_phone, report
// confirming    digit_pressed(the digit)   -> joining      cancel confirm, stop_prompt, join_mixer, report
// confirming    digit_pressed(another)     ignored
// confirming    timer confirm              -> ended(not confirmed)    stop_prompt, bye_phone, report
// joining       mixer_joined               -> moving       move_phone_to_mixer, report
// joining       mixer_refused              -> ended(mixer unavailable) bye_phone, report
// moving        moved_to_mixer             -> in_meeting   report
// moving        move_failed                -> ended(move failed)      leave_mixer, bye_phone, report
// moving, in_meeting  seat_lost            -> ended(bridge hung up)   leave_mixer, bye_phone, report
// entering_pin, confirming, joining, moving, in_meeting (the phone is up):
//               phone_hung_up              -> ended(phone hung up)    undo, report
//               leave_requested            -> ended(left)             undo, bye_phone, report
//               removed, meeting_ended, mixer_lost, server_stopping:
//                                          -> ended(that reason)      undo, bye_phone, report
//   (in entering_pin, the organizer's removed and meeting_ended cannot come: no meeting yet)
//   where undo is: confirming: cancel confirm, stop_prompt; joining, moving, in_meeting: leave_mixer
//   (a seat asked for in joining is left as soon as the mixer answers).
// every other (state, event) pair is ignored: handle() returns false and nothing changes.
#include "cvw/call/meeting_join_machine.hpp"

#include "cvw/overloaded.hpp"
#include "cvw/policy.hpp"

namespace cvw::call::meeting_join {
namespace {

end_reason phone_reason(leg_failure f) {
    switch (f) {
    case leg_failure::busy: return end_reason::phone_busy;
    case leg_failure::no_answer: return end_reason::phone_no_answer;
    case leg_failure::declined: return end_reason::phone_declined;
    case leg_failure::unreachable: return end_reason::phone_unreachable;
    case leg_failure::pbx_unreachable: return end_reason::pbx_unreachable;
    case leg_failure::auth_rejected: return end_reason::pbx_rejected_credentials;
    }
    return end_reason::phone_unreachable;
}

} // namespace

meeting_join_machine::meeting_join_machine(dial_plan plan, timeouts t) : plan_(std::move(plan)), timeouts_(t) {}

void meeting_join_machine::enter(state s) {
    state_ = s;
    emit(commands::report_state{state_, reason_});
}

void meeting_join_machine::end(end_reason r) {
    reason_ = r;
    phone_ringing_ = false;
    enter(state::ended);
}

bool meeting_join_machine::on_request(const events::join_requested& e) {
    if (!e.policy.enabled) {
        end(end_reason::not_allowed_by_policy);
        return true;
    }
    // The phone to ring passes the dial plan like any callee: no join rings a forbidden number.
    const auto phone = dialable_callback(plan_, e.policy.callback_number);
    if (!phone) {
        end(phone.error() == callback_refusal::none_set ? end_reason::no_callback_number
                                                        : end_reason::callback_not_allowed);
        return true;
    }
    phone_number_ = phone->number;
    confirm_digit_ = e.confirm_digit;
    emit(commands::invite_phone{
        .number = phone_number_, .caller_id = e.bridge_number, .display_name = "cvw: meeting " + e.subject});
    emit(commands::arm_timer{timer_id::ring, timeouts_.ring_ms});
    enter(state::dialing_out);
    return true;
}

bool meeting_join_machine::leave(end_reason r, bool phone_still_up) {
    switch (state_) {
    case state::dialing_out:
        emit(commands::cancel_timer{timer_id::ring});
        emit(commands::cancel_phone{});
        end(r == end_reason::left ? end_reason::cancelled : r);
        return true;
    case state::confirming:
        emit(commands::cancel_timer{timer_id::confirm});
        emit(commands::stop_prompt{});
        break;
    case state::entering_pin:
        if (r == end_reason::removed || r == end_reason::meeting_ended) return false;
        break;
    case state::joining:
    case state::moving:
    case state::in_meeting: emit(commands::leave_mixer{}); break;
    case state::idle:
    case state::ended: return false;
    }
    if (phone_still_up) emit(commands::bye_phone{});
    end(r);
    return true;
}

bool meeting_join_machine::handle(const event& e) {
    using namespace events;
    const state s = state_;

    const auto handlers = overloaded{
        [&](const join_requested& ev) { return s == state::idle && on_request(ev); },
        [&](const dialled_in& ev) {
            if (s != state::idle) return false;
            phone_number_ = ev.number;
            emit(commands::answer_phone{});
            state_ = state::entering_pin; // in no meeting yet: nothing to report
            return true;
        },
        [&](const taken_over& ev) {
            if (s != state::idle) return false;
            phone_number_ = ev.number;
            emit(commands::join_mixer{});
            enter(state::joining);
            return true;
        },
        [&](const pin_accepted&) {
            if (s != state::entering_pin) return false;
            emit(commands::join_mixer{});
            enter(state::joining);
            return true;
        },
        [&](const pin_refused&) {
            if (s != state::entering_pin) return false;
            emit(commands::bye_phone{});
            end(end_reason::not_admitted);
            return true;
        },
        [&](const phone_ringing&) {
            if (s != state::dialing_out || phone_ringing_) return false;
            phone_ringing_ = true;
            return true;
        },
        [&](const phone_answered&) {
            if (s != state::dialing_out) return false;
            phone_ringing_ = false;
            emit(commands::cancel_timer{timer_id::ring});
            if (confirm_digit_ != 0) {
                emit(commands::play_prompt{prompt::confirm_with_digit});
                emit(commands::arm_timer{timer_id::confirm, timeouts_.confirm_ms});
                enter(state::confirming);
            } else {
                emit(commands::join_mixer{});
                enter(state::joining);
            }
            return true;
        },
        [&](const phone_answered_without_audio&) {
            if (s != state::dialing_out) return false;
            phone_ringing_ = false;
            emit(commands::cancel_timer{timer_id::ring});
            emit(commands::bye_phone{});
            end(end_reason::move_failed);
            return true;
        },
        [&](const phone_failed& ev) {
            if (s != state::dialing_out) return false;
            emit(commands::cancel_timer{timer_id::ring});
            end(phone_reason(ev.failure));
            return true;
        },
        [&](const phone_hung_up&) {
            if (s == state::idle || s == state::dialing_out || s == state::ended) return false;
            return leave(end_reason::phone_hung_up, false);
        },
        [&](const digit_pressed& ev) {
            if (s != state::confirming || ev.digit != confirm_digit_) return false;
            emit(commands::cancel_timer{timer_id::confirm});
            emit(commands::stop_prompt{});
            emit(commands::join_mixer{});
            enter(state::joining);
            return true;
        },
        [&](const mixer_joined&) {
            if (s != state::joining) return false;
            emit(commands::move_phone_to_mixer{});
            enter(state::moving);
            return true;
        },
        [&](const mixer_refused&) {
            if (s != state::joining) return false;
            emit(commands::bye_phone{});
            end(end_reason::mixer_unavailable);
            return true;
        },
        [&](const moved_to_mixer&) {
            if (s != state::moving) return false;
            enter(state::in_meeting);
            return true;
        },
        [&](const move_failed&) {
            if (s != state::moving) return false;
            return leave(end_reason::move_failed);
        },
        [&](const leave_requested&) { return leave(end_reason::left); },
        [&](const removed&) { return leave(end_reason::removed); },
        [&](const meeting_ended&) { return leave(end_reason::meeting_ended); },
        [&](const mixer_lost&) { return leave(end_reason::mixer_unavailable); },
        [&](const seat_lost&) {
            if (s != state::moving && s != state::in_meeting) return false;
            return leave(end_reason::bridge_hung_up);
        },
        [&](const server_stopping&) { return leave(end_reason::server_stopped); },
        [&](const timer_fired& ev) {
            if (s == state::dialing_out && ev.timer == timer_id::ring) {
                emit(commands::cancel_phone{});
                end(end_reason::phone_no_answer);
                return true;
            }
            if (s == state::confirming && ev.timer == timer_id::confirm) {
                emit(commands::stop_prompt{});
                emit(commands::bye_phone{});
                end(end_reason::not_confirmed);
                return true;
            }
            return false;
        },
    };
    return std::visit(handlers, e);
}

} // namespace cvw::call::meeting_join
