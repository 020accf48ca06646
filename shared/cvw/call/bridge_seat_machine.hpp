// A seat in a PBX's conference bridge, as a pure state machine: timers as data, commands queued for a driver.
#pragma once

#include "cvw/call/bridge_seat_types.hpp"
#include "cvw/command_queue.hpp"

namespace cvw::call::bridge_seat {

/** See the theory of operation at the top of bridge_seat_machine.cpp. */
class bridge_seat_machine {
public:
    explicit bridge_seat_machine(timeouts t = {}) : timeouts_(t) {}

    /** Applies an event. Returns false when the event means nothing in the current state (ignored). */
    bool handle(const event& e);
    /** Takes the next command the driver must carry out; false when none is queued. */
    bool next_command(command& out) { return commands_.take(out); }

    state current() const { return state_; }

private:
    /** Undoes what the state before the seat has under way, then refuses the seat for `why`. */
    void give_up(failure why, bool bridge_still_up);
    template <class C> void emit(C c) { commands_.push(std::move(c)); }

    timeouts timeouts_;
    state state_ = state::idle;
    command_queue<command> commands_;
};

} // namespace cvw::call::bridge_seat
