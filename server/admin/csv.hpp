// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends.
#pragma once

#include <istream>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

namespace cvw::server {

/** Reads one record; nullopt at end of input. An unterminated quote sets `error`. */
std::optional<std::vector<std::string>> read_csv_record(std::istream& in, std::string& error);

/** Writes one record with CRLF; fields with commas, quotes or line breaks are quoted. */
void write_csv_record(std::ostream& out, const std::vector<std::string>& fields);

} // namespace cvw::server
