// SIP leg transitions, all in one place.
//
// Theory of operation
// -------------------
// One machine per INVITE dialog (a call leg), either way round: `outgoing` when cvw sent the INVITE
// (cvw is the UAC and made the Call-ID), `incoming` when the peer called cvw. It knows the offer/answer
// rules of RFC 3261 §13-15 and RFC 3264: which 2xx is ACKed at once and which waits for an answer,
// that only one exchange runs at a time, what a glare or a failed re-INVITE means, how each side hangs
// up. The owner asks (*_requested), the driver reports what the SIP stack saw (*_received, released,
// timer_fired) and carries out the commands: send_* through the stack, arm_timer with a random delay
// in [min, max], notify_* to the owner. SIP commands come before the notification they go with.
// Digest challenges are not the machine's business: the driver answers a 401/407 with credentials
// below it, and only a challenge it gives up on arrives here, as an ordinary failure_received.
//
// "offer": our pending INVITE or re-INVITE carried an SDP offer; "late": it carried none, so its
// 2xx brings the peer's offer and our ACK must carry the answer. "(same)": the state does not change.
//
// state                  event                       -> state                  commands
// idle (out)             invite_requested(sdp)       -> inviting               send_invite(sdp)
// idle (in)              invite_received(sdp)        -> offered                notify_incoming(sdp)
// inviting               provisional_received(100)   -> early                  -
// inviting, early        provisional_received(1xx)   -> early                  notify_progress(1xx, sdp)
//                        (1xx: 101-199; a 100 once early means nothing)
// inviting, early        success_received, offer     -> confirmed              send_ack, notify_answered(sdp)
// inviting, early        success_received, late      -> answered               notify_answered(sdp)
// inviting               failure_received(408, the stack's own) -> ending      notify_failed(503)
//                        (nothing at all came back: the stack's timer B, so nobody is there; a
//                        408 the PBX sent says its phone did not answer, even with no 1xx seen,
//                        as sofia never shows the application the PBX's 100 Trying)
// inviting, early        failure_received(status)    -> ending                 notify_failed(status)
// inviting               hangup_requested            -> ending                 - (the CANCEL waits for
//                                                                              a 1xx: RFC 3261 §9.1)
// early                  hangup_requested            -> ending                 send_cancel
// offered                answer_requested(1xx)       -> offered                send_response(1xx, sdp)
// offered                answer_requested(2xx)       -> answered               send_response(2xx, sdp)
// offered                answer_requested(error)     -> ending                 send_response(error)
// offered                hangup_requested(refusal)   -> ending                 send_response(refusal)
// offered                cancel_received             -> ending                 notify_hung_up_by_peer
//                        (the stack answers the CANCEL, and the INVITE with 487)
// answered (out)         ack_requested(sdp)          -> confirmed              send_ack(sdp)
// answered (out)         hangup_requested            -> ending                 send_ack_rejecting, send_bye
// answered (in)          ack_received(sdp)           -> confirmed              notify_acked(sdp)
// confirmed              reinvite_requested(sdp)     -> reinviting             send_reinvite(sdp)
// confirmed              invite_received(sdp)        -> peer_reinviting        notify_reinvited(sdp)
// reinviting             success_received, offer     -> confirmed              send_ack,
//                                                                              notify_reinvite_answered(sdp)
// reinviting             success_received, late      -> reinvite_answered      notify_reinvite_answered(sdp)
// reinviting             failure_received(491)       -> glare_backoff          arm_timer(glare_retry,
//                                                                              2100-4000 out, 0-2000 in)
//                        (RFC 3261 §14.1: the side that made the Call-ID waits longer)
// reinviting             failure_received(481, 408)  -> ending                 send_bye,
//                                                                              notify_reinvite_failed(status)
//                        (RFC 3261 §12.2.1.2: the dialog is gone)
// reinviting             failure_received(other)     -> confirmed              notify_reinvite_failed(status)
// reinvite_answered      ack_requested(sdp)          -> confirmed              send_ack(sdp)
// reinvite_answered      hangup_requested            -> ending                 send_ack_rejecting, send_bye
// peer_reinviting        answer_requested(1xx)       -> peer_reinviting        send_response(1xx, sdp)
// peer_reinviting        answer_requested(2xx)       -> peer_reinvite_answered send_response(2xx, sdp)
// peer_reinviting        answer_requested(error)     -> confirmed              send_response(error)
// peer_reinviting        cancel_received             -> confirmed              notify_reinvite_cancelled
// peer_reinviting        hangup_requested            -> ending                 send_response(487), send_bye
// peer_reinvite_answered ack_received(sdp)           -> confirmed              notify_acked(sdp)
// glare_backoff          timer_fired(glare_retry)    -> reinviting             send_reinvite(the same sdp)
// glare_backoff          invite_received(sdp)        -> peer_reinviting        notify_reinvited(sdp)
//                        (ours is held behind it, its timer still armed: "retry held")
// peer_reinviting, retry held:
//                        answer_requested(error)     -> glare_backoff          send_response(error)
//                                                       (or reinviting, send_reinvite(the same sdp),
//                                                       when the timer fired meanwhile: "retry due")
//                        cancel_received             -> as answer_requested(error), but
//                                                       notify_reinvite_cancelled first
//                        answer_requested(2xx)       -> peer_reinvite_answered send_response(2xx, sdp),
//                                                       [cancel_timer], notify_reinvite_failed(491)
//                        (theirs changed the session, so ours may be stale: it is dropped)
//                        timer_fired(glare_retry)    -> (same)                 - (retry due)
//                        hangup, bye_received, released: as without a held retry, plus [cancel_timer]
// glare_backoff          hangup_requested            -> ending                 cancel_timer, send_bye
// answered (in), confirmed, reinviting, peer_reinvite_answered:
//                        hangup_requested            -> ending                 send_bye
// answered, reinviting, reinvite_answered, peer_reinvite_answered:
//                        invite_received             -> (same)                 send_response(491)
// offered, peer_reinviting:
//                        invite_received             -> (same)                 send_response(500)
//                        (RFC 3261 §14.2: an INVITE overlapping one not yet answered)
// answered, reinviting, reinvite_answered, peer_reinviting, peer_reinvite_answered, glare_backoff:
//                        reinvite_requested          -> (same)                 notify_reinvite_failed(491)
//                        (one exchange at a time: refused here, not queued; ask again once it is over)
// offered, answered, confirmed, reinviting, reinvite_answered, peer_reinviting, peer_reinvite_answered,
// glare_backoff:
//                        bye_received                -> ending                 [send_response(487)],
//                                                                              [cancel_timer],
//                                                                              notify_hung_up_by_peer
//                        (487 for the INVITE left unanswered in offered and peer_reinviting, RFC 3261
//                        §15.1.2; cancel_timer in glare_backoff)
// ending, owing a CANCEL provisional_received        -> ending                 send_cancel
// ending, our request unanswered:
//                        success_received, offer     -> ending                 send_ack, [send_bye]
//                        success_received, late      -> ending                 send_ack_rejecting,
//                                                                              [send_bye]
//                        (send_bye unless a 2xx had already made the dialog; the 200 that crosses our
//                        CANCEL is never notify_answered)
//                        failure_received            -> ending                 - (the request is over)
// ending, after the dialog was up:
//                        invite_received             -> ending                 send_response(487)
// every state but ended: released                    -> ended                  [cancel_timer],
//                                                                              notify_released
//                        (cancel_timer in glare_backoff)
// Every other (state, event) pair is ignored: handle() returns false and nothing changes. Among
// them: a 1xx after the 2xx, a repeated 2xx, an ACK asked for when it went already, a BYE crossing
// ours (the stack answers it; released ends the leg), a CANCEL after our 2xx, a stale timer.
#include "cvw/call/sip_leg_machine.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::call::leg {
namespace {

constexpr int request_pending_status = 491;
constexpr int request_terminated_status = 487;
constexpr int overlapping_request_status = 500;

/** A status cvw may refuse an INVITE with. */
int refusal_or_default(int status) { return status >= 300 && status <= 699 ? status : 480; }

} // namespace

