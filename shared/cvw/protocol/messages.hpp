// The browser<->server protocol as typed values: commands flow up, events flow down.
#pragma once

#include "cvw/presence.hpp"
#include "cvw/protocol/decode_error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cvw::protocol {

/** Bumped whenever a message changes shape incompatibly; checked in the hello exchange. */
inline constexpr int protocol_version = 2;

/** Size limits enforced by the codec (UTF-8 bytes). */
namespace limits {
inline constexpr std::size_t request_id = 64;
inline constexpr std::size_t username = 64;
inline constexpr std::size_t query = 100;
inline constexpr std::size_t im_text = 4000;
inline constexpr std::size_t client_id = 64;
inline constexpr std::size_t watched_users = 200;
inline constexpr std::size_t favourites = 50;      ///< colleagues a user keeps at hand
inline constexpr std::size_t recent_contacts = 50; ///< most colleagues one recent_contacts lists
inline constexpr std::int64_t history_page = 200;
inline constexpr std::size_t phone_number = 64;
inline constexpr std::size_t language = 35;   ///< a BCP 47 tag
inline constexpr std::size_t peer_name = 100; ///< bytes of a name from outside the directory (a caller's, the PBX's)
inline constexpr std::size_t meeting_subject = 100;
inline constexpr std::size_t meeting_id = 32; ///< "m-" and 16 hex digits today
inline constexpr std::size_t meeting_participants = 500;
inline constexpr std::size_t invitees = 50;         ///< colleagues invited when scheduling
inline constexpr std::size_t meetings_listed = 100; ///< the Meetings list, soonest first
} // namespace limits

// ---- shared value types ----

struct contact {
    std::string username;
    std::string display_name;
    std::string extension;
    std::string number; ///< desk-phone number, E.164
    presence state = presence::offline;
    bool operator==(const contact&) const = default;
};

struct im_message {
    std::int64_t id = 0;
    std::string from;
    std::string to;
    std::string text;
    std::int64_t sent_at_ms = 0; ///< server time, milliseconds since the Unix epoch
    bool operator==(const im_message&) const = default;
};

// ---- commands (browser -> server) ----

struct hello {
    int protocol = protocol_version;
    std::string language = "en"; ///< the tab's language (BCP 47): what the server writes for it, e.g. the CSV export
    bool operator==(const hello&) const = default;
};

struct search {
    std::string request_id;
    std::string query;
    bool operator==(const search&) const = default;
};

struct set_presence {
    availability state = availability::available;
    bool operator==(const set_presence&) const = default;
};

/** Replaces the set of users whose presence changes this tab is sent. */
struct watch_presence {
    std::vector<std::string> users;
    bool operator==(const watch_presence&) const = default;
};

struct send_im {
    std::string to;
    std::string text;
    std::string client_id; ///< chosen by the tab, echoed back so it can match its pending message
    bool operator==(const send_im&) const = default;
};

struct get_history {
    std::string with;
    std::optional<std::int64_t> before_id;
    std::int64_t limit = 50;
    bool operator==(const get_history&) const = default;
};

/** The phone cvw rings first for this user's calls; empty goes back to the default (the desk phone). */
struct set_callback_number {
    std::string number;
    bool operator==(const set_callback_number&) const = default;
};

/** The language the user reads cvw in, kept with the account; empty goes back to the browser's. */
struct set_language {
    std::string language;
    bool operator==(const set_language&) const = default;
};

/** What Do not disturb does with calls: "desk_phone" (rings only the desk phone) or "decline". */
struct set_do_not_disturb_calls {
    std::string calls;
    bool operator==(const set_do_not_disturb_calls&) const = default;
};

/** Click-to-call: ring my phone, then `destination` (a username from the directory, or a number). */
struct place_call {
    std::string destination;
    std::string conversation; ///< the IM peer whose conversation the call belongs to; empty for none
    bool operator==(const place_call&) const = default;
};

