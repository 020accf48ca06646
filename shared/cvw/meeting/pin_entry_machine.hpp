// Keying a conference ID and a PIN, as a pure state machine: the keys come in as events, prompts,
// the lookup and the timer go out as commands for the dial-in driver.
#pragma once

#include "cvw/command_queue.hpp"
#include "cvw/meeting/pin_entry_types.hpp"

#include <string>

namespace cvw::meeting::pin_entry {

/** See the theory of operation at the top of pin_entry_machine.cpp. */
class pin_entry_machine {
public:
    explicit pin_entry_machine(limits l = {}) : limits_(l) {}

    /** Applies an event. Returns false when the event means nothing in the current state (ignored). */
    bool handle(const event& e);
    /** Takes the next command the driver must carry out; false when none is queued. */
    bool next_command(command& out) { return commands_.take(out); }

    state current() const { return state_; }
    outcome how() const { return outcome_; }
    /** The conference ID the caller keyed, once the meeting was found. */
    const std::string& conference_id() const { return conference_id_; }
    /** Wrong conference IDs and PINs keyed so far (a caller who hangs up after guessing still guessed). */
    int wrong_entries() const { return wrong_entries_; }

private:
    bool on_key(char key);
    /** The entry so far ends (by '#' or by quiet). */
    bool on_entry_done();
    /** One more wrong entry: try again with `again`, or say goodbye. */
    void wrong(prompt again, outcome if_last);
    void ask(state s, prompt p);
    void goodbye(outcome why);
    void play(prompt p);
    void cancel_timer();
    void arm_timer();
    template <class C> void emit(C c) { commands_.push(std::move(c)); }

    limits limits_;
    state state_ = state::idle;
    outcome outcome_ = outcome::none;
    std::string entry_;
    std::string conference_id_;
    std::string pin_;
    int wrong_entries_ = 0;
    int silences_ = 0;
    bool prompt_playing_ = false;
    bool timer_armed_ = false;
    command_queue<command> commands_;
};

} // namespace cvw::meeting::pin_entry
