// Joining a meeting by dial-out, as a pure state machine: timers as data, commands queued for a driver.
#pragma once

#include "cvw/call/meeting_join_types.hpp"
#include "cvw/command_queue.hpp"
#include "cvw/dial_plan.hpp"

#include <string>

namespace cvw::call::meeting_join {

/** See the theory of operation at the top of meeting_join_machine.cpp. */
class meeting_join_machine {
public:
    explicit meeting_join_machine(dial_plan plan, timeouts t = {});

    /** Applies an event. Returns false when the event means nothing in the current state (ignored). */
    bool handle(const event& e);
    /** Takes the next command the driver must carry out; false when none is queued. */
    bool next_command(command& out) { return commands_.take(out); }

    state current() const { return state_; }
    end_reason reason() const { return reason_; }
    /** The number being rung (the normalised callback number), once the request was accepted. */
    const std::string& phone_number() const { return phone_number_; }
    bool phone_is_ringing() const { return phone_ringing_; }

private:
    bool on_request(const events::join_requested& e);
    /** Undoes what the current state has under way, hangs up the phone, and ends with `r`. */
    bool leave(end_reason r, bool phone_still_up = true);
    void end(end_reason r);
    void enter(state s);
    template <class C> void emit(C c) { commands_.push(std::move(c)); }

    dial_plan plan_;
    timeouts timeouts_;
    state state_ = state::idle;
    end_reason reason_ = end_reason::none;
    std::string phone_number_;
    char confirm_digit_ = 0;
    bool phone_ringing_ = false;
    command_queue<command> commands_;
};

} // namespace cvw::call::meeting_join