struct hang_up {
    std::string call_id;
    bool operator==(const hang_up&) const = default;
};

struct get_recent_calls {
    std::int64_t limit = 20;
    std::string filter = "all"; ///< all, missed, incoming or outgoing
    std::int64_t before_id = 0; ///< the next page: calls older than this one (0: the newest)
    bool operator==(const get_recent_calls&) const = default;
};

/** The user's whole call log as CSV (answered with a calls_csv event). */
struct export_calls {
    bool operator==(const export_calls&) const = default;
};

/** Take a ringing incoming call on the desk phone. */
struct accept_call {
    std::string call_id;
    bool operator==(const accept_call&) const = default;
};

/** Refuse a ringing incoming call everywhere (the caller hears it was declined). */
struct decline_call {
    std::string call_id;
    bool operator==(const decline_call&) const = default;
};

/** Meet Now: make a meeting at once and dial out to my phone to join it (meeting_state follows; hang_up leaves). */
struct meet_now {
    std::string subject; ///< what the phone and the roster show, in the page's words
    bool operator==(const meet_now&) const = default;
};

/** Invite a colleague to a meeting I organize or was invited to: their tabs show it with Join and Decline. */
struct invite_to_meeting {
    std::string meeting_id;
    std::string username;
    bool operator==(const invite_to_meeting&) const = default;
};

/** Join a meeting by its id (an invitation, a link): the meeting dials out to my phone (meeting_state follows). */
struct join_meeting {
    std::string meeting_id;
    bool operator==(const join_meeting&) const = default;
};

/** Decline an invitation: it leaves every tab of mine. */
struct decline_meeting {
    std::string meeting_id;
    bool operator==(const decline_meeting&) const = default;
};

/** What a meeting link (/m/<id>) leads to: the page asks before it offers Join (meeting_info answers). */
struct get_meeting {
    std::string meeting_id;
    bool operator==(const get_meeting&) const = default;
};

/** Mute or unmute someone in the meeting by their participant id: oneself, or (mute only) others as organizer. */
struct mute_participant {
    std::string meeting_id;
    std::string participant_id;
    bool muted = true;
    bool operator==(const mute_participant&) const = default;
};

/** The organizer takes someone out of the meeting: their phone is hung up. */
struct remove_participant {
    std::string meeting_id;
    std::string participant_id;
    bool operator==(const remove_participant&) const = default;
};

/** The organizer ends the meeting for everyone in it. */
struct end_meeting {
    std::string meeting_id;
    bool operator==(const end_meeting&) const = default;
};

/** Schedule a meeting: it gets a link, and the Meetings list of the organizer and every invitee shows it. */
struct schedule_meeting {
    std::string subject;
    std::int64_t starts_at_ms = 0;
    std::int64_t ends_at_ms = 0;
    std::vector<std::string> invitees; ///< usernames
    bool operator==(const schedule_meeting&) const = default;
};

/** My scheduled meetings not over yet, organized or invited to and not declined (meetings answers). */
struct get_meetings {
    bool operator==(const get_meetings&) const = default;
};

/** A meeting as an iCalendar file to save (meeting_calendar answers). */
struct get_meeting_calendar {
    std::string meeting_id;
    bool operator==(const get_meeting_calendar&) const = default;
};

/**
 * Dial an outside number into a meeting I am in and organize or was invited to. The dial plan and
 * my calling policy decide, as for a call I place; the roster shows it partly masked.
 */
struct invite_number {
    std::string meeting_id;
    std::string number;
    bool operator==(const invite_number&) const = default;
};

/**
 * Add person: my connected call becomes a meeting (`subject`, in the page's words) with both phones
 * in it, and `destination` (a colleague's username or a number) is dialled in.
 */
struct add_to_call {
    std::string call_id;
    std::string destination;
    std::string subject;
    bool operator==(const add_to_call&) const = default;
};

