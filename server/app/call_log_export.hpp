// The call log as people read it: each call's outcome in words, and CSV for exports.
#pragma once

#include "store/call_log.hpp"

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace cvw::server {

/** The outcome of a logged call in words, e.g. "You missed a call from Bob Jones." */
std::string describe_outcome(const call_record& c);

/** "2026-11-27T09:54:36Z"; empty for 0 (never happened). */
std::string iso_utc(std::int64_t ms);

/** Midnight UTC of a "YYYY-MM-DD" date, in ms; nullopt when it is not a valid date. */
std::optional<std::int64_t> parse_utc_date(const std::string& text);

/**
 * Writes calls as CSV with a header row: direction, peer, number, started, answered, ended,
 * duration_seconds, outcome, message. With `username_of`, a first "user" column names whose call it is.
 */
void write_calls_csv(std::ostream& out, const std::vector<call_record>& calls,
                     const std::function<std::string(std::int64_t)>& username_of = {});

} // namespace cvw::server
