// States, events, commands and outcomes of keying a conference ID and a PIN on a phone that dialled
// the meeting bridge, as plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::meeting::pin_entry {

enum class state {
    idle,
    asking_conference, ///< the prompt plays; keys are collected up to '#'
    finding,           ///< the meeting service looks the conference ID up
    asking_pin,
    saying_goodbye, ///< the last prompt plays before the call is hung up
    admitted,       ///< the right PIN: the caller may take a seat in the mixer
    refused,
};

/** How the entry ended. */
enum class outcome {
    none,
    admitted,
    no_entry,         ///< nothing keyed, prompt after prompt
    wrong_conference, ///< no meeting has that ID, try after try
    wrong_pin,        ///< the PIN was wrong, try after try
    caller_hung_up,
};

/** What the phone hears; the driver has a recording (or tones) for each. */
enum class prompt { enter_conference, enter_pin, wrong_conference, wrong_pin, goodbye };

struct limits {
    int attempts = 3;             ///< wrong entries (conference ID and PIN together), and silent prompts, allowed
    std::int64_t digit_ms = 8000; ///< quiet this long after a prompt or a key ends the entry (as '#' would)
    std::size_t longest = 16;     ///< keys kept per entry; more are dropped, so the entry is wrong
};

std::string_view to_string(state s);
std::string_view to_string(outcome o);
std::string_view to_string(prompt p);

// One line a struct, so the list reads as a table.
// clang-format off
namespace events {
struct started {};
/** A key, as '0'-'9', '*' (start the entry over) or '#' (end it), whichever way the phone sent it. */
struct key_pressed { char key; };
struct conference_found { std::string pin; };
struct conference_unknown {};
struct prompt_finished { prompt which; };
struct digit_timer_fired {};
struct caller_hung_up {};
} // namespace events
// clang-format on

using event = std::variant<events::started, events::key_pressed, events::conference_found, events::conference_unknown,
                           events::prompt_finished, events::digit_timer_fired, events::caller_hung_up>;

std::string_view name_of(const event& e);

// clang-format off
namespace commands {
/** Plays the prompt once from cvw's port; prompt_finished follows unless stopped. */
struct play { prompt which; };
struct stop_prompt {};
/** Asks the meeting service for the meeting with this conference ID: conference_found or conference_unknown follows. */
struct find_conference { std::string conference_id; };
struct arm_digit_timer { std::int64_t after_ms; };
struct cancel_digit_timer {};
/** The entry ended: admitted (join the mixer), or refused (hang up; a wrong entry counts against the caller's number). */
struct finish { outcome how; };
} // namespace commands
// clang-format on

using command = std::variant<commands::play, commands::stop_prompt, commands::find_conference,
                             commands::arm_digit_timer, commands::cancel_digit_timer, commands::finish>;

} // namespace cvw::meeting::pin_entry
