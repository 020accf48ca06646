// The iCalendar file of a scheduled meeting: what a calendar program reads back from it (libical's
// own parser), and the RFC 5545 rules a hand-written file would break (CRLF, folding, escaping).
#include "meetings/meeting_calendar.hpp"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <sstream>
#include <vector>

namespace cvw::server {
namespace {

constexpr std::int64_t dec_3_2026_14h_utc = 1796306400000; // 2026-12-03T14:00:00Z

calendar_entry weekly_sync() {
    return {.uid = "m-0123456789abcdef@cvw",
            .stamp_ms = dec_3_2026_14h_utc - 86'400'000,
            .starts_at_ms = dec_3_2026_14h_utc,
            .ends_at_ms = dec_3_2026_14h_utc + 3'600'000,
            .summary = "Weekly sync; budget, hiring \\ and plans",
            .description = "Join the meeting: http://127.0.0.1:8080/m/m-0123456789abcdef\nOrganized by Alice Smith. "
                           "A long line that goes on and on so that it has to be folded: Réunion d'équipe, 회의, 会议.",
            .url = "http://127.0.0.1:8080/m/m-0123456789abcdef"};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t at = 0; at < text.size();) {
        const auto end = text.find("\r\n", at);
        if (end == std::string::npos) {
            out.push_back(text.substr(at));
            break;
        }
        out.push_back(text.substr(at, end - at));
        at = end + 2;
    }
    return out;
}

TEST(meeting_calendar, a_calendar_program_reads_back_the_meeting) {
    const auto entry = weekly_sync();
    const auto text = to_icalendar(entry);
    std::unique_ptr<icalcomponent, decltype(&icalcomponent_free)> parsed(icalparser_parse_string(text.c_str()),
                                                                         &icalcomponent_free);
    ASSERT_NE(parsed, nullptr) << text;
    EXPECT_EQ(icalcomponent_isa(parsed.get()), ICAL_VCALENDAR_COMPONENT);
    icalcomponent* event = icalcomponent_get_first_component(parsed.get(), ICAL_VEVENT_COMPONENT);
    ASSERT_NE(event, nullptr);
    EXPECT_STREQ(icalcomponent_get_uid(event), "m-0123456789abcdef@cvw");
    EXPECT_EQ(icalcomponent_get_summary(event), entry.summary);
    EXPECT_EQ(icalcomponent_get_description(event), entry.description);
    EXPECT_EQ(icalcomponent_get_location(event), entry.url);
    EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtstart(event)), dec_3_2026_14h_utc / 1000);
    EXPECT_EQ(icaltime_as_timet(icalcomponent_get_dtend(event)), dec_3_2026_14h_utc / 1000 + 3600);
    EXPECT_EQ(icalcomponent_count_errors(parsed.get()), 0);
}

TEST(meeting_calendar, the_file_keeps_the_rules_of_rfc_5545) {
    const auto text = to_icalendar(weekly_sync());
    const auto lines = lines_of(text);
    ASSERT_GE(lines.size(), 10u);
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(text.find('\n'), text.find("\r\n") + 1) << "every line ends in CRLF";
    std::size_t bare_lf = 0;
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1))
        if (at == 0 || text[at - 1] != '\r') ++bare_lf;
    EXPECT_EQ(bare_lf, 0u);
    bool folded = false;
    for (const auto& line : lines) {
        EXPECT_LE(line.size(), 75u) << line; // octets, a fold never splits the line's meaning
        folded = folded || line.starts_with(" ");
    }
    EXPECT_TRUE(folded) << "the long description is folded";
    EXPECT_NE(text.find("DTSTART:20261203T140000Z"), std::string::npos) << text;
    EXPECT_NE(text.find("DTEND:20261203T150000Z"), std::string::npos) << text;
    EXPECT_NE(text.find("SUMMARY:Weekly sync\\; budget\\, hiring \\\\ and plans"), std::string::npos) << text;
    EXPECT_NE(text.find("VERSION:2.0"), std::string::npos);
    EXPECT_NE(text.find("PRODID:"), std::string::npos);
}

} // namespace
} // namespace cvw::server
