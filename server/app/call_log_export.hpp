// The call log as people read it: each call as the tabs get it, and CSV for exports, worded by the
// same catalog as the page.
#pragma once

#include "cvw/protocol/messages.hpp"
#include "store/call_log.hpp"

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::server {

/** A logged call as the tabs get it (recent_calls, call_logged). */
protocol::call_entry to_entry(const call_record& c);

/** "2026-11-27T09:54:36Z"; empty for 0 (never happened). */
std::string iso_utc(std::int64_t ms);

/** Midnight UTC of a "YYYY-MM-DD" date, in ms; nullopt when it is not a valid date. */
std::optional<std::int64_t> parse_utc_date(const std::string& text);

/**
 * Writes calls as CSV with a header row: direction, peer, number, started, answered, ended,
 * duration_seconds, outcome, message. Headings and the message are the catalog's words in
 * `language`. With `username_of`, a first "user" column names whose call it is.
 */
void write_calls_csv(std::ostream& out, const std::vector<call_record>& calls, std::string_view language,
                     const std::function<std::string(std::int64_t)>& username_of = {});

} // namespace cvw::server
