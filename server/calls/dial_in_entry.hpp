// Keying the conference ID and the PIN on a call to the bridge number: drives the pure
// pin_entry_machine (shared/cvw/meeting/pin_entry_machine.cpp) from the caller's keys and the
// prompts' ends, and carries out its commands through the hooks of the meeting_join it is part of.
#pragma once

#include "calls/call_clock.hpp"
#include "calls/call_types.hpp"
#include "cvw/meeting/pin_entry_machine.hpp"

#include <functional>
#include <optional>
#include <string>

namespace cvw::server::calls {

/** The meeting a conference ID names, with the PIN to compare. */
struct conference {
    meeting_details meeting;
    std::string pin;
};

class dial_in_entry {
public:
    using found_fn = std::function<void(std::optional<conference>)>;
    struct hooks {
        /** Plays a prompt from cvw's port; `finished` on the calls' strand once it was played to its end. */
        std::function<void(meeting::pin_entry::prompt, std::function<void()> finished)> play;
        std::function<void()> stop_prompt;
        /** Looks a conference ID up; `found` on the calls' strand. */
        std::function<void(std::string conference_id, found_fn found)> find;
        /** How the entry ended, the wrong entries keyed, and (admitted) the meeting. */
        std::function<void(meeting::pin_entry::outcome, int wrong_entries, std::optional<meeting_details>)> done;
    };

    /** `call_id`: its call's, for the trace (call_trace.hpp); keys are traced by name, never their digits. */
    dial_in_entry(call_clock& clock, std::string call_id, meeting::pin_entry::limits limits, hooks h);
    ~dial_in_entry();
    dial_in_entry(const dial_in_entry&) = delete;
    dial_in_entry& operator=(const dial_in_entry&) = delete;

    void start() { feed(meeting::pin_entry::events::started{}); }
    void key(char k) { feed(meeting::pin_entry::events::key_pressed{k}); }
    void caller_hung_up() { feed(meeting::pin_entry::events::caller_hung_up{}); }

private:
    void feed(const meeting::pin_entry::event& e);
    void execute(const meeting::pin_entry::command& c);
    void cancel_timer();

    call_clock& clock_;
    std::string trace_id_; ///< "<call id>/pin"
    meeting::pin_entry::pin_entry_machine machine_;
    hooks hooks_;
    call_clock::timer_id digit_timer_ = 0;
    std::optional<meeting_details> found_; ///< the meeting the keyed conference ID names
};

} // namespace cvw::server::calls
