// Connect transitions, all in one place.
//
// Theory of operation
// -------------------
// The desk phone (leg A) is talking to cvw's own media and the callee (leg B) has just answered.
// RFC 3725 Flow IV puts them through to each other with B's offer: it is sent to A in a re-INVITE,
// and A's answer goes back to B in the ACK of B's 2xx that carried the offer. That offer comes one
// of two ways. If cvw's INVITE to B had no SDP (late offer), B's 2xx carries it:
// start_with_callee_offer. If B answered cvw's own offer, B is asked for a fresh one with a re-INVITE
// without SDP: start_asking_callee. That re-INVITE waits ack_settle (100 ms) first, because a proxy
// with parallel workers can deliver it ahead of the ACK just sent to B, a race many phones answer
// with an error (RFC 5407). A's 2xx answers cvw's offer, so A's leg ACKs it on arrival. B's 2xx
// waits for A's answer, and whatever happens it gets its ACK: A's answer, or a rejection the driver
// builds when the connect fails or the call ends (RFC 3261 §13.2.2.4 wants an answer in it).
//
// state               event                          -> state               commands
// idle                start_with_callee_offer(sdp)   -> offering_own_phone  reinvite_own_phone(sdp)
// idle                start_with_callee_offer()      -> failed              ack_callee, notify_connect_failed
//                     (callee_gave_no_offer)
// idle                start_asking_callee            -> settling            arm_timer(ack_settle, 100)
// idle                call_ended                     -> abandoned           -
// settling            timer_fired(ack_settle)        -> asking_callee       reinvite_callee
// settling            call_ended                     -> abandoned           cancel_timer(ack_settle)
// asking_callee       callee_offered(sdp)            -> offering_own_phone  reinvite_own_phone(sdp)
// asking_callee       callee_offered()               -> failed              ack_callee, notify_connect_failed
//                     (callee_gave_no_offer)
// asking_callee       callee_refused_reinvite(s)     -> failed              notify_connect_failed
//                     (leg_ended for 481 or 408, else callee_refused_reinvite)
// asking_callee       call_ended                     -> abandoned           - (B's re-INVITE is still out)
// offering_own_phone  own_phone_answered_offer(sdp)  -> connected           ack_callee(sdp),
//                                                                           notify_media_connected
// offering_own_phone  own_phone_answered_offer()     -> failed              ack_callee_rejecting,
//                     (own_phone_gave_no_answer)                            notify_connect_failed
// offering_own_phone  own_phone_refused_offer(s)     -> failed              ack_callee_rejecting,
//                     (leg_ended for 481 or 408, else own_phone_refused_offer)  notify_connect_failed
// offering_own_phone  call_ended                     -> abandoned           ack_callee_rejecting
// abandoned while B's re-INVITE was out:
//                     callee_offered(sdp)            -> abandoned           ack_callee_rejecting
//                     callee_offered()               -> abandoned           ack_callee
//                     callee_refused_reinvite        -> abandoned           - (nothing is owed any more)
// notify_connect_failed carries the reason in parentheses and the SIP status behind it (or 0).
// Every other (state, event) pair is ignored: handle() returns false and nothing changes. Once
// connected, failed or abandoned, nothing more is sent but the ACK that B's late 2xx needs.
#include "cvw/call/connect_machine.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::call::connect {
namespace {

/** RFC 3261 §12.2.1.2: a re-INVITE answered 481 or 408 means that leg's dialog is gone. */
bool ends_the_leg(int status) { return status == 481 || status == 408; }

} // namespace

bool connect_machine::next_command(command& out) { return commands_.take(out); }

void connect_machine::fail(connect_failure why, int status) {
    failure_ = why;
    emit(commands::notify_connect_failed{why, status});
    enter(state::failed);
}

void connect_machine::offer_to_own_phone(const std::string& callee_sdp) {
    if (callee_sdp.empty()) {
        emit(commands::ack_callee{});
        fail(connect_failure::callee_gave_no_offer, 0);
        return;
    }
    emit(commands::reinvite_own_phone{callee_sdp});
    enter(state::offering_own_phone);
}

bool connect_machine::handle(const event& e) {
    using namespace events;
    const state s = state_;
    const auto handlers = overloaded{
        [&](const start_with_callee_offer& ev) {
            if (s != state::idle) return false;
            offer_to_own_phone(ev.sdp);
            return true;
        },
        [&](const start_asking_callee&) {
            if (s != state::idle) return false;
            emit(commands::arm_timer{connect_timer::ack_settle, ack_settle_ms_});
            enter(state::settling);
            return true;
        },
        [&](const timer_fired& ev) {
            if (s != state::settling || ev.timer != connect_timer::ack_settle) return false;
            callee_reinvite_out_ = true;
            emit(commands::reinvite_callee{});
            enter(state::asking_callee);
            return true;
        },
        [&](const callee_offered& ev) {
            if (s == state::asking_callee) {
                callee_reinvite_out_ = false;
                offer_to_own_phone(ev.sdp);
                return true;
            }
            if (s != state::abandoned || !callee_reinvite_out_) return false;
            callee_reinvite_out_ = false;
            if (ev.sdp.empty()) emit(commands::ack_callee{});
            else emit(commands::ack_callee_rejecting{});
            return true;
        },
        [&](const callee_refused_reinvite& ev) {
            if (s == state::asking_callee) {
                callee_reinvite_out_ = false;
                fail(ends_the_leg(ev.status) ? connect_failure::leg_ended : connect_failure::callee_refused_reinvite,
                     ev.status);
                return true;
            }
            if (s != state::abandoned || !callee_reinvite_out_) return false;
            callee_reinvite_out_ = false;
            return true;
        },
        [&](const own_phone_answered_offer& ev) {
            if (s != state::offering_own_phone) return false;
            if (ev.sdp.empty()) {
                emit(commands::ack_callee_rejecting{});
                fail(connect_failure::own_phone_gave_no_answer, 0);
                return true;
            }
            emit(commands::ack_callee{ev.sdp});
            emit(commands::notify_media_connected{});
            enter(state::connected);
            return true;
        },
        [&](const own_phone_refused_offer& ev) {
            if (s != state::offering_own_phone) return false;
            emit(commands::ack_callee_rejecting{});
            fail(ends_the_leg(ev.status) ? connect_failure::leg_ended : connect_failure::own_phone_refused_offer,
                 ev.status);
            return true;
        },
        [&](const call_ended&) {
            if (s == state::settling) emit(commands::cancel_timer{connect_timer::ack_settle});
            else if (s == state::offering_own_phone) emit(commands::ack_callee_rejecting{});
            else if (s != state::idle && s != state::asking_callee) return false;
            enter(state::abandoned);
            return true;
        },
    };
    return std::visit(handlers, e);
}

} // namespace cvw::call::connect
