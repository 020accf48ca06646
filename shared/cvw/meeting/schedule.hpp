// What a meeting may be scheduled as: a subject that shows on phones, an end after its start, no
// longer than a day, not already over, and not further ahead than a year. Pure: time comes in as
// milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvw::meeting {

inline constexpr std::int64_t longest_meeting_ms = 24LL * 60 * 60 * 1000;
inline constexpr std::int64_t furthest_ahead_ms = 366LL * 24 * 60 * 60 * 1000;

/** Why a schedule was refused; the wire's detail is its name. */
enum class schedule_refusal {
    empty_subject,     ///< nothing left once control characters and spaces are gone
    ends_before_start, ///< it must last at least a minute
    too_long_meeting,  ///< over a day
    already_over,      ///< its end has passed
    too_far_ahead,     ///< starts more than a year from now
};

std::string_view to_string(schedule_refusal r);

/** A subject as phones and pages show it: control characters dropped, spaces at either end trimmed. */
std::string clean_subject(std::string_view raw);

std::optional<schedule_refusal> check_schedule(std::string_view subject, std::int64_t starts_at_ms,
                                               std::int64_t ends_at_ms, std::int64_t now_ms);

} // namespace cvw::meeting