bool sip_leg_machine::next_command(command& out) { return commands_.take(out); }

bool sip_leg_machine::in_dialog() const {
    switch (state_) {
    case state::answered:
    case state::confirmed:
    case state::reinviting:
    case state::reinvite_answered:
    case state::peer_reinviting:
    case state::peer_reinvite_answered:
    case state::glare_backoff: return true;
    default: return false;
    }
}

bool sip_leg_machine::ack_owed() const {
    return (state_ == state::answered && direction_ == leg_direction::outgoing) || state_ == state::reinvite_answered;
}

void sip_leg_machine::send_request(std::string sdp, bool reinvite) {
    request_pending_ = true;
    offer_sent_ = !sdp.empty();
    if (reinvite) {
        reinvite_offer_ = sdp;
        emit(commands::send_reinvite{std::move(sdp)});
        enter(state::reinviting);
    } else {
        emit(commands::send_invite{std::move(sdp)});
        enter(state::inviting);
    }
}

void sip_leg_machine::ack_unwanted_success() {
    if (offer_sent_) emit(commands::send_ack{});
    else emit(commands::send_ack_rejecting{});
}

bool sip_leg_machine::handle(const event& e) {
    using namespace events;
    return std::visit(overloaded{
                          [&](const invite_requested& ev) { return on_invite_requested(ev); },
                          [&](const ack_requested& ev) { return on_ack_requested(ev); },
                          [&](const reinvite_requested& ev) { return on_reinvite_requested(ev); },
                          [&](const answer_requested& ev) { return on_answer_requested(ev); },
                          [&](const hangup_requested& ev) { return on_hangup_requested(ev); },
                          [&](const provisional_received& ev) { return on_provisional(ev); },
                          [&](const success_received& ev) { return on_success(ev); },
                          [&](const failure_received& ev) { return on_failure(ev); },
                          [&](const invite_received& ev) { return on_invite_received(ev); },
                          [&](const ack_received& ev) { return on_ack_received(ev); },
                          [&](const bye_received&) { return on_bye_received(); },
                          [&](const cancel_received&) { return on_cancel_received(); },
                          [&](const released&) { return on_released(); },
                          [&](const timer_fired& ev) { return on_timer(ev); },
                      },
                      e);
}

