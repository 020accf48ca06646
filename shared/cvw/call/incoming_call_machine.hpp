// The incoming-call business state machine: pure, timers as data, commands queued for a driver.
#pragma once

#include "cvw/command_queue.hpp"
#include "cvw/call/incoming_call_types.hpp"

namespace cvw::call::incoming {

/** See the theory of operation at the top of incoming_call_machine.cpp. */
class incoming_call_machine {
public:
    /** Applies an event. Returns false when the event means nothing in the current state (ignored). */
    bool handle(const event& e);
    /** Takes the next command the driver must carry out; false when none is queued. */
    bool next_command(command& out);

    state current() const { return state_; }
    outcome result() const { return outcome_; }
    /** True while an INVITE to the desk phone is out and unanswered. */
    bool desk_phone_ringing() const { return desk_ringing_; }
    /** False in Do not disturb: the tabs are not rung, and hear of the call only in the call log. */
    bool tabs_ring() const { return user_.quiet == do_not_disturb::off; }

private:
    bool on_arrival(const settings& user);
    void end(outcome o);
    /** How a call nobody answered went: missed, or held back by Do not disturb. */
    outcome unanswered_outcome() const { return tabs_ring() ? outcome::missed : outcome::do_not_disturb; }
    void enter(state s);
    void send_to_fallback();
    void stop_desk_phone();
    template <class C> void emit(C c) { commands_.push(std::move(c)); }

    settings user_;
    state state_ = state::idle;
    outcome outcome_ = outcome::none;
    bool desk_ringing_ = false;
    command_queue<command> commands_;
};

} // namespace cvw::call::incoming
