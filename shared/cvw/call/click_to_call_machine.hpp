// The click-to-call business state machine: pure, timers as data, commands queued for a driver.
#pragma once

#include "cvw/command_queue.hpp"
#include "cvw/call/click_to_call_types.hpp"
#include "cvw/dial_plan.hpp"

#include <cstdint>
#include <string>

namespace cvw::call {

struct ring_timeouts {
    std::int64_t own_phone_ms = 30'000;
    std::int64_t callee_ms = 45'000;
};

/** See the theory of operation at the top of click_to_call_machine.cpp. */
class click_to_call_machine {
public:
    click_to_call_machine(dial_plan plan, ring_timeouts timeouts = {});

    /** Applies an event. Returns false when the event means nothing in the current state (ignored). */
    bool handle(const event& e);

    /** Takes the next command the driver must carry out; false when none is queued. */
    bool next_command(command& out);
    bool has_commands() const { return !commands_.empty(); }

    state current() const { return state_; }
    end_reason reason() const { return reason_; }
    /** The normalised callee number (set once the request was accepted). */
    const std::string& callee_number() const { return callee_number_; }
    const std::string& callee_name() const { return callee_name_; }
    /** The user's own phone as rung (the callback number, normalised), once the request was accepted. */
    const std::string& own_number() const { return own_number_; }
    /** True while the desk phone reports ringing. */
    bool own_phone_is_ringing() const { return own_phone_ringing_; }

private:
    bool on_request(const events::call_requested& e);
    void end(end_reason r);
    /** CANCEL or BYE whatever is up, as the state requires; false when there is nothing to end. */
    bool hang_up_everything(end_reason before_connect, end_reason once_connected);
    void enter(state s);
    template <class C> void emit(C c) { commands_.push(std::move(c)); }

    dial_plan plan_;
    ring_timeouts timeouts_;
    state state_ = state::idle;
    end_reason reason_ = end_reason::none;
    std::string callee_number_;
    std::string callee_name_;
    std::string own_number_;
    std::string caller_number_; ///< shown to the callee
    bool own_phone_ringing_ = false;
    bool relaying_early_media_ = false;
    command_queue<command> commands_;
};

} // namespace cvw::call
