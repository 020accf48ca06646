// The RFC 3725 connect of the desk phone to the callee: pure, timers as data, commands queued for a driver.
#pragma once

#include "cvw/command_queue.hpp"
#include "cvw/call/connect_types.hpp"

#include <cstdint>

namespace cvw::call::connect {

/** See the theory of operation at the top of connect_machine.cpp. */
class connect_machine {
public:
    /** `ack_settle_ms`: how long B's ACK gets before B's re-INVITE may follow it. */
    explicit connect_machine(std::int64_t ack_settle_ms = 100) : ack_settle_ms_(ack_settle_ms) {}

    /** Applies an event. Returns false when the event means nothing in the current state (ignored). */
    bool handle(const event& e);

    /** Takes the next command the driver must carry out; false when none is queued. */
    bool next_command(command& out);
    bool has_commands() const { return !commands_.empty(); }

    state current() const { return state_; }
    /** Why the connect failed; `none` unless current() is `failed`. */
    connect_failure failure() const { return failure_; }

private:
    /** Re-INVITEs A with B's offer, or fails when B gave none (its 2xx then gets a bodiless ACK). */
    void offer_to_own_phone(const std::string& callee_sdp);
    void fail(connect_failure why, int status);
    void enter(state s) { state_ = s; }
    template <class C> void emit(C c) { commands_.push(std::move(c)); }

    std::int64_t ack_settle_ms_;
    state state_ = state::idle;
    connect_failure failure_ = connect_failure::none;
    bool callee_reinvite_out_ = false; ///< B's re-INVITE has no final response yet
    command_queue<command> commands_;
};

} // namespace cvw::call::connect
