// Whether a user may place a click-to-call now: one call per user at a time, none once the server
// is shutting down, and the rate caps. A number a user dials into a meeting counts against their
// caps but not their one call: they are in the meeting on their own phone meanwhile. Pure: time
// comes in as milliseconds.
#pragma once

#include "cvw/call/call_rate_caps.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cvw::call {

/** Why a call was not placed. */
enum class admission_refusal {
    shutting_down,    ///< the server is ending its calls
    call_in_progress, ///< the user's previous call has not ended for them yet
    over_cap,         ///< a rate cap (see the decision's `cap`)
};

struct admission_decision {
    std::optional<admission_refusal> refused; ///< empty: placed, and counted against the caps
    call_cap_decision cap;                    ///< over_cap: which cap, and when to retry

    bool allowed() const { return !refused.has_value(); }
};

class call_admission {
public:
    call_admission(call_rate_limits limits, std::int64_t now_ms);

    /** Asks to place `call_id` for the user; when allowed, the call is the user's until call_ended(). */
    admission_decision try_place(std::int64_t user_id, std::string_view call_id, std::int64_t now_ms);
    /** Asks to dial a number on the user's behalf: no slot is taken, the caps count it as theirs. */
    admission_decision try_place_on_behalf(std::int64_t user_id, std::int64_t now_ms);
    /**
     * The user's call `from` goes on as `to` (Add person hands their phone from a call to a meeting):
     * the slot moves with it and nothing is counted. False, and nothing changed, when `from` is not
     * the user's call.
     */
    bool carry_over(std::int64_t user_id, std::string_view from, std::string to);
    /** The call ended for its user: they may place the next one. Other ids are ignored. */
    void call_ended(std::int64_t user_id, std::string_view call_id);
    /** No new call from now on (shutdown). */
    void stop() { stopping_ = true; }
    bool stopping() const { return stopping_; }

    const call_rate_limits& limits() const { return caps_.limits(); }

private:
    call_rate_caps caps_;
    std::unordered_map<std::int64_t, std::string> call_of_user_;
    bool stopping_ = false;
};

} // namespace cvw::call