/** Say something in a meeting's conversation: everyone in the meeting hears it (meeting_message). */
struct send_meeting_message {
    std::string meeting_id;
    std::string text;
    std::string client_id; ///< chosen by the tab, echoed back to the sender's tabs
    bool operator==(const send_meeting_message&) const = default;
};

/** A meeting's conversation: the newest `limit` lines before `before_id`, oldest first (meeting_messages). */
struct get_meeting_messages {
    std::string meeting_id;
    std::optional<std::int64_t> before_id;
    std::int64_t limit = 50;
    bool operator==(const get_meeting_messages&) const = default;
};

/** Keeps a colleague in the user's favourites (at the end), for every tab and widget of the user. */
struct add_favourite {
    std::string username;
    bool operator==(const add_favourite&) const = default;
};

struct remove_favourite {
    std::string username;
    bool operator==(const remove_favourite&) const = default;
};

/** The colleagues the user last wrote to or called, newest first (answered with recent_contacts). */
struct get_recent_contacts {
    std::int64_t limit = 10;
    bool operator==(const get_recent_contacts&) const = default;
};

using command = std::variant<hello, search, set_presence, watch_presence, send_im, get_history, set_callback_number,
                             set_language, set_do_not_disturb_calls, place_call, hang_up, get_recent_calls, accept_call,
                             decline_call, export_calls, meet_now, invite_to_meeting, join_meeting, decline_meeting,
                             get_meeting, mute_participant, remove_participant, end_meeting, schedule_meeting,
                             get_meetings, get_meeting_calendar, invite_number, add_to_call, send_meeting_message,
                             get_meeting_messages, add_favourite, remove_favourite, get_recent_contacts>;

// ---- events (server -> browser) ----

struct welcome {
    int protocol = protocol_version;
    std::string language = "en"; ///< the catalog the server chose for the tab's language
    contact self;
    availability chosen = availability::available;
    bool operator==(const welcome&) const = default;
};

struct search_results {
    std::string request_id;
    std::vector<contact> results;
    bool operator==(const search_results&) const = default;
};

struct presence_changed {
    std::string username;
    presence state = presence::offline;
    bool operator==(const presence_changed&) const = default;
};

/** Cards of users a tab started watching, with their current presence. */
struct contacts {
    std::vector<contact> people;
    bool operator==(const contacts&) const = default;
};

/** A new IM, sent to every tab of both parties; `client_id` only to the sender's tabs. */
struct im_received {
    im_message message;
    std::string client_id;
    bool operator==(const im_received&) const = default;
};

struct history {
    std::string with;
    std::vector<im_message> messages; ///< oldest first
    bool has_more = false;
    bool operator==(const history&) const = default;
};

/** The user's Call Via Work settings as the policy resolves them; sent after welcome and on change. */
struct settings {
    std::string callback_number;        ///< the phone that rings first (effective)
    std::string chosen_callback_number; ///< what the user set in the page; empty for the default
    bool can_choose_callback = true;    ///< false when the admin's callback number applies
    bool calls_enabled = true;
    std::string language;                            ///< a catalog language the user chose; empty: the browser's
    std::string do_not_disturb_calls = "desk_phone"; ///< what Do not disturb does with calls: desk_phone, decline
    bool operator==(const settings&) const = default;
};

/** Where a click-to-call stands; sent to every tab of the caller on each change. */
struct call_state {
    std::string call_id;
    std::string state;  ///< calling_own_phone, own_phone_answered, calling_callee, connected, ended
    std::string reason; ///< end reason when ended, else empty (its words: catalog "call.ended.<reason>")
    std::string callee_name;
    std::string number; ///< the dialled number, normalised
    std::int64_t started_at_ms = 0;
    std::int64_t connected_at_ms = 0; ///< 0 until connected
    std::string conversation;         ///< the IM peer the call was placed from, or empty
    bool operator==(const call_state&) const = default;
};

