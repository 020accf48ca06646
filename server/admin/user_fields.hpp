// Validation of directory fields entered by admins.
#pragma once

#include <optional>
#include <string>

namespace cvw::server {

/** nullopt when valid, else a sentence saying what is wrong. */
std::optional<std::string> check_username(const std::string& username);
/**
 * Display names: valid UTF-8 of at most 200 bytes (what the page accepts) with no control
 * characters, since the name is shown on phones in SIP headers and on pages.
 */
std::optional<std::string> check_display_name(const std::string& name);
/** Desk-phone and callback numbers: empty, E.164 (+ and 7..15 digits) or an extension of 2..8 digits. */
std::optional<std::string> check_phone_number(const std::string& number, const char* what);

} // namespace cvw::server
