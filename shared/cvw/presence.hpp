// Presence: what a user chose, and what others see once connection state is taken into account.
#pragma once

#include <optional>
#include <string_view>

namespace cvw {

/** The state a user picks in the page. */
enum class availability { available, busy, do_not_disturb, away };

/**
 * What watchers see. `offline` is never chosen; it follows from having no open tab. `in_a_call`
 * follows from the user's phone being in a call.
 */
enum class presence { available, busy, do_not_disturb, away, offline, in_a_call };

std::string_view to_string(availability a);
std::string_view to_string(presence p);
std::optional<availability> parse_availability(std::string_view s);
std::optional<presence> parse_presence(std::string_view s);

/**
 * The presence others see for a user, from their choice, whether any of their tabs is open, and
 * whether their phone is in a call. A call shows even with no tab open (the phone is busy), but
 * not over do-not-disturb, which the user chose to show.
 */
presence effective_presence(availability chosen, bool any_tab_connected, bool in_a_call = false);

} // namespace cvw
