// Where a call arriving from the PBX goes: whose address it was sent to, how the caller is named,
// and how that user's phone and tabs are rung. Pure; the hub supplies what the directory found.
#pragma once

#include "cvw/addressing.hpp"
#include "cvw/call/incoming_call_types.hpp"
#include "cvw/dial_plan.hpp"
#include "cvw/policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvw::call {

/** The username in a Request-URI user part made of `prefix` + username (the prefix in any case). */
std::optional<std::string> addressed_username(std::string_view to_user, std::string_view prefix);

/** The caller as the page shows them. */
struct caller_identity {
    std::string name;     ///< the directory's name for a known number, else what the caller sent
    std::string number;   ///< at most the protocol's phone-number length
    std::string username; ///< when the number is a colleague's, to chat with them
};

/**
 * Names the caller: a known number gets the directory's name; otherwise the caller's own display
 * name (theirs to choose, so cut on a character boundary to what the page accepts).
 */
caller_identity identify_caller(std::string_view from_number, std::string_view from_display,
                                const std::optional<person>& known);

/** The deployment's settings for incoming calls. */
struct ring_config {
    std::int64_t no_answer_ms = 30'000;
    std::string fallback_number; ///< voicemail; empty: a plain 480
};

/**
 * How the user is rung: their desk phone (only if the dial plan allows its number, as for their own
 * calls, and calls are on for them) with or without the tabs, and where an unanswered call goes;
 * `quiet` is what their Do not disturb does, when they are in it.
 */
incoming::settings ring_settings(const effective_policy& policy, const dial_plan& plan, const ring_config& config,
                                 bool tabs_open, incoming::do_not_disturb quiet = incoming::do_not_disturb::off);

} // namespace cvw::call
