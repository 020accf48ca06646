// The message class cvw's SIP stack parses with: sofia-sip's, plus what cvw needs on top of it.
#pragma once

namespace cvw::server::sip {

/**
 * Makes sofia's default SIP message class parse P-Asserted-Identity and accept a request whose
 * method is any RFC 3261 token. Process-wide, so it runs once however many agents start.
 */
void install_message_class();

} // namespace cvw::server::sip