/** Whether calls can be placed right now (PBX configured and answering). */
struct call_service {
    bool available = false;
    std::string reason; ///< why not, when unavailable: not_set_up, agent_failed, pbx_unreachable
    bool operator==(const call_service&) const = default;
};

/** One finished call in the user's history. */
struct call_entry {
    std::int64_t id = 0;
    std::string direction; ///< outgoing, incoming, meeting (the meeting rang the phone; peer_name is its subject)
                           ///< or meeting_dial_in (the phone called the bridge)
    std::string peer_name;
    std::string number;
    std::int64_t started_at_ms = 0;
    std::int64_t answered_at_ms = 0;
    std::int64_t ended_at_ms = 0;
    std::string outcome;     ///< end reason (its words: protocol/event_text.hpp)
    std::string via = "cvw"; ///< "cvw", or "phone" for a call seen only on the desk phone
    bool operator==(const call_entry&) const = default;
};

struct recent_calls {
    std::string filter = "all";
    std::vector<call_entry> calls; ///< newest first
    std::int64_t before_id = 0;    ///< the page asked for: 0 for the newest, else older than this call
    bool more = false;             ///< older calls remain
    bool operator==(const recent_calls&) const = default;
};

/** A command was refused; the session stays open. */
struct error {
    std::string code;    ///< decode_error codes, or rate_limited, not_found, unsupported_protocol, ...
    std::string field;   ///< offending field, may be empty
    std::string detail;  ///< which case of `code`, e.g. "self_call"; with it, the catalog key of the words
    error_params params; ///< values those words need, e.g. {"seconds", "6"}
    bool operator==(const error&) const = default;
};

/** An error event: the code, and when needed the field, the case (detail) and values for its words. */
inline error refusal(std::string code, std::string field = {}, std::string detail = {}, error_params params = {}) {
    return error{
        .code = std::move(code), .field = std::move(field), .detail = std::move(detail), .params = std::move(params)};
}

/** A call for this user; sent to every tab on each change until it ends. */
struct incoming_call {
    std::string call_id;
    std::string state;       ///< ringing, accepted, connected, ended
    std::string caller_name; ///< from the directory when the number is known, else as the caller sent it
    std::string caller_number;
    std::string caller_username; ///< when the caller is in the directory (to chat with them), else empty
    /** When ended: answered_on_phone, answered_in_browser, declined, missed, desk_phone_unreachable. */
    std::string outcome;
    bool desk_phone_ringing = false;
    std::int64_t started_at_ms = 0;
    std::int64_t connected_at_ms = 0;
    bool operator==(const incoming_call&) const = default;
};

/** Where the user's way into a meeting stands; sent to every tab of the user on each change. */
struct meeting_state {
    std::string call_id;
    std::string meeting_id;
    std::string subject;
    std::string state;  ///< dialing_out, confirming, joining, moving, in_meeting, ended
    std::string reason; ///< why it ended, else empty (its words: catalog "meeting.ended.<reason>")
    std::string number; ///< the phone being dialled out to
    std::int64_t started_at_ms = 0;
    std::int64_t joined_at_ms = 0; ///< 0 until in the meeting
    bool operator==(const meeting_state&) const = default;
};

/**
 * An invitation to a meeting, to every tab of the invitee: `invited`, then `answered` once they
 * joined or declined it in any tab (every tab drops it).
 */
struct meeting_invitation {
    std::string meeting_id;
    std::string subject;
    std::string inviter_username;
    std::string inviter_name;
    std::string state; ///< invited, answered
    std::int64_t invited_at_ms = 0;
    bool operator==(const meeting_invitation&) const = default;
};

/** How to reach a meeting by phone; every field empty when the deployment has no bridge number. */
struct meeting_dial_in {
    std::string number; ///< the bridge number
    std::string conference_id;
    std::string pin;
    bool operator==(const meeting_dial_in&) const = default;
};

