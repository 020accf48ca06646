// States, events, commands and outcomes of an incoming call to a cvw user, as plain values.
#pragma once

#include "cvw/call/click_to_call_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::call::incoming {

enum class state {
    idle,
    ringing,   ///< the user's tabs ring, and the desk phone too with simultaneous ring
    accepted,  ///< Accept clicked: waiting for the desk phone to be picked up
    connected, ///< caller and desk phone talk (media phone to phone)
    ended,
};

/** How an incoming call went (the call log's outcome); words: the catalog's "incoming.ended.<name>". */
enum class outcome {
    none,
    answered_on_phone,      ///< picked up on the ringing desk phone
    answered_in_browser,    ///< Accept in the page, then the desk phone
    declined,               ///< Decline in the page
    missed,                 ///< no answer in time, or the caller gave up first
    desk_phone_unreachable, ///< accepted, but the desk phone could not be reached
    do_not_disturb,         ///< not answered while the user was in Do not disturb (declined, or the desk phone only)
};

/** What Do not disturb does with a call, as the user chose; `off` when they are not in it. */
enum class do_not_disturb {
    off,
    desk_phone_only, ///< the desk phone rings, the tabs stay quiet
    decline,         ///< nothing rings: the caller goes to voicemail, or hears busy
};

struct settings {
    bool simultaneous_ring = true; ///< ring the desk phone together with the tabs
    std::string desk_number;       ///< the phone to ring or dial on Accept; empty: none
    std::int64_t no_answer_ms = 30'000;
    std::string fallback_number; ///< where an unanswered call goes (voicemail); empty: plain 480
    bool tabs_open = true;       ///< the user has the page open somewhere
    do_not_disturb quiet = do_not_disturb::off;
};

std::string_view to_string(state s);
std::string_view to_string(outcome o);
std::optional<outcome> parse_outcome(std::string_view name);
/** The user's choice by its stored and wire name: desk_phone or decline (never off). */
std::string_view to_string(do_not_disturb d);
std::optional<do_not_disturb> parse_do_not_disturb(std::string_view name);

// One line a struct, so the list reads as a table.
// clang-format off
namespace events {
struct call_arrived { settings user; };
struct desk_phone_answered {};
struct desk_phone_failed { leg_failure failure; };
struct desk_phone_hung_up {};
struct accepted_in_browser {};
struct declined_in_browser {};
struct caller_hung_up {};   ///< CANCEL before the answer, BYE after it
struct hangup_requested {}; ///< Hang up in the page once connected
struct server_stopping {};  ///< cvw is shutting down: end the call cleanly first
struct no_answer_timeout {};
} // namespace events
// clang-format on

using event =
    std::variant<events::call_arrived, events::desk_phone_answered, events::desk_phone_failed,
                 events::desk_phone_hung_up, events::accepted_in_browser, events::declined_in_browser,
                 events::caller_hung_up, events::hangup_requested, events::server_stopping, events::no_answer_timeout>;

/** The event's name, for the call trace (e.g. "desk_phone_answered"). */
std::string_view name_of(const event& e);

// One line a struct, so the list reads as a table.
// clang-format off
namespace commands {
/** INVITE the desk phone with the caller's offer; `auto_answer` asks phones that allow it to pick up. */
struct invite_desk_phone { std::string number; bool auto_answer; };
struct cancel_desk_phone {};
struct bye_desk_phone {};
/** 200 to the caller with the desk phone's answer: the two phones talk directly. */
struct answer_caller {};
struct reject_caller { int status; };             ///< 480, 486 or 603
struct redirect_caller { std::string number; };   ///< 302 to the fallback (voicemail)
struct bye_caller {};
struct arm_no_answer_timer { std::int64_t after_ms; };
struct cancel_no_answer_timer {};
struct report_state { state now; outcome how; };
} // namespace commands
// clang-format on

using command =
    std::variant<commands::invite_desk_phone, commands::cancel_desk_phone, commands::bye_desk_phone,
                 commands::answer_caller, commands::reject_caller, commands::redirect_caller, commands::bye_caller,
                 commands::arm_no_answer_timer, commands::cancel_no_answer_timer, commands::report_state>;

} // namespace cvw::call::incoming
