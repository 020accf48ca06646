// States, events and commands of putting the desk phone through to the callee (RFC 3725), as plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::call::connect {

enum class state {
    idle,
    settling,           ///< B answered cvw's own offer: its ACK gets a head start before B is re-INVITEd
    asking_callee,      ///< B is re-INVITEd without SDP, for a fresh offer
    offering_own_phone, ///< A is re-INVITEd with B's offer; B's 2xx waits for A's answer in its ACK
    connected,          ///< A and B have each other's media
    failed,             ///< see failure()
    abandoned,          ///< the call ended first
};

/** Why the phones could not be put through to each other. */
enum class connect_failure {
    none,
    callee_gave_no_offer,     ///< B's 2xx (to the late-offer INVITE or to the empty re-INVITE) had no SDP
    callee_refused_reinvite,  ///< B answered the empty re-INVITE with an error
    own_phone_refused_offer,  ///< A answered the re-INVITE carrying B's offer with an error (488, ...)
    own_phone_gave_no_answer, ///< A's 2xx to that re-INVITE had no SDP
    leg_ended,                ///< a re-INVITE got 481 or 408: that leg's dialog is gone (RFC 3261 §12.2.1.2)
};

enum class connect_timer { ack_settle };

std::string_view to_string(state s);
std::string_view to_string(connect_failure f);
std::string_view to_string(connect_timer t);

// ---- events (facts) ----
// One line a struct, so the list reads as a table.
// clang-format off
namespace events {
/** B's 2xx to cvw's late-offer INVITE carried B's offer (`sdp`; empty if it had none); not yet ACKed. */
struct start_with_callee_offer { std::string sdp; };
/** B's 2xx answered cvw's own offer (and is ACKed): B must be asked for a fresh offer. */
struct start_asking_callee {};
struct timer_fired { connect_timer timer; };
/** B's 2xx to the empty re-INVITE; `sdp` is its offer (empty if it had none); not yet ACKed. */
struct callee_offered { std::string sdp; };
/** B answered the empty re-INVITE with an error. */
struct callee_refused_reinvite { int status; };
/** A's 2xx to the re-INVITE with B's offer; `sdp` is A's answer. */
struct own_phone_answered_offer { std::string sdp; };
/** A answered the re-INVITE with B's offer with an error. */
struct own_phone_refused_offer { int status; };
/** The call ended (a hang-up, cvw stopping) before the phones were put through. */
struct call_ended {};
} // namespace events
// clang-format on

using event = std::variant<events::start_with_callee_offer, events::start_asking_callee, events::timer_fired,
                           events::callee_offered, events::callee_refused_reinvite, events::own_phone_answered_offer,
                           events::own_phone_refused_offer, events::call_ended>;

// ---- commands (imperatives for the driver) ----
// SDP travels as received; the driver rewrites each body's origin for the leg it goes to (RFC 3264 §8).
// One line a struct, so the list reads as a table.
// clang-format off
namespace commands {
struct arm_timer { connect_timer timer; std::int64_t after_ms; };
struct cancel_timer { connect_timer timer; };
/** Re-INVITE B without SDP, asking for an offer. */
struct reinvite_callee {};
/** Re-INVITE A with B's offer. A's 2xx answers cvw's offer, so A's leg ACKs it on arrival. */
struct reinvite_own_phone { std::string sdp; };
/** ACK B's pending 2xx with A's answer (`sdp`), or with no body when that 2xx brought no offer. */
struct ack_callee { std::string sdp; };
/** ACK B's pending 2xx with an answer the driver builds that declines every stream (port 0). */
struct ack_callee_rejecting {};
/** A and B now send media to each other. */
struct notify_media_connected {};
/** The connect failed; `status` is the SIP status behind it, or 0. */
struct notify_connect_failed { connect_failure why; int status; };
} // namespace commands
// clang-format on

using command = std::variant<commands::arm_timer, commands::cancel_timer, commands::reinvite_callee,
                             commands::reinvite_own_phone, commands::ack_callee, commands::ack_callee_rejecting,
                             commands::notify_media_connected, commands::notify_connect_failed>;

/** E.g. "callee_refused_reinvite(500)", "callee_offered(sdp)": an SDP body shows as "sdp", never its text. */
std::string to_string(const event& e);
/** E.g. "ack_callee(sdp)", "notify_connect_failed(own_phone_refused_offer, 488)". */
std::string to_string(const command& c);

} // namespace cvw::call::connect
