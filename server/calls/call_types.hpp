// Who places a call and which meeting a phone joins, as the call layer needs to know them, and
// each leg's SDP origin.
#pragma once

#include "cvw/call/click_to_call_types.hpp"
#include "cvw/policy.hpp"
#include "cvw/sdp/sdp.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace cvw::server::calls {

struct caller {
    std::int64_t user_id = 0;
    std::string display_name;     ///< shown to the callee
    std::string number;           ///< the user's own extension or number (a meeting's dial-out names them by it)
    call::caller_numbers numbers; ///< what a click-to-call callee sees: extension inside, direct number outside
    effective_policy policy;
    std::string username; ///< names the user in log lines (call rate caps)
};

/** The meeting being joined, as the meeting service knows it. */
struct meeting_details {
    std::string meeting_id;    ///< the meeting's public id (its link)
    std::uint64_t room = 0;    ///< its room in the mixer
    std::string conference_id; ///< keyed into a PBX's bridge, with the PIN
    std::string pin;
    std::string subject;         ///< shown on the phone
    std::string bridge_number;   ///< the caller ID the phone shows
    char confirm_digit = 0;      ///< asked for before joining; 0: none
    std::int64_t invited_by = 0; ///< an outside number: the user who dialled it in (its rate caps, its news)
};

/** A fresh SDP origin for one leg (RFC 4566: a session id that does not repeat). */
inline sdp::origin new_origin(const std::string& address) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return {rng() >> 1, 0, address};
}

} // namespace cvw::server::calls
