// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends; exports safe to open in a spreadsheet.
#pragma once

#include <istream>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

namespace cvw::server {

/** Reads one record; nullopt at end of input. An unterminated quote sets `error`. */
std::optional<std::vector<std::string>> read_csv_record(std::istream& in, std::string& error);

/**
 * A cell a spreadsheet shows as text, never runs as a formula (OWASP "CSV injection"): one that starts
 * with = + - @, tab or carriage return gets a leading single quote. Phone numbers such as +14255550100
 * too: spreadsheets evaluate a leading + as a formula, and the quote keeps the + visible.
 */
std::string spreadsheet_safe(const std::string& cell);

/**
 * Writes one record with CRLF. Every field goes through spreadsheet_safe; fields it changed, and those
 * with commas, semicolons, quotes, tabs or line breaks, are quoted.
 */
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

} // namespace cvw::server
