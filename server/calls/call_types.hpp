// Who places a call, as the call layer needs to know them, and each leg's SDP origin.
#pragma once

#include "cvw/policy.hpp"
#include "cvw/sdp/sdp.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace cvw::server::calls {

struct caller {
    std::int64_t user_id = 0;
    std::string display_name; ///< shown to the callee
    std::string number;       ///< the user's own extension or number, shown to the callee
    effective_policy policy;
    std::string username; ///< names the user in log lines (call rate caps)
};

/** A fresh SDP origin for one leg (RFC 4566: a session id that does not repeat). */
inline sdp::origin new_origin(const std::string& address) {
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    return {rng() >> 1, 0, address};
}

} // namespace cvw::server::calls
