// Display names in SIP headers (RFC 3261 section 25.1): any text rendered safely as a quoted-string,
// read back from a quoted-string or tokens, and cut without splitting a UTF-8 character.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cvw::sip {

/**
 * `text` as the page may show it: valid UTF-8 kept, each invalid byte replaced by U+FFFD, a tab
 * turned into a space, CR, LF and every other control character (C0, DEL, C1) dropped.
 */
std::string clean_display_text(std::string_view text);

/**
 * `text` as an RFC 3261 quoted-string, quotes included: cleaned as clean_display_text() does, then
 * `"` and `\` escaped as quoted-pairs. The result never holds CR, LF or a bare `"`, so it cannot end
 * a header or the quoted-string early, whatever `text` holds.
 */
std::string quote_display_name(std::string_view text);

/**
 * The display name of a From, To or P-Asserted-Identity header as it arrived (sofia's a_display):
 * a quoted-string with its quoted-pairs undone, or a token-form name (`Bob Smith`) with its
 * surrounding whitespace trimmed. Lenient: an unterminated quoted-string yields what it holds. The
 * result is cleaned as clean_display_text() does.
 */
std::string parse_display_name(std::string_view wire);

/**
 * The longest prefix of `text` with at most `max_bytes` bytes that does not cut a UTF-8 character in
 * two: the prefix of valid UTF-8 is valid UTF-8. Clean text first to cut it on character boundaries.
 */
std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes);

/**
 * A name-addr for From or P-Asserted-Identity: `"<display>" <uri>`, or `<uri>` for an empty display.
 * The display is quoted by quote_display_name(); in `uri`, bytes that cannot stand in a URI inside
 * angle brackets (controls, space, `"`, `<`, `>`, `\`, non-ASCII) are percent-escaped.
 */
std::string name_addr(std::string_view display, std::string_view uri);

} // namespace cvw::sip
