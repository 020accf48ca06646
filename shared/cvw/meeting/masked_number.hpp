// How an outside caller's number shows in a meeting's roster: enough to recognise a call one made
// oneself, not enough to collect the numbers of everyone in a meeting.
#pragma once

#include <string>
#include <string_view>

namespace cvw::meeting {

/**
 * The number with its middle hidden: the first five characters (a country and area code) and the
 * last two stay, each hidden digit becomes '•'; a short number keeps only its last digit. The input
 * is a SIP user part, so only ASCII is kept as it is.
 */
std::string masked_number(std::string_view number);

} // namespace cvw::meeting
