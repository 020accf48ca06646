// The offer/answer machine of one SIP INVITE dialog: pure, timers as data, commands queued for a driver.
#pragma once

#include "cvw/command_queue.hpp"
#include "cvw/call/sip_leg_types.hpp"

#include <string>

namespace cvw::call::leg {

/** See the theory of operation at the top of sip_leg_machine.cpp. */
class sip_leg_machine {
public:
    explicit sip_leg_machine(leg_direction direction) : direction_(direction) {}

    /** Applies an event. Returns false when the event means nothing in the current state (ignored). */
    bool handle(const event& e);

    /** Takes the next command the driver must carry out; false when none is queued. */
    bool next_command(command& out);
    bool has_commands() const { return !commands_.empty(); }

    state current() const { return state_; }
    leg_direction direction() const { return direction_; }

private:
    bool on_invite_requested(const events::invite_requested& e);
    bool on_ack_requested(const events::ack_requested& e);
    bool on_reinvite_requested(const events::reinvite_requested& e);
    bool on_answer_requested(const events::answer_requested& e);
    bool on_hangup_requested(const events::hangup_requested& e);
    bool on_provisional(const events::provisional_received& e);
    bool on_success(const events::success_received& e);
    bool on_failure(const events::failure_received& e);
    bool on_invite_received(const events::invite_received& e);
    bool on_ack_received(const events::ack_received& e);
    bool on_bye_received();
    bool on_cancel_received();
    bool on_released();
    bool on_timer(const events::timer_fired& e);

    /** Sends our INVITE or re-INVITE (a glare retry included). */
    void send_request(std::string sdp, bool reinvite);
    /** ACKs a 2xx cvw does not want: its answer was asked for, so the ACK declines the 2xx's offer. */
    void ack_unwanted_success();
    /** True while a 2xx that brought an offer waits for our ACK with the answer. */
    bool ack_owed() const;
    /** The peer's re-INVITE is over without changing the session: our held retry goes on. */
    void resume_held_retry();
    /** Cancels the glare timer if it is still armed for a held retry, and forgets the retry. */
    void drop_held_retry();
    /** True in every state of an established dialog before anyone hung up. */
    bool in_dialog() const;
    void enter(state s) { state_ = s; }
    template <class C> void emit(C c) { commands_.push(std::move(c)); }

    leg_direction direction_;
    state state_ = state::idle;
    bool established_ = false;     ///< a 2xx to the initial INVITE was sent or received
    bool request_pending_ = false; ///< our INVITE or re-INVITE has no final response yet
    bool offer_sent_ = false;      ///< that request carries our offer, so its 2xx carries the answer
    bool cancel_owed_ = false;     ///< given up before any 1xx: the CANCEL goes with the first one
    std::string reinvite_offer_;   ///< what our re-INVITE carried, sent again after a glare
    bool retry_held_ = false;      ///< the peer's re-INVITE came during our backoff; ours waits behind it
    bool retry_due_ = false;       ///< ...and the backoff is over: ours goes as soon as theirs is refused
    command_queue<command> commands_;
};

} // namespace cvw::call::leg