/** A meeting as its link shows it: the answer to get_meeting. */
struct meeting_info {
    std::string meeting_id;
    std::string subject;
    std::string organizer_name;
    std::int64_t starts_at_ms = 0;
    std::int64_t ends_at_ms = 0;
    meeting_dial_in dial_in;
    bool operator==(const meeting_info&) const = default;
};

/** One way into a meeting, as the roster shows it. */
struct meeting_participant {
    std::string participant_id; ///< the join's call id: what mute and remove name
    std::string name;
    std::string username;
    std::string state; ///< dialing_out, confirming, joining, moving, in_meeting
    bool muted = false;
    bool talking = false; ///< heard speaking now (never while muted)
    bool operator==(const meeting_participant&) const = default;
};

/** Who is in a meeting, to every tab of everyone in it, on each change (and to a tab opened meanwhile). */
struct meeting_roster {
    std::string meeting_id;
    std::string organizer_username; ///< the one who may mute and remove others and end it
    std::vector<meeting_participant> participants;
    bool operator==(const meeting_roster&) const = default;
};

/** A scheduled meeting in the Meetings list. */
struct meeting_summary {
    std::string meeting_id;
    std::string subject;
    std::string organizer_username;
    std::string organizer_name;
    std::int64_t starts_at_ms = 0;
    std::int64_t ends_at_ms = 0;
    meeting_dial_in dial_in;
    bool operator==(const meeting_summary&) const = default;
};

/** The user's Meetings list, soonest first: the answer to get_meetings, and to every tab on each change. */
struct meetings_list {
    std::vector<meeting_summary> meetings;
    bool operator==(const meetings_list&) const = default;
};

/** The answer to get_meeting_calendar: an iCalendar file (RFC 5545) to save. */
struct meeting_calendar {
    std::string meeting_id;
    std::string filename; ///< cvw-meeting-<id>.ics
    std::string ics;
    bool operator==(const meeting_calendar&) const = default;
};

/** One line of a meeting's conversation, with its sender's name (they may be no contact of the reader's). */
struct meeting_chat_line {
    std::int64_t id = 0;
    std::string from; ///< the sender's username
    std::string name; ///< the sender's display name
    std::string text;
    std::int64_t sent_at_ms = 0;
    bool operator==(const meeting_chat_line&) const = default;
};

/** A new line in a meeting's conversation, to every tab of everyone in the meeting. */
struct meeting_message {
    std::string meeting_id;
    meeting_chat_line message;
    std::string client_id; ///< the sender's own tabs only
    bool operator==(const meeting_message&) const = default;
};

/** The answer to get_meeting_messages. */
struct meeting_messages {
    std::string meeting_id;
    std::vector<meeting_chat_line> messages; ///< oldest first
    bool has_more = false;
    bool operator==(const meeting_messages&) const = default;
};

/** The answer to export_calls: a file to save. */
struct calls_csv {
    std::string filename; ///< e.g. cvw-calls-alice.csv
    std::string csv;
    bool operator==(const calls_csv&) const = default;
};

/** A call was added to the user's log without any call_state or incoming_call (one the desk phone made). */
struct call_logged {
    call_entry call;
    bool operator==(const call_logged&) const = default;
};

/** The user's favourite colleagues in the order they were added; sent after welcome and on change. */
struct favourites {
    std::vector<contact> people;
    bool operator==(const favourites&) const = default;
};

/** Colleagues the user last wrote to or called (by cvw or on the desk phone), newest first. */
struct recent_contacts {
    std::vector<contact> people;
    bool operator==(const recent_contacts&) const = default;
};

using event = std::variant<welcome, search_results, presence_changed, contacts, im_received, history, settings,
                           call_state, call_service, recent_calls, error, incoming_call, calls_csv, call_logged,
                           meeting_state, meeting_invitation, meeting_info, meeting_roster, meetings_list,
                           meeting_calendar, meeting_message, meeting_messages, favourites, recent_contacts>;

} // namespace cvw::protocol
