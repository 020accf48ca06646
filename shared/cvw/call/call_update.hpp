// One call's progress, as every kind of call reports it. The tabs' events, the call log, presence
// and the call trace are all written from this one value (server/app/call_recorder.cpp).
#pragma once

#include "cvw/call/click_to_call_types.hpp"
#include "cvw/call/incoming_call_types.hpp"
#include "cvw/call/meeting_join_types.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::call {

enum class call_kind { click_to_call, incoming, meeting_join };

/** A click-to-call's step and, once it ended, why. */
struct click_to_call_progress {
    state now = state::idle;
    end_reason reason = end_reason::none;
    bool operator==(const click_to_call_progress&) const = default;
};

/** An incoming call's step and, once it ended, how it went. */
struct incoming_progress {
    incoming::state now = incoming::state::idle;
    incoming::outcome how = incoming::outcome::none;
    bool desk_phone_ringing = false; ///< the desk phone rings along with the tabs
    bool tabs_ring = true;           ///< false in Do not disturb: the tabs learn of it from the call log only
    bool operator==(const incoming_progress&) const = default;
};

/** A meeting join's step and, once it ended, why; which meeting it joins. */
struct meeting_join_progress {
    meeting_join::state now = meeting_join::state::idle;
    meeting_join::end_reason reason = meeting_join::end_reason::none;
    std::string meeting_id;
    bool muted = false;          ///< the phone's audio is kept out of the mix
    std::int64_t invited_by = 0; ///< the user who dialled this outside number in; 0 for anyone else
    bool dialled_in = false;     ///< the phone called the bridge number; else the meeting rang it
    /** What the roster calls a phone cvw knows no user of (a colleague called by number, say); empty: its number, masked. */
    std::string name;
    bool operator==(const meeting_join_progress&) const = default;
};

/** The other phone, as the user sees it. */
struct call_party {
    std::string name;     ///< from the directory when known, else as typed or sent; may be empty
    std::string number;   ///< as dialled (normalised), a directory user's username, or the caller's number
    std::string username; ///< the directory user's, when it is one; else empty
    bool operator==(const call_party&) const = default;
};

struct call_update {
    std::string call_id;
    std::int64_t user_id = 0; ///< whose call it is: the user who clicked, or the one called
    std::variant<click_to_call_progress, incoming_progress, meeting_join_progress> progress;
    call_party peer;
    std::string conversation; ///< click-to-call: the IM peer it was placed from, else empty
    std::int64_t started_at_ms = 0;
    std::int64_t connected_at_ms = 0; ///< 0 until the phones talk
    std::int64_t ended_at_ms = 0;     ///< 0 until it ended
    bool operator==(const call_update&) const = default;

    call_kind kind() const;
    /** The phones talk to each other. */
    bool connected() const;
    bool ended() const;
    /** The step by its wire name (calling_own_phone, ringing, connected, ended, ...). */
    std::string_view state_name() const;
    /** Why it ended, by its wire name (callee_busy, missed, ...); empty until it ended. */
    std::string_view reason_name() const;
};

} // namespace cvw::call
