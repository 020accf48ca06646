// Strict checks of a request's raw text where sofia-sip's parser is lenient (RFC 3261 section 25,
// the malformed cases of RFC 4475): run on the bytes as received, before anything acts on them.
#pragma once

#include <string_view>

namespace cvw::sip {

/**
 * True for `Method SP Request-URI SP SIP/2.0` with its line end: exactly one SP between the three
 * parts and no other whitespace (RFC 4475 lwsstart and trws are false).
 */
bool is_strict_request_line(std::string_view line);

/**
 * True when an addr-spec inside `<...>` of a name-addr header (From, To, Contact...) holds
 * whitespace, which RFC 3261 does not allow (RFC 4475 badaspec: `< sip:t.watson@example.org >`).
 * Quoted display names are skipped, so `"a <b c>" <sip:x@y>` is false.
 */
bool has_whitespace_in_addr_spec(std::string_view header);

} // namespace cvw::sip
