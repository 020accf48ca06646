// What a meeting may be scheduled as, as a table.
#include "cvw/meeting/schedule.hpp"

#include <gtest/gtest.h>

namespace cvw::meeting {
namespace {

constexpr std::int64_t minute = 60'000, hour = 60 * minute, day = 24 * hour;
constexpr std::int64_t now = 1'800'000'000'000;

struct schedule_case {
    const char* what;
    std::string subject;
    std::int64_t starts;
    std::int64_t ends;
    std::optional<schedule_refusal> refused;
};

TEST(schedule, what_may_be_scheduled) {
    using enum schedule_refusal;
    const std::vector<schedule_case> table{
        {"tomorrow for an hour", "Weekly sync", now + day, now + day + hour, std::nullopt},
        {"started ten minutes ago", "Standup", now - 10 * minute, now + 5 * minute, std::nullopt},
        {"a minute long", "Quick", now + hour, now + hour + minute, std::nullopt},
        {"a whole day", "Offsite", now + day, now + 2 * day, std::nullopt},
        {"a year ahead", "Annual", now + 366 * day, now + 366 * day + hour, std::nullopt},
        {"no subject", "", now + day, now + day + hour, empty_subject},
        {"only control characters and spaces", "\r\n \t ", now + day, now + day + hour, empty_subject},
        {"ends before it starts", "Backwards", now + day, now + day - hour, ends_before_start},
        {"ends as it starts", "Instant", now + day, now + day, ends_before_start},
        {"a day and a minute", "Marathon", now + day, now + 2 * day + minute, too_long_meeting},
        {"over already", "Yesterday", now - day, now - day + hour, already_over},
        {"ends right now", "Just over", now - hour, now, already_over},
        {"more than a year ahead", "Far off", now + 367 * day, now + 367 * day + hour, too_far_ahead},
    };
    for (const auto& c : table) EXPECT_EQ(check_schedule(c.subject, c.starts, c.ends, now), c.refused) << c.what;
}

TEST(schedule, a_subject_is_cleaned_for_phones_and_pages) {
    EXPECT_EQ(clean_subject("  Weekly\r\n sync  "), "Weekly sync");
    EXPECT_EQ(clean_subject("\tPlan"), "Plan") << "a tab is a space, then trimmed";
    EXPECT_EQ(clean_subject(" \x01 "), "");
    EXPECT_EQ(clean_subject("Réunion d'équipe"), "Réunion d'équipe");
}

TEST(schedule, refusals_have_their_wire_names) {
    EXPECT_EQ(to_string(schedule_refusal::ends_before_start), "ends_before_start");
    EXPECT_EQ(to_string(schedule_refusal::too_long_meeting), "too_long_meeting");
    EXPECT_EQ(to_string(schedule_refusal::already_over), "already_over");
}

} // namespace
} // namespace cvw::meeting
