// A seat in a PBX's conference bridge, all transitions in one place.
//
// Theory of operation
// -------------------
// With the PBX backend ([meetings] backend = "pbx") the meeting mixer is a conference bridge the
// PBX owns, reached at a configured URI. A phone on its way into a meeting (calls/meeting_join) asks
// for a seat, as it would ask Janus. cvw calls the bridge from its own RTP port, as the callee of a
// click-to-call, and once the bridge answers keys the conference ID and PIN into the bridge's IVR
// as RFC 4733 events from that port. Only then is the bridge re-INVITEd with the phone's address,
// and its answer names the address the phone is then moved to: the two talk directly, without cvw.
//
// state     event                      -> state     commands
// idle      seat_requested             -> calling   invite_bridge, arm answer
// calling   bridge_answered(can key)   -> settling  cancel answer, arm settle
// calling   bridge_answered(cannot)    -> ended     cancel answer, bye_bridge, refuse_seat(no_telephone_event)
// calling   bridge_failed              -> ended     cancel answer, refuse_seat(bridge_failed)
// calling   timer answer               -> ended     cancel_bridge, refuse_seat(no_answer)
// settling  timer settle               -> keying    send_keys
// keying    keys_sent                  -> pointing  point_bridge_at_phone
// pointing  bridge_took_phone          -> seated    give_seat
// pointing  bridge_refused_phone       -> ended     bye_bridge, refuse_seat(refused_phone)
// settling, keying, pointing:
//           bridge_hung_up             -> ended     undo, refuse_seat(hung_up)
//           leave_requested            -> ended     undo, bye_bridge, refuse_seat(left)
// calling   leave_requested            -> ended     cancel answer, cancel_bridge, refuse_seat(left)
// seated    bridge_hung_up             -> ended     report_lost
// seated    leave_requested            -> ended     bye_bridge
//   where undo is: settling: cancel settle; keying: stop_keys; pointing: nothing.
//   (give_up does the undo, the BYE or CANCEL, and the refusal, for calling and each of these.)
// Every other (state, event) pair is ignored: handle() returns false and nothing changes.
#include "cvw/call/bridge_seat_machine.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::call::bridge_seat {

void bridge_seat_machine::give_up(failure why, bool bridge_still_up) {
    if (state_ == state::calling) emit(commands::cancel_timer{timer_id::answer});
    if (state_ == state::settling) emit(commands::cancel_timer{timer_id::settle});
    if (state_ == state::keying) emit(commands::stop_keys{});
    // Unanswered, the INVITE is cancelled; answered, the dialog gets its BYE.
    if (bridge_still_up && state_ == state::calling) emit(commands::cancel_bridge{});
    else if (bridge_still_up) emit(commands::bye_bridge{});
    emit(commands::refuse_seat{why});
    state_ = state::ended;
}

bool bridge_seat_machine::handle(const event& e) {
    using namespace events;
    const state s = state_;
    const bool before_seat = s == state::settling || s == state::keying || s == state::pointing;
    const auto handlers = overloaded{
        [&](const seat_requested&) {
            if (s != state::idle) return false;
            emit(commands::invite_bridge{});
            emit(commands::arm_timer{timer_id::answer, timeouts_.answer_ms});
            state_ = state::calling;
            return true;
        },
        [&](const bridge_answered& ev) {
            if (s != state::calling) return false;
            emit(commands::cancel_timer{timer_id::answer});
            if (!ev.can_key) {
                emit(commands::bye_bridge{});
                emit(commands::refuse_seat{failure::no_telephone_event});
                state_ = state::ended;
                return true;
            }
            emit(commands::arm_timer{timer_id::settle, timeouts_.settle_ms});
            state_ = state::settling;
            return true;
        },
        [&](const bridge_failed&) {
            if (s != state::calling) return false;
            emit(commands::cancel_timer{timer_id::answer});
            emit(commands::refuse_seat{failure::bridge_failed});
            state_ = state::ended;
            return true;
        },
        [&](const timer_fired& ev) {
            if (s == state::calling && ev.timer == timer_id::answer) {
                emit(commands::cancel_bridge{});
                emit(commands::refuse_seat{failure::no_answer});
                state_ = state::ended;
                return true;
            }
            if (s == state::settling && ev.timer == timer_id::settle) {
                emit(commands::send_keys{});
                state_ = state::keying;
                return true;
            }
            return false;
        },
        [&](const keys_sent&) {
            if (s != state::keying) return false;
            emit(commands::point_bridge_at_phone{});
            state_ = state::pointing;
            return true;
        },
        [&](const bridge_took_phone&) {
            if (s != state::pointing) return false;
            emit(commands::give_seat{});
            state_ = state::seated;
            return true;
        },
        [&](const bridge_refused_phone&) {
            if (s != state::pointing) return false;
            give_up(failure::refused_phone, true);
            return true;
        },
        [&](const bridge_hung_up&) {
            if (s == state::seated) {
                emit(commands::report_lost{});
                state_ = state::ended;
                return true;
            }
            if (!before_seat) return false;
            give_up(failure::hung_up, false);
            return true;
        },
        [&](const leave_requested&) {
            if (s == state::seated) {
                emit(commands::bye_bridge{});
                state_ = state::ended;
                return true;
            }
            if (s != state::calling && !before_seat) return false;
            give_up(failure::left, true);
            return true;
        },
    };
    return std::visit(handlers, e);
}

} // namespace cvw::call::bridge_seat
