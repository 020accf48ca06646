// States, events, commands and end reasons of a click-to-call, as plain values.
#pragma once

#include "cvw/policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::call {

/** `connecting`: the callee answered and the phones are being put through; the page still shows the
 *  state before it, until `connected` (the phones talk to each other). */
enum class state { idle, calling_own_phone, own_phone_answered, calling_callee, connecting, connected, ended };

/** Why a call ended; each value's words are the catalog's "call.ended.<name>". */
enum class end_reason {
    none,
    hung_up_by_user,   // connected, user clicked hang up
    cancelled_by_user, // before connect, user clicked cancel
    own_phone_hung_up,
    callee_hung_up,
    own_phone_busy,
    own_phone_no_answer,
    own_phone_declined,
    own_phone_unreachable,
    callee_busy,
    callee_no_answer,
    callee_declined,
    callee_invalid_number, // the dial plan cannot read it as a number
    callee_unreachable,
    pbx_unreachable,
    pbx_rejected_credentials,
    not_allowed_by_policy,
    no_callback_number,
    connect_failed,       // the phones could not be put through to each other (re-INVITE refused)
    callback_not_allowed, // the dial plan does not allow the user's own callback number
    server_stopped,       // cvw shut down (restart, deploy) and hung up both phones first
    escalated,            // Add person: both phones were handed to a meeting, which goes on without the call
};

/** How a SIP leg failed, as the driver classifies a final response (see classify_sip_status). */
// A number the PBX finds no one at (404, 410, 484, 604: often a colleague whose phone is not
// registered) is "unreachable"; "invalid number" is kept for what the dial plan itself refuses.
enum class leg_failure { busy, no_answer, declined, unreachable, pbx_unreachable, auth_rejected };

enum class timer_id { own_phone_ring, callee_ring };

std::string_view to_string(state s);
std::string_view to_string(end_reason r);
std::string_view to_string(leg_failure f);
/** The reason a wire name stands for (as stored in the call log). */
std::optional<end_reason> parse_end_reason(std::string_view name);

/** Maps a final SIP status (>= 300) on a leg to a failure the user can be told about. */
leg_failure classify_sip_status(int status);

/** The caller's own numbers; which one the callee sees depends on where the call goes. */
struct caller_numbers {
    std::string extension; ///< reachable only inside the organisation
    std::string direct;    ///< their direct number, as the directory holds it
};

// ---- events (facts) ----
// One line a struct, so the list reads as a table.
// clang-format off
namespace events {
struct call_requested {
    std::string destination;   ///< what the user clicked or typed
    std::string callee_name;   ///< for messages; may be empty
    effective_policy policy;
    /** The destination is a directory user's cvw address: cvw rings them itself, no dial plan applies. */
    bool to_cvw_user = false;
    caller_numbers caller;
};
struct own_phone_ringing {};
struct own_phone_answered {};
struct own_phone_failed { leg_failure failure; };
struct own_phone_hung_up {};
struct callee_ringing {};
/** The callee sent early media (a 18x with SDP): an announcement or a carrier's ringback. */
struct callee_early_media {};
struct callee_answered {};
struct callee_failed { leg_failure failure; };
struct callee_hung_up {};
struct hangup_requested {};
/** cvw is shutting down: end the call cleanly (CANCEL or BYE every leg) before it goes. */
struct server_stopping {};
/** The re-INVITEs that put the phones through to each other are done: they talk. */
struct media_connected {};
/** The re-INVITE that points the desk phone at the callee failed. */
struct connect_failed {};
/** Add person: the phones, still up, go to a meeting; the call ends without hanging either up. */
struct escalate_requested {};
struct timer_fired { timer_id timer; };
} // namespace events
// clang-format on

using event =
    std::variant<events::call_requested, events::own_phone_ringing, events::own_phone_answered,
                 events::own_phone_failed, events::own_phone_hung_up, events::callee_ringing,
                 events::callee_early_media, events::callee_answered, events::callee_failed, events::callee_hung_up,
                 events::hangup_requested, events::server_stopping, events::timer_fired, events::media_connected,
                 events::connect_failed, events::escalate_requested>;

/** The event's name, for the call trace (e.g. "own_phone_answered"). */
std::string_view name_of(const event& e);

// ---- commands (imperatives for the driver) ----
// One line a struct, so the list reads as a table.
// clang-format off
namespace commands {
struct invite_own_phone {
    std::string number;       ///< callback number from policy
    std::string caller_id;    ///< global caller-ID number shown on the desk phone
    std::string display_name; ///< e.g. "cvw: call to Bob Smith"
};
/** `caller_number`: what the callee sees (From and P-Asserted-Identity). */
struct invite_callee { std::string number; std::string caller_number; };
struct start_ringback {};
/** Play the callee's early media to the desk phone instead of the generated ringback. */
struct relay_early_media {};
/** Stop whatever cvw plays to the desk phone: ringback or relayed early media. */
struct stop_ringback {};
/** Put the phones through to each other (RFC 3725 Flow IV; see connect_machine); media_connected or
 *  connect_failed follows. */
struct connect_media {};
struct cancel_own_phone {};
struct bye_own_phone {};
struct cancel_callee {};
struct bye_callee {};
struct arm_timer { timer_id timer; std::int64_t after_ms; };
struct cancel_timer { timer_id timer; };
/** Tell the user's tabs; the state and reason are readable from the machine as well. */
struct report_state { state now; end_reason reason; };
} // namespace commands
// clang-format on

using command = std::variant<commands::invite_own_phone, commands::invite_callee, commands::start_ringback,
                             commands::relay_early_media, commands::stop_ringback, commands::connect_media,
                             commands::cancel_own_phone, commands::bye_own_phone, commands::cancel_callee,
                             commands::bye_callee, commands::arm_timer, commands::cancel_timer, commands::report_state>;

} // namespace cvw::call
