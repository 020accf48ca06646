// States, events and commands of a seat in a PBX's conference bridge, as plain values: cvw calls
// the bridge from its own RTP port, keys the conference ID and PIN into the bridge's IVR as
// RFC 4733 events, then re-INVITEs the bridge to take its audio from the phone itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::call::bridge_seat {

enum class state {
    idle,
    calling,  ///< the INVITE to the bridge is out, from cvw's port
    settling, ///< answered: the bridge's IVR gets a moment before the first key
    keying,   ///< the conference ID and PIN go out as telephone-events
    pointing, ///< the bridge is re-INVITEd with the phone's address
    seated,   ///< the bridge and the phone may talk directly
    ended,
};

/** Why no seat was given. */
enum class failure {
    none,
    bridge_failed,      ///< the INVITE got an error
    no_answer,          ///< nor any final answer in time
    no_telephone_event, ///< the bridge takes no RFC 4733 events, and there are keys to send
    hung_up,            ///< the bridge hung up before the seat was given
    refused_phone,      ///< the bridge refused the re-INVITE with the phone's address
    left,               ///< given up before the seat was given
};

enum class timer_id { answer, settle };

struct timeouts {
    std::int64_t answer_ms = 15'000;
    std::int64_t settle_ms = 300;
};

std::string_view to_string(state s);
std::string_view to_string(failure f);

// One line a struct, so the list reads as a table.
// clang-format off
namespace events {
struct seat_requested {};
/** The bridge's 2xx (ACKed); `can_key`: it takes telephone-events, or there are no keys to send. */
struct bridge_answered { bool can_key; };
struct bridge_failed { int status; };
struct keys_sent {};
/** The bridge answered the re-INVITE with an address to send the phone's audio to. */
struct bridge_took_phone {};
struct bridge_refused_phone { int status; };
struct bridge_hung_up {};
struct leave_requested {};
struct timer_fired { timer_id timer; };
} // namespace events
// clang-format on

using event = std::variant<events::seat_requested, events::bridge_answered, events::bridge_failed, events::keys_sent,
                           events::bridge_took_phone, events::bridge_refused_phone, events::bridge_hung_up,
                           events::leave_requested, events::timer_fired>;

std::string_view name_of(const event& e);

// clang-format off
namespace commands {
/** INVITE the bridge URI, offering cvw's own port (G.711 and telephone-event). */
struct invite_bridge {};
struct cancel_bridge {};
struct bye_bridge {};
struct send_keys {};
struct stop_keys {};
/** Re-INVITE the bridge with the phone's address and G.711 type. */
struct point_bridge_at_phone {};
struct arm_timer { timer_id timer; std::int64_t after_ms; };
struct cancel_timer { timer_id timer; };
/** The seat is the bridge's address from its answer to the re-INVITE. */
struct give_seat {};
struct refuse_seat { failure why; };
/** A seat given earlier is gone: the bridge hung up. */
struct report_lost {};
} // namespace commands
// clang-format on

using command =
    std::variant<commands::invite_bridge, commands::cancel_bridge, commands::bye_bridge, commands::send_keys,
                 commands::stop_keys, commands::point_bridge_at_phone, commands::arm_timer, commands::cancel_timer,
                 commands::give_seat, commands::refuse_seat, commands::report_lost>;

/** E.g. "send_keys", "refuse_seat(no_answer)", "arm_timer(answer, 15000)". */
std::string to_string(const command& c);

} // namespace cvw::call::bridge_seat