bool sip_leg_machine::on_invite_requested(const events::invite_requested& e) {
    if (state_ != state::idle || direction_ != leg_direction::outgoing) return false;
    send_request(e.sdp, false);
    return true;
}

bool sip_leg_machine::on_ack_requested(const events::ack_requested& e) {
    if (!ack_owed()) return false;
    emit(commands::send_ack{e.sdp});
    enter(state::confirmed);
    return true;
}

bool sip_leg_machine::on_reinvite_requested(const events::reinvite_requested& e) {
    if (state_ == state::confirmed) {
        send_request(e.sdp, true);
        return true;
    }
    if (!in_dialog()) return false;
    emit(commands::notify_reinvite_failed{request_pending_status});
    return true;
}

bool sip_leg_machine::on_answer_requested(const events::answer_requested& e) {
    if (state_ != state::offered && state_ != state::peer_reinviting) return false;
    if (e.status <= 100 || e.status > 699) return false;
    const bool initial = state_ == state::offered;
    if (e.status >= 300) {
        emit(commands::send_response{e.status, {}});
        if (retry_held_) resume_held_retry();
        else enter(initial ? state::ending : state::confirmed);
        return true;
    }
    emit(commands::send_response{e.status, e.sdp});
    if (e.status >= 200) {
        established_ = true;
        if (retry_held_) {
            drop_held_retry();
            emit(commands::notify_reinvite_failed{request_pending_status});
        }
        enter(initial ? state::answered : state::peer_reinvite_answered);
    }
    return true;
}

void sip_leg_machine::resume_held_retry() {
    retry_held_ = false;
    if (retry_due_) {
        retry_due_ = false;
        send_request(reinvite_offer_, true);
    } else {
        enter(state::glare_backoff);
    }
}

void sip_leg_machine::drop_held_retry() {
    if (retry_held_ && !retry_due_) emit(commands::cancel_timer{leg_timer::glare_retry});
    retry_held_ = retry_due_ = false;
}

bool sip_leg_machine::on_hangup_requested(const events::hangup_requested& e) {
    switch (state_) {
    case state::inviting: cancel_owed_ = true; break;
    case state::early: emit(commands::send_cancel{}); break;
    case state::offered: emit(commands::send_response{refusal_or_default(e.refusal_status), {}}); break;
    case state::answered:
    case state::reinvite_answered:
        if (ack_owed()) emit(commands::send_ack_rejecting{}); // the 2xx's offer needs an answer first
        emit(commands::send_bye{});
        break;
    case state::peer_reinviting:
        emit(commands::send_response{request_terminated_status, {}});
        drop_held_retry();
        emit(commands::send_bye{});
        break;
    case state::glare_backoff:
        emit(commands::cancel_timer{leg_timer::glare_retry});
        emit(commands::send_bye{});
        break;
    case state::confirmed:
    case state::reinviting:
    case state::peer_reinvite_answered: emit(commands::send_bye{}); break;
    default: return false;
    }
    enter(state::ending);
    return true;
}

bool sip_leg_machine::on_provisional(const events::provisional_received& e) {
    if (e.status < 100 || e.status > 199) return false;
    if (state_ == state::inviting || (state_ == state::early && e.status > 100)) {
        if (e.status > 100) emit(commands::notify_progress{e.status, e.sdp});
        enter(state::early);
        return true;
    }
    if (state_ == state::ending && cancel_owed_ && request_pending_) {
        cancel_owed_ = false;
        emit(commands::send_cancel{});
        return true;
    }
    return false;
}

