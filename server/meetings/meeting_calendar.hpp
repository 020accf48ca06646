// A scheduled meeting as an iCalendar file (RFC 5545), written by libical: one VEVENT with the
// meeting's times in UTC, its subject, its link and the words around it in the reader's language.
#pragma once

#include <cstdint>
#include <string>

namespace cvw::server {

struct calendar_entry {
    std::string uid;           ///< stable across downloads, so calendars update rather than duplicate
    std::int64_t stamp_ms = 0; ///< when the meeting was made
    std::int64_t starts_at_ms = 0;
    std::int64_t ends_at_ms = 0;
    std::string summary;
    std::string description;
    std::string url; ///< the meeting's link: also its location, where most calendars show it
};

/** The whole file, CRLF line endings, long lines folded, text escaped. */
std::string to_icalendar(const calendar_entry& e);

} // namespace cvw::server
