// States, events, commands and end reasons of a phone's way into a meeting, as plain values: by
// dial-out, the meeting service rings the user's phone from cvw's own RTP port, and once it is
// picked up (and, when asked, 1 pressed) moves the phone into the mixer; by dial-in, cvw answers a
// call to the bridge number on its own port, and moves the phone once its PIN was right.
#pragma once

#include "cvw/call/click_to_call_types.hpp"
#include "cvw/policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace cvw::call::meeting_join {

enum class state {
    idle,
    dialing_out,  ///< the phone rings ("Dialing out to <number>")
    entering_pin, ///< dialled in: answered on cvw's port, the caller keys the conference ID and PIN
    confirming,   ///< picked up; waiting for the digit that proves a person answered
    joining,      ///< the mixer is asked for a seat for this phone
    moving,       ///< the phone is re-INVITEd to the mixer's port
    in_meeting,   ///< the phone's audio is in the mix
    ended,
};

/** Why the join ended; words: the catalog's "meeting.ended.<name>". */
enum class end_reason {
    none,
    left,      ///< Leave in the page
    cancelled, ///< Leave before the phone was picked up
    phone_hung_up,
    phone_busy,
    phone_no_answer,
    phone_declined,
    phone_unreachable,
    pbx_unreachable,
    pbx_rejected_credentials,
    not_confirmed,     ///< the digit never came: a voicemail box, most likely
    removed,           ///< the organizer removed this participant
    meeting_ended,     ///< the organizer ended the meeting for everyone
    mixer_unavailable, ///< the meeting service is not answering
    move_failed,       ///< the phone refused the re-INVITE to the mixer, or any audio at all
    no_callback_number,
    callback_not_allowed,  ///< the dial plan refuses the number to ring
    not_allowed_by_policy, ///< the user may not use cvw to place calls
    server_stopped,
    not_admitted,   ///< dialled in, but the conference ID or PIN was never right
    bridge_hung_up, ///< the PBX's conference bridge hung up the phone's seat
};

enum class timer_id { ring, confirm };

struct timeouts {
    std::int64_t ring_ms = 30'000;
    std::int64_t confirm_ms = 10'000;
};

std::string_view to_string(state s);
std::string_view to_string(end_reason r);
std::optional<end_reason> parse_end_reason(std::string_view name);

// One line a struct, so the list reads as a table.
// clang-format off
namespace events {
struct join_requested {
    effective_policy policy;   ///< whose phone to ring (callback number) and whether they may
    std::string bridge_number; ///< the caller ID the phone shows: the meeting's, not the user's
    std::string subject;       ///< for the phone's display name
    char confirm_digit = 0;    ///< e.g. '1'; 0: no confirmation asked
};
/** A call to the bridge number arrived from `number`; cvw answers it. */
struct dialled_in { std::string number; };
/** Add person: a phone already talking in a two-party call (`number`) is handed over to take a seat. */
struct taken_over { std::string number; };
/** The dial-in caller keyed a meeting's conference ID and its PIN (pin_entry_machine). */
struct pin_accepted {};
struct pin_refused {};
struct phone_ringing {};
struct phone_answered {};
/** Answered, but refusing all of cvw's audio (no G.711): neither cvw's port nor the mixer can talk to it. */
struct phone_answered_without_audio {};
struct phone_failed { leg_failure failure; };
struct phone_hung_up {};
struct digit_pressed { char digit; };
struct mixer_joined {};
struct mixer_refused {};
/** The meeting service went away: the phone's audio has nowhere to go. */
struct mixer_lost {};
/** This phone's seat went away on its own: a PBX's bridge hung up on it. */
struct seat_lost {};
struct moved_to_mixer {};
struct move_failed {};
struct leave_requested {};
struct removed {};
struct meeting_ended {};
struct server_stopping {};
struct timer_fired { timer_id timer; };
} // namespace events
// clang-format on

using event = std::variant<events::join_requested, events::dialled_in, events::taken_over, events::pin_accepted,
                           events::pin_refused, events::phone_ringing, events::phone_answered,
                           events::phone_answered_without_audio, events::phone_failed, events::phone_hung_up,
                           events::digit_pressed, events::mixer_joined, events::mixer_refused, events::mixer_lost,
                           events::seat_lost, events::moved_to_mixer, events::move_failed, events::leave_requested,
                           events::removed, events::meeting_ended, events::server_stopping, events::timer_fired>;

std::string_view name_of(const event& e);

enum class prompt { confirm_with_digit };

// One line a struct, so the list reads as a table.
// clang-format off
namespace commands {
struct invite_phone { std::string number; std::string caller_id; std::string display_name; };
/** Answer the dial-in caller from cvw's port, then run the conference ID and PIN entry there. */
struct answer_phone {};
/** Play a prompt from cvw's port to the phone, again and again, until stop_prompt. */
struct play_prompt { prompt which; };
struct stop_prompt {};
/** Ask the mixer for a seat for this phone's RTP; mixer_joined or mixer_refused follows. */
struct join_mixer {};
/** Re-INVITE the phone to the mixer's port; moved_to_mixer or move_failed follows. */
struct move_phone_to_mixer {};
struct leave_mixer {};
struct cancel_phone {};
struct bye_phone {};
struct arm_timer { timer_id timer; std::int64_t after_ms; };
struct cancel_timer { timer_id timer; };
struct report_state { state now; end_reason reason; };
} // namespace commands
// clang-format on

using command =
    std::variant<commands::invite_phone, commands::answer_phone, commands::play_prompt, commands::stop_prompt,
                 commands::join_mixer, commands::move_phone_to_mixer, commands::leave_mixer, commands::cancel_phone,
                 commands::bye_phone, commands::arm_timer, commands::cancel_timer, commands::report_state>;

} // namespace cvw::call::meeting_join