bool sip_leg_machine::on_success(const events::success_received& e) {
    switch (state_) {
    case state::inviting:
    case state::early:
        request_pending_ = false;
        established_ = true;
        if (offer_sent_) emit(commands::send_ack{});
        emit(commands::notify_answered{e.sdp});
        enter(offer_sent_ ? state::confirmed : state::answered);
        return true;
    case state::reinviting:
        request_pending_ = false;
        if (offer_sent_) emit(commands::send_ack{});
        emit(commands::notify_reinvite_answered{e.sdp});
        enter(offer_sent_ ? state::confirmed : state::reinvite_answered);
        return true;
    case state::ending:
        if (!request_pending_) return false;
        request_pending_ = false;
        cancel_owed_ = false;
        ack_unwanted_success();
        if (!established_) emit(commands::send_bye{}); // answered after we gave up: end the new dialog
        established_ = true;
        return true;
    default: return false;
    }
}

bool sip_leg_machine::on_failure(const events::failure_received& e) {
    if (e.status < 300) return false;
    switch (state_) {
    case state::inviting:
    case state::early:
        request_pending_ = false;
        emit(commands::notify_failed{state_ == state::inviting && e.status == 408 && !e.from_peer ? 503 : e.status});
        enter(state::ending);
        return true;
    case state::reinviting:
        request_pending_ = false;
        if (e.status == request_pending_status) {
            // The side that made the Call-ID waits longer, so the other's retry usually goes first.
            if (direction_ == leg_direction::outgoing) emit(commands::arm_timer{leg_timer::glare_retry, 2100, 4000});
            else emit(commands::arm_timer{leg_timer::glare_retry, 0, 2000});
            enter(state::glare_backoff);
        } else if (e.status == 481 || e.status == 408) {
            emit(commands::send_bye{});
            emit(commands::notify_reinvite_failed{e.status});
            enter(state::ending);
        } else {
            emit(commands::notify_reinvite_failed{e.status}); // the session stays as it was
            enter(state::confirmed);
        }
        return true;
    case state::ending:
        if (!request_pending_) return false;
        request_pending_ = false;
        cancel_owed_ = false;
        return true;
    default: return false;
    }
}

bool sip_leg_machine::on_invite_received(const events::invite_received& e) {
    switch (state_) {
    case state::idle:
        if (direction_ != leg_direction::incoming) return false;
        emit(commands::notify_incoming{e.sdp});
        enter(state::offered);
        return true;
    case state::confirmed:
        emit(commands::notify_reinvited{e.sdp});
        enter(state::peer_reinviting);
        return true;
    case state::glare_backoff:
        retry_held_ = true; // ours waits behind theirs, its timer still armed
        emit(commands::notify_reinvited{e.sdp});
        enter(state::peer_reinviting);
        return true;
    case state::offered:
    case state::peer_reinviting: emit(commands::send_response{overlapping_request_status, {}}); return true;
    case state::answered:
    case state::reinviting:
    case state::reinvite_answered:
    case state::peer_reinvite_answered: emit(commands::send_response{request_pending_status, {}}); return true;
    case state::ending:
        if (!established_) return false;
        emit(commands::send_response{request_terminated_status, {}});
        return true;
    default: return false;
    }
}

bool sip_leg_machine::on_ack_received(const events::ack_received& e) {
    const bool expected =
        (state_ == state::answered && direction_ == leg_direction::incoming) || state_ == state::peer_reinvite_answered;
    if (!expected) return false;
    emit(commands::notify_acked{e.sdp});
    enter(state::confirmed);
    return true;
}

bool sip_leg_machine::on_bye_received() {
    if (state_ == state::offered || state_ == state::peer_reinviting) {
        emit(commands::send_response{request_terminated_status, {}});
        drop_held_retry();
    } else if (state_ == state::glare_backoff) {
        emit(commands::cancel_timer{leg_timer::glare_retry});
    } else if (!in_dialog()) return false;
    emit(commands::notify_hung_up_by_peer{});
    enter(state::ending);
    return true;
}

bool sip_leg_machine::on_cancel_received() {
    if (state_ == state::offered) {
        emit(commands::notify_hung_up_by_peer{});
        enter(state::ending);
        return true;
    }
    if (state_ == state::peer_reinviting) {
        emit(commands::notify_reinvite_cancelled{});
        if (retry_held_) resume_held_retry();
        else enter(state::confirmed);
        return true;
    }
    return false;
}

bool sip_leg_machine::on_released() {
    if (state_ == state::ended) return false;
    if (state_ == state::glare_backoff) emit(commands::cancel_timer{leg_timer::glare_retry});
    drop_held_retry();
    emit(commands::notify_released{});
    enter(state::ended);
    return true;
}

bool sip_leg_machine::on_timer(const events::timer_fired& e) {
    if (e.timer != leg_timer::glare_retry) return false;
    if (state_ == state::peer_reinviting && retry_held_ && !retry_due_) {
        retry_due_ = true; // ours goes once theirs is refused
        return true;
    }
    if (state_ != state::glare_backoff) return false;
    send_request(reinvite_offer_, true);
    return true;
}

} // namespace cvw::call::leg
