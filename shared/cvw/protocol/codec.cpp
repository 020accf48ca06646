// Encoders and decoders for every protocol message, one pair per type.
#include "cvw/protocol/codec.hpp"

#include "cvw/call/incoming_call_types.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/i18n/catalog_data.hpp"
#include "cvw/protocol/field_reader.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>

namespace cvw::protocol {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
    // Replace rather than throw on invalid UTF-8; inputs were validated, this is a last guard.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---- value types ----

json to_json(const contact& c) {
    return {{"username", c.username},
            {"display_name", c.display_name},
            {"extension", c.extension},
            {"number", c.number},
            {"presence", to_string(c.state)}};
}

json to_json(const im_message& m) {
    return {{"id", m.id}, {"from", m.from}, {"to", m.to}, {"text", m.text}, {"sent_at", m.sent_at_ms}};
}

json to_json(const meeting_chat_line& m) {
    return {{"id", m.id}, {"from", m.from}, {"name", m.name}, {"text", m.text}, {"sent_at", m.sent_at_ms}};
}

meeting_chat_line read_meeting_chat_line(const json& j, const std::string& path, field_reader& outer) {
    if (!j.is_object()) {
        outer.fail(error_code::wrong_type, path, "object");
        return {};
    }
    field_reader r(j, path);
    meeting_chat_line m{.id = r.integer("id", 1, INT64_MAX),
                        .from = r.string("from", limits::username),
                        .name = r.string("name", 200, 0),
                        .text = r.string("text", limits::im_text),
                        .sent_at_ms = r.integer("sent_at", 0, INT64_MAX)};
    if (r.failed()) outer.fail(r.error().code, r.error().field, r.error().detail, r.error().params);
    return m;
}

presence read_presence(field_reader& r, const char* name) {
    auto s = r.string(name, 32);
    auto p = parse_presence(s);
    if (!p && !r.failed())
        r.fail(error_code::invalid_value, r.path_of(name), "choice",
               {{"allowed", "available, busy, do_not_disturb, away, offline"}});
    return p.value_or(presence::offline);
}

contact read_contact(const json& j, const std::string& path, field_reader& outer) {
    if (!j.is_object()) {
        outer.fail(error_code::wrong_type, path, "object");
        return {};
    }
    field_reader r(j, path);
    contact c{.username = r.string("username", limits::username),
              .display_name = r.string("display_name", 200, 0),
              .extension = r.string("extension", 32, 0),
              .number = r.string("number", 32, 0),
              .state = read_presence(r, "presence")};
    if (r.failed()) outer.fail(r.error().code, r.error().field, r.error().detail, r.error().params);
    return c;
}

im_message read_im_message(const json& j, const std::string& path, field_reader& outer) {
    if (!j.is_object()) {
        outer.fail(error_code::wrong_type, path, "object");
        return {};
    }
    field_reader r(j, path);
    im_message m{.id = r.integer("id", 1, INT64_MAX),
                 .from = r.string("from", limits::username),
                 .to = r.string("to", limits::username),
                 .text = r.string("text", limits::im_text),
                 .sent_at_ms = r.integer("sent_at", 0, INT64_MAX)};
    if (r.failed()) outer.fail(r.error().code, r.error().field, r.error().detail, r.error().params);
    return m;
}

template <class T, class ReadOne>
std::vector<T> read_list(field_reader& r, const char* name, std::size_t max_items, ReadOne read_one) {
    std::vector<T> out;
    const auto& list = r.array(name, max_items);
    if (!list.is_array()) return out;
    for (std::size_t i = 0; i < list.size() && !r.failed(); ++i)
        out.push_back(read_one(list[i], r.path_of(name) + "[" + std::to_string(i) + "]", r));
    return out;
}

// ---- commands ----

json to_json(const hello& m) { return {{"protocol", m.protocol}, {"language", m.language}}; }
json to_json(const search& m) { return {{"request_id", m.request_id}, {"query", m.query}}; }
json to_json(const set_presence& m) { return {{"state", to_string(m.state)}}; }
json to_json(const watch_presence& m) { return {{"users", m.users}}; }
json to_json(const send_im& m) { return {{"to", m.to}, {"text", m.text}, {"client_id", m.client_id}}; }
json to_json(const get_history& m) {
    json j{{"with", m.with}, {"limit", m.limit}};
    if (m.before_id) j["before_id"] = *m.before_id;
    return j;
}

json to_json(const set_callback_number& m) { return {{"number", m.number}}; }
json to_json(const add_favourite& m) { return {{"username", m.username}}; }
json to_json(const remove_favourite& m) { return {{"username", m.username}}; }
command read_add_favourite(field_reader& r) { return add_favourite{r.string("username", limits::username)}; }
command read_remove_favourite(field_reader& r) { return remove_favourite{r.string("username", limits::username)}; }
json to_json(const get_recent_contacts& m) { return {{"limit", m.limit}}; }
command read_get_recent_contacts(field_reader& r) {
    return get_recent_contacts{
        r.optional_integer("limit", 1, static_cast<std::int64_t>(limits::recent_contacts)).value_or(10)};
}

std::string read_language(field_reader& r) {
    auto tag = r.optional_string("language", limits::language).value_or("en");
    if (!r.failed() && !i18n::valid_language_tag(tag)) r.fail(error_code::invalid_value, "language", "language_tag");
    return tag;
}

command read_hello(field_reader& r) {
    hello m;
    m.protocol = static_cast<int>(r.integer("protocol", 1, 1000000));
    m.language = read_language(r);
    return m;
}
command read_search(field_reader& r) {
    return search{r.string("request_id", limits::request_id), r.string("query", limits::query)};
}
command read_set_presence(field_reader& r) {
    auto s = r.string("state", 32);
    auto a = parse_availability(s);
    if (!a && !r.failed())
        r.fail(error_code::invalid_value, "state", "choice", {{"allowed", "available, busy, do_not_disturb, away"}});
    return set_presence{a.value_or(availability::available)};
}
command read_watch_presence(field_reader& r) {
    return watch_presence{r.string_list("users", limits::watched_users, limits::username)};
}
command read_send_im(field_reader& r) {
    return send_im{r.string("to", limits::username), r.string("text", limits::im_text),
                   r.string("client_id", limits::client_id)};
}
command read_get_history(field_reader& r) {
    get_history m;
    m.with = r.string("with", limits::username);
    m.before_id = r.optional_integer("before_id", 1, INT64_MAX);
    m.limit = r.optional_integer("limit", 1, limits::history_page).value_or(50);
    return m;
}

command read_set_callback_number(field_reader& r) {
    return set_callback_number{r.string("number", limits::phone_number, 0)};
}

json to_json(const set_language& m) { return {{"language", m.language}}; }
command read_set_language(field_reader& r) {
    auto language = r.string("language", limits::language, 0);
    // Exactly a catalog's name: what is kept must be what the page shows, not a tag negotiated later.
    const auto& names = i18n::built_in_languages();
    if (!r.failed() && !language.empty() && std::find(names.begin(), names.end(), language) == names.end()) {
        std::string allowed;
        for (const auto& name : names) allowed += (allowed.empty() ? "" : ", ") + name;
        r.fail(error_code::invalid_value, "language", "choice", {{"allowed", allowed}});
    }
    return set_language{std::move(language)};
}

json to_json(const set_do_not_disturb_calls& m) { return {{"calls", m.calls}}; }
command read_set_do_not_disturb_calls(field_reader& r) {
    auto calls = r.string("calls", 16);
    if (!r.failed() && !call::incoming::parse_do_not_disturb(calls))
        r.fail(error_code::invalid_value, "calls", "choice", {{"allowed", "desk_phone, decline"}});
    return set_do_not_disturb_calls{std::move(calls)};
}

json to_json(const place_call& m) {
    json j{{"destination", m.destination}};
    if (!m.conversation.empty()) j["conversation"] = m.conversation;
    return j;
}
json to_json(const hang_up& m) { return {{"call_id", m.call_id}}; }
command read_place_call(field_reader& r) {
    place_call m{r.string("destination", limits::phone_number)};
    m.conversation = r.optional_string("conversation", limits::username).value_or("");
    return m;
}
command read_hang_up(field_reader& r) { return hang_up{r.string("call_id", limits::request_id)}; }
json to_json(const accept_call& m) { return {{"call_id", m.call_id}}; }
json to_json(const decline_call& m) { return {{"call_id", m.call_id}}; }
command read_accept_call(field_reader& r) { return accept_call{r.string("call_id", limits::request_id)}; }
command read_decline_call(field_reader& r) { return decline_call{r.string("call_id", limits::request_id)}; }
json to_json(const get_recent_calls& m) {
    json j{{"limit", m.limit}, {"filter", m.filter}};
    if (m.before_id) j["before_id"] = m.before_id;
    return j;
}
json to_json(const export_calls&) { return json::object(); }
json to_json(const meet_now& m) { return {{"subject", m.subject}}; }
command read_meet_now(field_reader& r) { return meet_now{r.string("subject", limits::meeting_subject)}; }
json to_json(const invite_to_meeting& m) { return {{"meeting_id", m.meeting_id}, {"username", m.username}}; }
json to_json(const join_meeting& m) { return {{"meeting_id", m.meeting_id}}; }
json to_json(const decline_meeting& m) { return {{"meeting_id", m.meeting_id}}; }
command read_invite_to_meeting(field_reader& r) {
    return invite_to_meeting{r.string("meeting_id", limits::meeting_id), r.string("username", limits::username)};
}
json to_json(const invite_number& m) { return {{"meeting_id", m.meeting_id}, {"number", m.number}}; }
command read_invite_number(field_reader& r) {
    return invite_number{r.string("meeting_id", limits::meeting_id), r.string("number", limits::phone_number)};
}
json to_json(const add_to_call& m) {
    return {{"call_id", m.call_id}, {"destination", m.destination}, {"subject", m.subject}};
}
command read_add_to_call(field_reader& r) {
    return add_to_call{r.string("call_id", limits::request_id), r.string("destination", limits::phone_number),
                       r.string("subject", limits::meeting_subject)};
}
json to_json(const send_meeting_message& m) {
    return {{"meeting_id", m.meeting_id}, {"text", m.text}, {"client_id", m.client_id}};
}
command read_send_meeting_message(field_reader& r) {
    return send_meeting_message{r.string("meeting_id", limits::meeting_id), r.string("text", limits::im_text),
                                r.string("client_id", limits::client_id)};
}
json to_json(const get_meeting_messages& m) {
    json j{{"meeting_id", m.meeting_id}, {"limit", m.limit}};
    if (m.before_id) j["before_id"] = *m.before_id;
    return j;
}
command read_get_meeting_messages(field_reader& r) {
    get_meeting_messages m;
    m.meeting_id = r.string("meeting_id", limits::meeting_id);
    m.before_id = r.optional_integer("before_id", 1, INT64_MAX);
    m.limit = r.optional_integer("limit", 1, limits::history_page).value_or(50);
    return m;
}
command read_join_meeting(field_reader& r) { return join_meeting{r.string("meeting_id", limits::meeting_id)}; }
command read_decline_meeting(field_reader& r) { return decline_meeting{r.string("meeting_id", limits::meeting_id)}; }
json to_json(const get_meeting& m) { return {{"meeting_id", m.meeting_id}}; }
command read_get_meeting(field_reader& r) { return get_meeting{r.string("meeting_id", limits::meeting_id)}; }
json to_json(const mute_participant& m) {
    return {{"meeting_id", m.meeting_id}, {"participant_id", m.participant_id}, {"muted", m.muted}};
}
json to_json(const remove_participant& m) {
    return {{"meeting_id", m.meeting_id}, {"participant_id", m.participant_id}};
}
json to_json(const end_meeting& m) { return {{"meeting_id", m.meeting_id}}; }
command read_mute_participant(field_reader& r) {
    return mute_participant{.meeting_id = r.string("meeting_id", limits::meeting_id),
                            .participant_id = r.string("participant_id", limits::request_id),
                            .muted = r.boolean("muted")};
}
command read_remove_participant(field_reader& r) {
    return remove_participant{.meeting_id = r.string("meeting_id", limits::meeting_id),
                              .participant_id = r.string("participant_id", limits::request_id)};
}
command read_end_meeting(field_reader& r) { return end_meeting{r.string("meeting_id", limits::meeting_id)}; }
json to_json(const schedule_meeting& m) {
    return {{"subject", m.subject}, {"starts_at", m.starts_at_ms}, {"ends_at", m.ends_at_ms}, {"invitees", m.invitees}};
}
json to_json(const get_meetings&) { return json::object(); }
json to_json(const get_meeting_calendar& m) { return {{"meeting_id", m.meeting_id}}; }
command read_schedule_meeting(field_reader& r) {
    schedule_meeting m;
    m.subject = r.string("subject", limits::meeting_subject);
    m.starts_at_ms = r.integer("starts_at", 0, INT64_MAX);
    m.ends_at_ms = r.integer("ends_at", 0, INT64_MAX);
    m.invitees = r.string_list("invitees", limits::invitees, limits::username);
    return m;
}
command read_get_meetings(field_reader&) { return get_meetings{}; }
command read_get_meeting_calendar(field_reader& r) {
    return get_meeting_calendar{r.string("meeting_id", limits::meeting_id)};
}
command read_export_calls(field_reader&) { return export_calls{}; }
command read_get_recent_calls(field_reader& r) {
    get_recent_calls m{r.optional_integer("limit", 1, 200).value_or(20)};
    m.filter = r.optional_string("filter", 16).value_or("all");
    if (m.filter != "all" && m.filter != "missed" && m.filter != "incoming" && m.filter != "outgoing" && !r.failed())
        r.fail(error_code::invalid_value, "filter", "choice", {{"allowed", "all, missed, incoming, outgoing"}});
    m.before_id = r.optional_integer("before_id", 1, INT64_MAX).value_or(0);
    return m;
}

// ---- events ----

json to_json(const welcome& m) {
    return {
        {"protocol", m.protocol}, {"language", m.language}, {"self", to_json(m.self)}, {"chosen", to_string(m.chosen)}};
}
json to_json(const search_results& m) {
    json results = json::array();
    for (const auto& c : m.results) results.push_back(to_json(c));
    return {{"request_id", m.request_id}, {"results", std::move(results)}};
}
json to_json(const presence_changed& m) { return {{"username", m.username}, {"presence", to_string(m.state)}}; }
json to_json(const contacts& m) {
    json people = json::array();
    for (const auto& c : m.people) people.push_back(to_json(c));
    return {{"contacts", std::move(people)}};
}
json to_json(const favourites& m) {
    json people = json::array();
    for (const auto& c : m.people) people.push_back(to_json(c));
    return {{"people", std::move(people)}};
}
json to_json(const recent_contacts& m) {
    json people = json::array();
    for (const auto& c : m.people) people.push_back(to_json(c));
    return {{"people", std::move(people)}};
}
json to_json(const im_received& m) {
    json j{{"message", to_json(m.message)}};
    if (!m.client_id.empty()) j["client_id"] = m.client_id;
    return j;
}
json to_json(const meeting_message& m) {
    json j{{"meeting_id", m.meeting_id}, {"message", to_json(m.message)}};
    if (!m.client_id.empty()) j["client_id"] = m.client_id;
    return j;
}
json to_json(const meeting_messages& m) {
    json lines = json::array();
    for (const auto& line : m.messages) lines.push_back(to_json(line));
    return {{"meeting_id", m.meeting_id}, {"messages", std::move(lines)}, {"has_more", m.has_more}};
}
json to_json(const history& m) {
    json messages = json::array();
    for (const auto& msg : m.messages) messages.push_back(to_json(msg));
    return {{"with", m.with}, {"messages", std::move(messages)}, {"has_more", m.has_more}};
}
json to_json(const settings& m) {
    return {{"callback_number", m.callback_number},
            {"chosen_callback_number", m.chosen_callback_number},
            {"can_choose_callback", m.can_choose_callback},
            {"calls_enabled", m.calls_enabled},
            {"language", m.language},
            {"do_not_disturb_calls", m.do_not_disturb_calls}};
}
json to_json(const call_state& m) {
    return {{"call_id", m.call_id},
            {"state", m.state},
            {"reason", m.reason},
            {"callee_name", m.callee_name},
            {"number", m.number},
            {"started_at", m.started_at_ms},
            {"connected_at", m.connected_at_ms},
            {"conversation", m.conversation}};
}
json to_json(const meeting_state& m) {
    return {{"call_id", m.call_id},
            {"meeting_id", m.meeting_id},
            {"subject", m.subject},
            {"state", m.state},
            {"reason", m.reason},
            {"number", m.number},
            {"started_at", m.started_at_ms},
            {"joined_at", m.joined_at_ms}};
}
json to_json(const meeting_invitation& m) {
    return {{"meeting_id", m.meeting_id},     {"subject", m.subject}, {"inviter_username", m.inviter_username},
            {"inviter_name", m.inviter_name}, {"state", m.state},     {"invited_at", m.invited_at_ms}};
}
json to_json(const meeting_dial_in& d) {
    return {{"number", d.number}, {"conference_id", d.conference_id}, {"pin", d.pin}};
}
json to_json(const meeting_info& m) {
    return {{"meeting_id", m.meeting_id},  {"subject", m.subject},    {"organizer_name", m.organizer_name},
            {"starts_at", m.starts_at_ms}, {"ends_at", m.ends_at_ms}, {"dial_in", to_json(m.dial_in)}};
}
json to_json(const meeting_participant& m) {
    return {{"participant_id", m.participant_id},
            {"name", m.name},
            {"username", m.username},
            {"state", m.state},
            {"muted", m.muted},
            {"talking", m.talking}};
}
json to_json(const meeting_roster& m) {
    json participants = json::array();
    for (const auto& p : m.participants) participants.push_back(to_json(p));
    return {{"meeting_id", m.meeting_id},
            {"organizer_username", m.organizer_username},
            {"participants", std::move(participants)}};
}
json to_json(const meeting_summary& m) {
    return {{"meeting_id", m.meeting_id},
            {"subject", m.subject},
            {"organizer_username", m.organizer_username},
            {"organizer_name", m.organizer_name},
            {"starts_at", m.starts_at_ms},
            {"ends_at", m.ends_at_ms},
            {"dial_in", to_json(m.dial_in)}};
}
json to_json(const meetings_list& m) {
    json meetings = json::array();
    for (const auto& s : m.meetings) meetings.push_back(to_json(s));
    return {{"meetings", std::move(meetings)}};
}
json to_json(const meeting_calendar& m) {
    return {{"meeting_id", m.meeting_id}, {"filename", m.filename}, {"ics", m.ics}};
}
json to_json(const call_service& m) { return {{"available", m.available}, {"reason", m.reason}}; }
json to_json(const incoming_call& m) {
    return {{"call_id", m.call_id},
            {"state", m.state},
            {"caller_name", m.caller_name},
            {"caller_number", m.caller_number},
            {"caller_username", m.caller_username},
            {"outcome", m.outcome},
            {"desk_phone_ringing", m.desk_phone_ringing},
            {"started_at", m.started_at_ms},
            {"connected_at", m.connected_at_ms}};
}
json to_json(const call_entry& m) {
    return {{"id", m.id},
            {"direction", m.direction},
            {"peer_name", m.peer_name},
            {"number", m.number},
            {"started_at", m.started_at_ms},
            {"answered_at", m.answered_at_ms},
            {"ended_at", m.ended_at_ms},
            {"outcome", m.outcome},
            {"via", m.via}};
}
json to_json(const recent_calls& m) {
    json calls = json::array();
    for (const auto& c : m.calls) calls.push_back(to_json(c));
    json j{{"filter", m.filter}, {"calls", std::move(calls)}, {"more", m.more}};
    if (m.before_id) j["before_id"] = m.before_id;
    return j;
}
json to_json(const error& m) {
    json j{{"code", m.code}};
    if (!m.field.empty()) j["field"] = m.field;
    if (!m.detail.empty()) j["detail"] = m.detail;
    if (!m.params.empty()) {
        json params = json::object();
        for (const auto& [name, value] : m.params) params[name] = value;
        j["params"] = std::move(params);
    }
    return j;
}

event read_welcome(field_reader& r) {
    welcome m;
    m.protocol = static_cast<int>(r.integer("protocol", 1, 1000000));
    m.language = read_language(r);
    m.self = read_contact(r.object("self"), "self", r);
    auto chosen = parse_availability(r.string("chosen", 32));
    if (!chosen && !r.failed())
        r.fail(error_code::invalid_value, "chosen", "choice", {{"allowed", "available, busy, do_not_disturb, away"}});
    m.chosen = chosen.value_or(availability::available);
    return m;
}
event read_search_results(field_reader& r) {
    search_results m;
    m.request_id = r.string("request_id", limits::request_id);
    m.results = read_list<contact>(r, "results", 1000, read_contact);
    return m;
}
event read_presence_changed(field_reader& r) {
    presence_changed m;
    m.username = r.string("username", limits::username);
    m.state = read_presence(r, "presence");
    return m;
}
event read_contacts(field_reader& r) {
    return contacts{read_list<contact>(r, "contacts", limits::watched_users, read_contact)};
}
event read_favourites(field_reader& r) {
    return favourites{read_list<contact>(r, "people", limits::favourites, read_contact)};
}
event read_recent_contacts(field_reader& r) {
    return recent_contacts{read_list<contact>(r, "people", limits::recent_contacts, read_contact)};
}
event read_im_received(field_reader& r) {
    im_received m;
    m.message = read_im_message(r.object("message"), "message", r);
    m.client_id = r.optional_string("client_id", limits::client_id).value_or("");
    return m;
}
event read_meeting_message(field_reader& r) {
    meeting_message m;
    m.meeting_id = r.string("meeting_id", limits::meeting_id);
    m.message = read_meeting_chat_line(r.object("message"), "message", r);
    m.client_id = r.optional_string("client_id", limits::client_id).value_or("");
    return m;
}
event read_meeting_messages(field_reader& r) {
    meeting_messages m;
    m.meeting_id = r.string("meeting_id", limits::meeting_id);
    m.messages = read_list<meeting_chat_line>(r, "messages", limits::history_page, read_meeting_chat_line);
    m.has_more = r.boolean("has_more");
    return m;
}
event read_history(field_reader& r) {
    history m;
    m.with = r.string("with", limits::username);
    m.messages = read_list<im_message>(r, "messages", limits::history_page, read_im_message);
    m.has_more = r.boolean("has_more");
    return m;
}
event read_settings(field_reader& r) {
    settings m;
    m.callback_number = r.string("callback_number", limits::phone_number, 0);
    m.chosen_callback_number = r.string("chosen_callback_number", limits::phone_number, 0);
    m.can_choose_callback = r.boolean("can_choose_callback");
    m.calls_enabled = r.boolean("calls_enabled");
    m.language = r.string("language", limits::language, 0);
    m.do_not_disturb_calls = r.string("do_not_disturb_calls", 16);
    return m;
}
event read_call_state(field_reader& r) {
    call_state m;
    m.call_id = r.string("call_id", limits::request_id);
    m.state = r.string("state", 32);
    m.reason = r.string("reason", 64, 0);
    m.callee_name = r.string("callee_name", 200, 0);
    m.number = r.string("number", limits::phone_number, 0);
    m.started_at_ms = r.integer("started_at", 0, INT64_MAX);
    m.connected_at_ms = r.integer("connected_at", 0, INT64_MAX);
    m.conversation = r.optional_string("conversation", limits::username).value_or("");
    return m;
}
event read_incoming_call(field_reader& r) {
    incoming_call m;
    m.call_id = r.string("call_id", limits::request_id);
    m.state = r.string("state", 32);
    m.caller_name = r.string("caller_name", 200, 0);
    m.caller_number = r.string("caller_number", limits::phone_number, 0);
    m.caller_username = r.string("caller_username", limits::username, 0);
    m.outcome = r.string("outcome", 64, 0);
    m.desk_phone_ringing = r.boolean("desk_phone_ringing");
    m.started_at_ms = r.integer("started_at", 0, INT64_MAX);
    m.connected_at_ms = r.integer("connected_at", 0, INT64_MAX);
    return m;
}
event read_meeting_state(field_reader& r) {
    meeting_state m;
    m.call_id = r.string("call_id", limits::request_id);
    m.meeting_id = r.string("meeting_id", limits::request_id);
    m.subject = r.string("subject", 200, 0);
    m.state = r.string("state", 32);
    m.reason = r.string("reason", 64, 0);
    m.number = r.string("number", limits::phone_number, 0);
    m.started_at_ms = r.integer("started_at", 0, INT64_MAX);
    m.joined_at_ms = r.integer("joined_at", 0, INT64_MAX);
    return m;
}
event read_meeting_invitation(field_reader& r) {
    meeting_invitation m;
    m.meeting_id = r.string("meeting_id", limits::meeting_id);
    m.subject = r.string("subject", 200, 0);
    m.inviter_username = r.string("inviter_username", limits::username, 0); // empty once answered
    m.inviter_name = r.string("inviter_name", 200, 0);
    m.state = r.string("state", 32);
    m.invited_at_ms = r.integer("invited_at", 0, INT64_MAX);
    return m;
}
/** The "dial_in" object of a meeting event; fields may be empty (no bridge). */
meeting_dial_in read_dial_in(field_reader& outer) {
    const auto& j = outer.object("dial_in");
    if (!j.is_object()) return {};
    field_reader r(j, outer.path_of("dial_in"));
    meeting_dial_in d{.number = r.string("number", limits::phone_number, 0),
                      .conference_id = r.string("conference_id", 32, 0),
                      .pin = r.string("pin", 32, 0)};
    if (r.failed()) outer.fail(r.error().code, r.error().field, r.error().detail, r.error().params);
    return d;
}
event read_meeting_info(field_reader& r) {
    meeting_info m;
    m.meeting_id = r.string("meeting_id", limits::meeting_id);
    m.subject = r.string("subject", 200, 0);
    m.organizer_name = r.string("organizer_name", 200, 0);
    m.starts_at_ms = r.integer("starts_at", 0, INT64_MAX);
    m.ends_at_ms = r.integer("ends_at", 0, INT64_MAX);
    m.dial_in = read_dial_in(r);
    return m;
}
meeting_participant read_meeting_participant(const json& j, const std::string& path, field_reader& outer) {
    if (!j.is_object()) {
        outer.fail(error_code::wrong_type, path, "object");
        return {};
    }
    field_reader r(j, path);
    meeting_participant p{.participant_id = r.string("participant_id", limits::request_id),
                          .name = r.string("name", 200, 0),
                          .username = r.string("username", limits::username, 0),
                          .state = r.string("state", 32),
                          .muted = r.boolean("muted"),
                          .talking = r.boolean("talking")};
    if (r.failed()) outer.fail(r.error().code, r.error().field, r.error().detail, r.error().params);
    return p;
}
event read_meeting_roster(field_reader& r) {
    meeting_roster m;
    m.meeting_id = r.string("meeting_id", limits::meeting_id);
    m.organizer_username = r.string("organizer_username", limits::username, 0);
    m.participants =
        read_list<meeting_participant>(r, "participants", limits::meeting_participants, read_meeting_participant);
    return m;
}
meeting_summary read_meeting_summary(const json& j, const std::string& path, field_reader& outer) {
    if (!j.is_object()) {
        outer.fail(error_code::wrong_type, path, "object");
        return {};
    }
    field_reader r(j, path);
    meeting_summary m{.meeting_id = r.string("meeting_id", limits::meeting_id),
                      .subject = r.string("subject", 200, 0),
                      .organizer_username = r.string("organizer_username", limits::username, 0),
                      .organizer_name = r.string("organizer_name", 200, 0),
                      .starts_at_ms = r.integer("starts_at", 0, INT64_MAX),
                      .ends_at_ms = r.integer("ends_at", 0, INT64_MAX),
                      .dial_in = read_dial_in(r)};
    if (r.failed()) outer.fail(r.error().code, r.error().field, r.error().detail, r.error().params);
    return m;
}
event read_meetings_list(field_reader& r) {
    return meetings_list{read_list<meeting_summary>(r, "meetings", limits::meetings_listed, read_meeting_summary)};
}
event read_meeting_calendar(field_reader& r) {
    meeting_calendar m;
    m.meeting_id = r.string("meeting_id", limits::meeting_id);
    m.filename = r.string("filename", 200);
    m.ics = r.string("ics", std::size_t{64} * 1024);
    return m;
}
event read_call_service(field_reader& r) {
    call_service m;
    m.available = r.boolean("available");
    m.reason = r.string("reason", 64, 0);
    return m;
}
call_entry read_call_entry(const json& j, const std::string& path, field_reader& outer) {
    if (!j.is_object()) {
        outer.fail(error_code::wrong_type, path, "object");
        return {};
    }
    field_reader r(j, path);
    call_entry e{.id = r.integer("id", 1, INT64_MAX),
                 .direction = r.string("direction", 16),
                 .peer_name = r.string("peer_name", 200, 0),
                 .number = r.string("number", limits::phone_number, 0),
                 .started_at_ms = r.integer("started_at", 0, INT64_MAX),
                 .answered_at_ms = r.integer("answered_at", 0, INT64_MAX),
                 .ended_at_ms = r.integer("ended_at", 0, INT64_MAX),
                 .outcome = r.string("outcome", 64),
                 .via = r.string("via", 8)};
    if (r.failed()) outer.fail(r.error().code, r.error().field, r.error().detail, r.error().params);
    return e;
}
event read_recent_calls(field_reader& r) {
    recent_calls m;
    m.filter = r.optional_string("filter", 16).value_or("all");
    m.calls = read_list<call_entry>(r, "calls", 200, read_call_entry);
    m.before_id = r.optional_integer("before_id", 1, INT64_MAX).value_or(0);
    m.more = r.has("more") && r.boolean("more");
    return m;
}
json to_json(const calls_csv& m) { return {{"filename", m.filename}, {"csv", m.csv}}; }
json to_json(const call_logged& m) { return {{"call", to_json(m.call)}}; }
event read_calls_csv(field_reader& r) {
    return calls_csv{r.string("filename", 200), r.string("csv", std::size_t{16} * 1024 * 1024, 0)};
}
const json* find_optional_object(field_reader& r, const char* name) {
    if (r.failed() || !r.has(name)) return nullptr;
    const auto& j = r.object(name);
    return j.is_object() ? &j : nullptr;
}

error_params read_error_params(const json& j, field_reader& r) {
    constexpr std::size_t max_params = 8, max_value = 200;
    error_params out;
    if (j.size() > max_params) {
        r.fail(error_code::too_long, "params", "items", {{"max", std::to_string(max_params)}});
        return out;
    }
    field_reader values(j, "params");
    for (const auto& [name, _] : j.items()) out.emplace(name, values.string(name.c_str(), max_value, 0));
    if (values.failed())
        r.fail(values.error().code, values.error().field, values.error().detail, values.error().params);
    return out;
}

event read_error(field_reader& r) {
    error m;
    m.code = r.string("code", 64);
    m.field = r.optional_string("field", 200).value_or("");
    m.detail = r.optional_string("detail", 64).value_or("");
    if (const auto* params = find_optional_object(r, "params")) m.params = read_error_params(*params, r);
    return m;
}

// ---- dispatch ----

template <class Message> struct entry {
    std::string_view type;
    Message (*read)(field_reader&);
};

constexpr std::array<entry<command>, 33> command_table{{
    {"hello", read_hello},
    {"search", read_search},
    {"set_presence", read_set_presence},
    {"watch_presence", read_watch_presence},
    {"send_im", read_send_im},
    {"get_history", read_get_history},
    {"set_callback_number", read_set_callback_number},
    {"set_language", read_set_language},
    {"set_do_not_disturb_calls", read_set_do_not_disturb_calls},
    {"place_call", read_place_call},
    {"hang_up", read_hang_up},
    {"get_recent_calls", read_get_recent_calls},
    {"accept_call", read_accept_call},
    {"decline_call", read_decline_call},
    {"export_calls", read_export_calls},
    {"meet_now", read_meet_now},
    {"invite_to_meeting", read_invite_to_meeting},
    {"join_meeting", read_join_meeting},
    {"decline_meeting", read_decline_meeting},
    {"get_meeting", read_get_meeting},
    {"mute_participant", read_mute_participant},
    {"remove_participant", read_remove_participant},
    {"end_meeting", read_end_meeting},
    {"schedule_meeting", read_schedule_meeting},
    {"get_meetings", read_get_meetings},
    {"get_meeting_calendar", read_get_meeting_calendar},
    {"invite_number", read_invite_number},
    {"add_to_call", read_add_to_call},
    {"send_meeting_message", read_send_meeting_message},
    {"get_meeting_messages", read_get_meeting_messages},
    {"add_favourite", read_add_favourite},
    {"remove_favourite", read_remove_favourite},
    {"get_recent_contacts", read_get_recent_contacts},
}};

event read_call_logged(field_reader& r) {
    call_logged m;
    m.call = read_call_entry(r.object("call"), "call", r);
    return m;
}

constexpr std::array<entry<event>, 24> event_table{{
    {"welcome", read_welcome},
    {"search_results", read_search_results},
    {"presence", read_presence_changed},
    {"contacts", read_contacts},
    {"im", read_im_received},
    {"history", read_history},
    {"settings", read_settings},
    {"call_state", read_call_state},
    {"call_service", read_call_service},
    {"recent_calls", read_recent_calls},
    {"error", read_error},
    {"incoming_call", read_incoming_call},
    {"calls_csv", read_calls_csv},
    {"call_logged", read_call_logged},
    {"meeting_state", read_meeting_state},
    {"meeting_invitation", read_meeting_invitation},
    {"meeting_info", read_meeting_info},
    {"meeting_roster", read_meeting_roster},
    {"meetings", read_meetings_list},
    {"meeting_calendar", read_meeting_calendar},
    {"meeting_message", read_meeting_message},
    {"meeting_messages", read_meeting_messages},
    {"favourites", read_favourites},
    {"recent_contacts", read_recent_contacts},
}};
// type_name() indexes the tables by the variants' alternatives: one entry each, in the same order.
static_assert(command_table.size() == std::variant_size_v<command>);
static_assert(event_table.size() == std::variant_size_v<event>);

template <class Message, std::size_t N>
result<Message, decode_error> decode(std::string_view text, const std::array<entry<Message>, N>& table) {
    const json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return decode_error{error_code::invalid_json, "", "", {}};
    if (!j.is_object()) return decode_error{error_code::not_an_object, "", "", {}};
    field_reader r(j);
    const auto type = r.string("type", 64);
    if (r.failed()) return r.error();
    for (const auto& e : table) {
        if (e.type != type) continue;
        Message m = e.read(r);
        if (r.failed()) return r.error();
        return m;
    }
    return decode_error{error_code::unknown_type, "type", "", {{"type", type}}};
}

template <class Message, std::size_t N>
std::string_view name_in(const Message& m, const std::array<entry<Message>, N>& table) {
    return table[m.index()].type; // tables list types in variant order
}

template <class Variant> std::string encode_variant(const Variant& v, std::string_view type) {
    json j = std::visit([](const auto& m) { return to_json(m); }, v);
    j["type"] = type;
    return dump(j);
}

} // namespace

result<command, decode_error> decode_command(std::string_view json_text) { return decode(json_text, command_table); }

result<event, decode_error> decode_event(std::string_view json_text) { return decode(json_text, event_table); }

std::string_view type_name(const command& c) { return name_in(c, command_table); }
std::string_view type_name(const event& e) { return name_in(e, event_table); }

std::string encode(const command& c) { return encode_variant(c, type_name(c)); }
std::string encode(const event& e) { return encode_variant(e, type_name(e)); }

error to_error_event(const decode_error& e) {
    return error{.code = std::string(to_string(e.code)), .field = e.field, .detail = e.detail, .params = e.params};
}

} // namespace cvw::protocol
