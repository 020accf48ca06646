// Wire and log names of the PIN entry's states, outcomes, prompts and events.
#include "cvw/meeting/pin_entry_types.hpp"

#include <iterator>

namespace cvw::meeting::pin_entry {

std::string_view to_string(state s) {
    switch (s) {
    case state::idle: return "idle";
    case state::asking_conference: return "asking_conference";
    case state::finding: return "finding";
    case state::asking_pin: return "asking_pin";
    case state::saying_goodbye: return "saying_goodbye";
    case state::admitted: return "admitted";
    case state::refused: return "refused";
    }
    return "refused";
}

std::string_view to_string(outcome o) {
    switch (o) {
    case outcome::none: return "none";
    case outcome::admitted: return "admitted";
    case outcome::no_entry: return "no_entry";
    case outcome::wrong_conference: return "wrong_conference";
    case outcome::wrong_pin: return "wrong_pin";
    case outcome::caller_hung_up: return "caller_hung_up";
    }
    return "none";
}

std::string_view to_string(prompt p) {
    switch (p) {
    case prompt::enter_conference: return "enter_conference";
    case prompt::enter_pin: return "enter_pin";
    case prompt::wrong_conference: return "wrong_conference";
    case prompt::wrong_pin: return "wrong_pin";
    case prompt::goodbye: return "goodbye";
    }
    return "goodbye";
}

std::string_view name_of(const event& e) {
    static constexpr std::string_view names[] = {
        "started",         "key_pressed",       "conference_found", "conference_unknown",
        "prompt_finished", "digit_timer_fired", "caller_hung_up"};
    static_assert(std::size(names) == std::variant_size_v<event>);
    return names[e.index()];
}

} // namespace cvw::meeting::pin_entry
