#include "cvw/meeting/schedule.hpp"

#include "cvw/sip/display_name.hpp"

namespace cvw::meeting {

namespace {
constexpr std::int64_t one_minute_ms = 60'000;
}

std::string_view to_string(schedule_refusal r) {
    switch (r) {
    case schedule_refusal::empty_subject: return "empty_subject";
    case schedule_refusal::ends_before_start: return "ends_before_start";
    case schedule_refusal::too_long_meeting: return "too_long_meeting";
    case schedule_refusal::already_over: return "already_over";
    case schedule_refusal::too_far_ahead: return "too_far_ahead";
    }
    return "empty_subject";
}

std::string clean_subject(std::string_view raw) {
    auto subject = sip::clean_display_text(raw); // it is shown on phones, in a SIP header
    const auto first = subject.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return subject.substr(first, subject.find_last_not_of(' ') - first + 1);
}

std::optional<schedule_refusal> check_schedule(std::string_view subject, std::int64_t starts_at_ms,
                                               std::int64_t ends_at_ms, std::int64_t now_ms) {
    if (clean_subject(subject).empty()) return schedule_refusal::empty_subject;
    if (ends_at_ms - starts_at_ms < one_minute_ms) return schedule_refusal::ends_before_start;
    if (ends_at_ms - starts_at_ms > longest_meeting_ms) return schedule_refusal::too_long_meeting;
    if (ends_at_ms <= now_ms) return schedule_refusal::already_over;
    if (starts_at_ms - now_ms > furthest_ahead_ms) return schedule_refusal::too_far_ahead;
    return std::nullopt;
}

} // namespace cvw::meeting
