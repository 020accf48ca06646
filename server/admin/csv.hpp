// RFC 4180 CSV reading: quoted fields, doubled quotes, CRLF or LF line ends.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace cvw::server {

/** Reads one record; nullopt at end of input. An unterminated quote sets `error`. */
std::optional<std::vector<std::string>> read_csv_record(std::istream& in, std::string& error);

} // namespace cvw::server
