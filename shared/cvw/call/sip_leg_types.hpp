// States, events and commands of one SIP INVITE dialog (a call leg), as plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::call::leg {

/** Who sent the initial INVITE: cvw (`outgoing`: cvw is the UAC and made the Call-ID) or the peer. */
enum class leg_direction { outgoing, incoming };

enum class state {
    idle,                   ///< nothing sent or received yet
    inviting,               ///< outgoing: our INVITE is out and nothing came back
    early,                  ///< outgoing: a provisional response came back
    offered,                ///< incoming: their INVITE waits for our final answer (we may have sent 1xx)
    answered,               ///< a 2xx to the initial INVITE waits for its ACK: outgoing, ours must carry
                            ///< the answer to the 2xx's offer (late offer); incoming, theirs
    confirmed,              ///< the dialog is up and no offer/answer exchange is under way
    reinviting,             ///< our re-INVITE is out
    reinvite_answered,      ///< our re-INVITE asked for an offer; the 2xx brought it; our ACK owes the answer
    peer_reinviting,        ///< their re-INVITE waits for our answer
    peer_reinvite_answered, ///< we sent a 2xx to their re-INVITE and wait for their ACK
    glare_backoff,          ///< our re-INVITE got 491; it goes again when the timer fires (RFC 3261 §14.1)
    ending,                 ///< we CANCELled, BYEd or refused, the peer hung up, or the INVITE failed:
                            ///< waiting for the stack to release the leg
    ended,                  ///< the stack released the leg
};

enum class leg_timer { glare_retry };

std::string_view to_string(leg_direction d);
std::string_view to_string(state s);
std::string_view to_string(leg_timer t);

// ---- events (facts) ----
// One line a struct, so the list reads as a table.
// clang-format off
namespace events {
// Asked for by the leg's owner.
/** Send the initial INVITE (outgoing legs); an empty `sdp` is a late offer: the 2xx brings the peer's. */
struct invite_requested { std::string sdp; };
/** ACK the 2xx whose offer we owe an answer (late offer, or our re-INVITE that asked for one). */
struct ack_requested { std::string sdp; };
/** Send a re-INVITE; an empty `sdp` asks the peer for an offer. */
struct reinvite_requested { std::string sdp; };
/** Answer the peer's pending INVITE or re-INVITE: 1xx (stays pending), 2xx with `sdp`, or an error. */
struct answer_requested { int status = 200; std::string sdp; };
/** End the leg; an incoming INVITE not yet answered gets `refusal_status` (3xx-6xx, else 480). */
struct hangup_requested { int refusal_status = 480; };
// Reported by the SIP stack. 401/407 that the driver answers with credentials never arrive here.
/** A 1xx to our initial INVITE (100 included); `sdp` when it carried one (early media). */
struct provisional_received { int status = 180; std::string sdp; };
/** A 2xx to our INVITE or re-INVITE. */
struct success_received { std::string sdp; };
/** A final error (>= 300) to our INVITE or re-INVITE, or the stack's own (408 timeout, 503). */
/** `from_peer` false: the stack's own response (its timer ran out, or the request could not be sent). */
struct failure_received { int status = 500; bool from_peer = true; };
/** The peer's INVITE: the initial one on an incoming leg, else a re-INVITE; `sdp` is its offer or empty. */
struct invite_received { std::string sdp; };
/** The peer's ACK to our 2xx; `sdp` is its answer when our 2xx carried the offer. */
struct ack_received { std::string sdp; };
/** The peer's BYE (the stack has answered it). */
struct bye_received {};
/** The peer's CANCEL (the stack has answered it, and the cancelled INVITE with 487). */
struct cancel_received {};
/** The stack has forgotten the dialog; nothing more will be reported for this leg. */
struct released {};
struct timer_fired { leg_timer timer; };
} // namespace events
// clang-format on

using event =
    std::variant<events::invite_requested, events::ack_requested, events::reinvite_requested, events::answer_requested,
                 events::hangup_requested, events::provisional_received, events::success_received,
                 events::failure_received, events::invite_received, events::ack_received, events::bye_received,
                 events::cancel_received, events::released, events::timer_fired>;

// ---- commands (imperatives for the driver) ----
// One line a struct, so the list reads as a table.
// clang-format off
namespace commands {
struct send_invite { std::string sdp; };
/** ACK the 2xx just received; `sdp` is the answer when the 2xx carried an offer, else empty. */
struct send_ack { std::string sdp; };
/**
 * ACK a 2xx whose offer cvw will not take (the leg is being given up): the driver puts in an answer
 * that declines every stream (port 0), as RFC 3261 §13.2.2.4 wants an answer in that ACK; a BYE follows.
 */
struct send_ack_rejecting {};
/** Re-INVITE; an empty `sdp` asks the peer for an offer. */
struct send_reinvite { std::string sdp; };
/** Respond to the peer's pending INVITE or re-INVITE. A 500 also needs Retry-After (RFC 3261 §14.2). */
struct send_response { int status; std::string sdp; };
struct send_cancel {};
struct send_bye {};
/** Arm the timer with a delay the driver picks at random in [min_ms, max_ms]. */
struct arm_timer { leg_timer timer; std::int64_t min_ms; std::int64_t max_ms; };
struct cancel_timer { leg_timer timer; };
// Notifications for the leg's owner.
/** The peer's INVITE for a new call; `sdp` is its offer (empty: our 2xx must carry one). */
struct notify_incoming { std::string sdp; };
struct notify_progress { int status; std::string sdp; };
/** The 2xx to our INVITE: `sdp` is the answer (already ACKed) or, for a late offer, the offer to answer. */
struct notify_answered { std::string sdp; };
struct notify_failed { int status; };
/** The 2xx to our re-INVITE: the answer (already ACKed) or, if we asked for one, the offer to answer. */
struct notify_reinvite_answered { std::string sdp; };
/** Our re-INVITE failed, or was refused here (491) because another exchange is under way. */
struct notify_reinvite_failed { int status; };
/** The peer's re-INVITE; answer it with answer_requested. `sdp` is its offer or empty. */
struct notify_reinvited { std::string sdp; };
/** The peer CANCELled its re-INVITE before our answer (the stack answered it 487). */
struct notify_reinvite_cancelled {};
/** The peer ACKed our 2xx; `sdp` is its answer when our 2xx carried the offer. */
struct notify_acked { std::string sdp; };
struct notify_hung_up_by_peer {};
/** The leg is gone for good; the owner may forget it. Sent exactly once. */
struct notify_released {};
} // namespace commands
// clang-format on

using command =
    std::variant<commands::send_invite, commands::send_ack, commands::send_ack_rejecting, commands::send_reinvite,
                 commands::send_response, commands::send_cancel, commands::send_bye, commands::arm_timer,
                 commands::cancel_timer, commands::notify_incoming, commands::notify_progress,
                 commands::notify_answered, commands::notify_failed, commands::notify_reinvite_answered,
                 commands::notify_reinvite_failed, commands::notify_reinvited, commands::notify_reinvite_cancelled,
                 commands::notify_acked, commands::notify_hung_up_by_peer, commands::notify_released>;

/** E.g. "failure_received(491)", "invite_received(sdp)": an SDP body shows as "sdp", never its text. */
std::string to_string(const event& e);
/** E.g. "send_response(200, sdp)", "arm_timer(glare_retry, 2100-4000)". */
std::string to_string(const command& c);

} // namespace cvw::call::leg
