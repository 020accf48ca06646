#include "app/meetings_service.hpp"

#include "app/clock.hpp"
#include "cvw/addressing.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/meeting/masked_number.hpp"
#include "cvw/meeting/schedule.hpp"
#include "meetings/meeting_calendar.hpp"
#include "log.hpp"

#include <algorithm>

namespace cvw::server {

namespace {

/** A Meet Now lasts until everyone has left; its end time is only what invitations would show. */
constexpr std::int64_t meet_now_length_ms = 60LL * 60 * 1000;

protocol::error refusal_of(meeting::moderation_refusal r) {
    using enum meeting::moderation_refusal;
    const std::string detail(to_string(r));
    switch (r) {
    case not_in_meeting: return protocol::refusal("not_allowed", "meeting_id", detail);
    case not_organizer: return protocol::refusal("not_allowed", "meeting_id", detail);
    case no_such_participant: return protocol::refusal("not_found", "participant_id", "participant");
    case not_joined: return protocol::refusal("not_allowed", "participant_id", detail);
    case unmute_others: return protocol::refusal("not_allowed", "participant_id", detail);
    case remove_yourself: return protocol::refusal("invalid_value", "participant_id", detail);
    case too_many_numbers: return protocol::refusal("not_allowed", "number", detail);
    }
    return protocol::refusal("not_allowed", "meeting_id", detail);
}

/** The schedule_meeting field a refusal is about, so the page can show it by that field. */
const char* field_of(meeting::schedule_refusal r) {
    switch (r) {
    case meeting::schedule_refusal::empty_subject: return "subject";
    case meeting::schedule_refusal::ends_before_start:
    case meeting::schedule_refusal::too_long_meeting: return "ends_at";
    case meeting::schedule_refusal::already_over:
    case meeting::schedule_refusal::too_far_ahead: return "starts_at";
    }
    return "starts_at";
}

} // namespace

meetings_service::meetings_service(const server_config& config, const dial_plan& plan, directory_service& directory,
                                   database& db, fan_out& out)
    : config_(config), dial_plan_(plan), directory_(directory), meetings_(db), chat_(db), out_(out) {}

bool meetings_service::available(const tab_ref& tab) const {
    if (!mixer_set_up_ || !calls_) {
        tab.reply(protocol::refusal("meetings_unavailable", "", "not_set_up"));
        return false;
    }
    if (!calls_->meetings_available()) {
        tab.reply(protocol::refusal("meetings_unavailable"));
        return false;
    }
    return true;
}

void meetings_service::meet_now(const tab_ref& tab, const protocol::meet_now& m) {
    if (!available(tab)) return;
    const auto subject = meeting::clean_subject(m.subject);
    if (subject.empty()) return tab.reply(protocol::refusal("invalid_value", "subject", "empty_subject"));
    const auto user = directory_.find(tab.user_id);
    if (!user) return;
    const auto now = now_ms();
    const auto meeting = meetings_.create(user->id, subject, now, now + meet_now_length_ms, now);
    log_info("meetings: " + user->username + " made meeting " + meeting.id + " (Meet Now)");
    dial_out(*user, meeting);
}

void meetings_service::schedule(const tab_ref& tab, const protocol::schedule_meeting& m) {
    if (!mixer_set_up_ || !calls_) return tab.reply(protocol::refusal("meetings_unavailable", "", "not_set_up"));
    const auto now = now_ms();
    if (const auto refused = meeting::check_schedule(m.subject, m.starts_at_ms, m.ends_at_ms, now))
        return tab.reply(protocol::refusal("invalid_value", field_of(*refused), std::string(to_string(*refused))));
    // Every invitee must be a colleague, checked before anything is made.
    std::vector<std::int64_t> invitees;
    for (const auto& username : m.invitees) {
        const auto invitee = directory_.find(username);
        if (const auto refused = colleague_refusal(directory_service::person_of(invitee), tab.user_id))
            return tab.reply(*refused == address_refusal::yourself
                                 ? protocol::refusal("invalid_value", "invitees", "self_invite")
                                 : protocol::refusal("not_found", "invitees", "user", {{"username", username}}));
        if (std::ranges::find(invitees, invitee->id) == invitees.end()) invitees.push_back(invitee->id);
    }
    const auto meeting =
        meetings_.schedule(tab.user_id, meeting::clean_subject(m.subject), m.starts_at_ms, m.ends_at_ms, invitees, now);
    log_info("meetings: " + tab.username + " scheduled meeting " + meeting.id + " with " +
             std::to_string(invitees.size()) + " invitee(s)");
    out_.to_user(tab.user_id, list_of(tab.user_id));
    for (const auto user_id : invitees) out_.to_user(user_id, list_of(user_id));
}

void meetings_service::list(const tab_ref& tab) { tab.reply(list_of(tab.user_id)); }

protocol::meetings_list meetings_service::list_of(std::int64_t user_id) {
    protocol::meetings_list out;
    std::map<std::int64_t, std::optional<user_record>> organizers;
    for (const auto& m : meetings_.upcoming_for(user_id, now_ms(), protocol::limits::meetings_listed)) {
        auto& organizer = organizers[m.organizer_id];
        if (!organizer) organizer = directory_.find(m.organizer_id);
        out.meetings.push_back({.meeting_id = m.id,
                                .subject = m.subject,
                                .organizer_username = organizer ? organizer->username : std::string(),
                                .organizer_name = organizer ? organizer->display_name : std::string(),
                                .starts_at_ms = m.starts_at_ms,
                                .ends_at_ms = m.ends_at_ms,
                                .dial_in = dial_in_of(m)});
    }
    return out;
}

protocol::meeting_dial_in meetings_service::dial_in_of(const meeting_record& m) const {
    if (config_.meetings.bridge_number.empty()) return {};
    return {.number = config_.meetings.bridge_number, .conference_id = m.conference_id, .pin = m.pin};
}

void meetings_service::calendar(const tab_ref& tab, const protocol::get_meeting_calendar& m) {
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting) return tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
    const auto organizer = directory_.find(meeting->organizer_id);
    // Links in files point at the first page address the server is configured to be reached at.
    const auto link =
        (config_.allowed_origins.empty() ? std::string() : config_.allowed_origins.front()) + "/m/" + meeting->id;
    const auto& words = i18n::catalogs::built_in();
    auto description = words.render(tab.language, i18n::text{"calendar.description", {}}
                                                      .with("link", link)
                                                      .with("name", organizer ? organizer->display_name : ""));
    if (const auto dial_in = dial_in_of(*meeting); !dial_in.number.empty())
        description += "\n" + words.render(tab.language, i18n::text{"calendar.dial_in", {}}
                                                             .with("number", dial_in.number)
                                                             .with("conference_id", dial_in.conference_id)
                                                             .with("pin", dial_in.pin));
    tab.reply(protocol::meeting_calendar{.meeting_id = meeting->id,
                                         .filename = "cvw-meeting-" + meeting->id + ".ics",
                                         .ics = to_icalendar({.uid = meeting->id + "@cvw",
                                                              .stamp_ms = meeting->created_at_ms,
                                                              .starts_at_ms = meeting->starts_at_ms,
                                                              .ends_at_ms = meeting->ends_at_ms,
                                                              .summary = meeting->subject,
                                                              .description = description,
                                                              .url = link})});
}

void meetings_service::invite(const tab_ref& tab, const protocol::invite_to_meeting& m) {
    if (!mixer_set_up_ || !calls_) return tab.reply(protocol::refusal("meetings_unavailable", "", "not_set_up"));
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting) return tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
    if (meeting->organizer_id != tab.user_id && !meetings_.is_invited(meeting->id, tab.user_id))
        return tab.reply(protocol::refusal("not_allowed", "meeting_id", "not_invited"));
    const auto invitee = directory_.find(m.username);
    if (const auto refused = colleague_refusal(directory_service::person_of(invitee), tab.user_id))
        return tab.reply(*refused == address_refusal::yourself
                             ? protocol::refusal("invalid_value", "username", "self_invite")
                             : protocol::refusal("not_found", "username", "user", {{"username", m.username}}));
    const auto inviter = directory_.find(tab.user_id);
    if (!inviter) return;
    const auto now = now_ms();
    meetings_.invite(meeting->id, invitee->id, inviter->id, now);
    log_info("meetings: " + inviter->username + " invited " + invitee->username + " to meeting " + meeting->id);
    out_.to_user(invitee->id, protocol::meeting_invitation{.meeting_id = meeting->id,
                                                           .subject = meeting->subject,
                                                           .inviter_username = inviter->username,
                                                           .inviter_name = inviter->display_name,
                                                           .state = "invited",
                                                           .invited_at_ms = now});
}

void meetings_service::invite_number(const tab_ref& tab, const protocol::invite_number& m) {
    if (!available(tab)) return;
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting) return tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
    if (meeting->organizer_id != tab.user_id && !meetings_.is_invited(meeting->id, tab.user_id))
        return tab.reply(protocol::refusal("not_allowed", "meeting_id", "not_invited"));
    const auto live = live_.find(meeting->id);
    const auto most = static_cast<std::size_t>(config_.meetings.numbers_per_meeting);
    if (const auto refused = live == live_.end() ? meeting::moderation_refusal::not_in_meeting
                                                 : live->second.roster.may_invite_number(tab.user_id, most)) {
        auto e = refusal_of(*refused);
        if (*refused == meeting::moderation_refusal::too_many_numbers) e.params = {{"most", std::to_string(most)}};
        return tab.reply(e);
    }
    const auto user = directory_.find(tab.user_id);
    if (!user) return;
    auto who = phone_to_add(tab, *user, m.number, "number");
    if (!who) return;
    log_info("meetings: " + user->username + " dials " + who->display_name + " into " + meeting->id);
    calls_->join_meeting(std::move(*who), details_of(*meeting, directory_.policy_of(*user).caller_id, user->id));
}

void meetings_service::add_to_call(const tab_ref& tab, const protocol::add_to_call& m) {
    if (!available(tab)) return;
    const auto subject = meeting::clean_subject(m.subject);
    if (subject.empty()) return tab.reply(protocol::refusal("invalid_value", "subject", "empty_subject"));
    const auto user = directory_.find(tab.user_id);
    if (!user) return;
    auto third = phone_to_add(tab, *user, m.destination, "destination");
    if (!third) return;
    const auto now = now_ms();
    const auto meeting = meetings_.create(user->id, subject, now, now + meet_now_length_ms, now);
    log_info("meetings: " + user->username + " turns call " + m.call_id + " into meeting " + meeting.id + " and adds " +
             third->display_name);
    calls_->add_person(user->id, m.call_id, details_of(meeting, directory_.policy_of(*user).caller_id, 0),
                       std::move(*third));
}

std::optional<calls::caller> meetings_service::phone_to_add(const tab_ref& tab, const user_record& asker,
                                                            const std::string& destination, const char* field) {
    const auto policy = directory_.policy_of(asker);
    if (!policy.enabled) {
        tab.reply(protocol::refusal("not_allowed", field, "calls_disabled"));
        return std::nullopt;
    }
    // Either phone is rung as a meeting rings one, its number standing in for the callback number
    // (the join passes it through the dial plan again).
    const auto ring = [&](std::int64_t user_id, std::string name, std::string number, std::string phone) {
        return calls::caller{.user_id = user_id,
                             .display_name = std::move(name),
                             .number = std::move(number),
                             .policy = {.enabled = true,
                                        .callback_number = std::move(phone),
                                        .user_may_set_callback = false,
                                        .caller_id = policy.caller_id},
                             .username = asker.username};
    };
    if (const auto colleague = directory_.find(destination); colleague && colleague->enabled) {
        if (colleague->id == asker.id) {
            tab.reply(protocol::refusal("invalid_value", field, "self_call"));
            return std::nullopt;
        }
        // Their own tabs follow the join (and may Leave); the asker hears if it never joins.
        return ring(colleague->id, colleague->display_name,
                    colleague->extension.empty() ? colleague->number : colleague->extension,
                    directory_.policy_of(*colleague).callback_number);
    }
    const auto number = dial_plan_.check(destination);
    if (!number) {
        tab.reply(number.error() == dial_error::not_allowed
                      ? protocol::refusal("not_allowed", field, "dial_plan", {{"number", destination}})
                      : protocol::refusal("invalid_value", field, "not_a_number", {{"number", destination}}));
        return std::nullopt;
    }
    const auto masked = meeting::masked_number(number->number);
    return ring(0, masked, number->number, number->number);
}

void meetings_service::join(const tab_ref& tab, const protocol::join_meeting& m) {
    if (!available(tab)) return;
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting) return tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
    const auto user = directory_.find(tab.user_id);
    if (!user) return;
    if (meetings_.answer(meeting->id, user->id, "joined")) answered(user->id, *meeting);
    log_info("meetings: " + user->username + " joins meeting " + meeting->id);
    dial_out(*user, *meeting);
}

void meetings_service::decline(const tab_ref& tab, const protocol::decline_meeting& m) {
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting || !meetings_.answer(meeting->id, tab.user_id, "declined"))
        return tab.reply(protocol::refusal("not_found", "meeting_id", "invitation"));
    answered(tab.user_id, *meeting);
    out_.to_user(tab.user_id, list_of(tab.user_id)); // a declined meeting leaves the list
}

void meetings_service::describe(const tab_ref& tab, const protocol::get_meeting& m) {
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting) return tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
    const auto organizer = directory_.find(meeting->organizer_id);
    tab.reply(protocol::meeting_info{.meeting_id = meeting->id,
                                     .subject = meeting->subject,
                                     .organizer_name = organizer ? organizer->display_name : std::string(),
                                     .starts_at_ms = meeting->starts_at_ms,
                                     .ends_at_ms = meeting->ends_at_ms,
                                     .dial_in = dial_in_of(*meeting)});
}

std::optional<meetings_service::live_meeting> meetings_service::meeting_for(const tab_ref& tab,
                                                                            const std::string& meeting_id) {
    if (!mixer_set_up_ || !calls_) {
        tab.reply(protocol::refusal("meetings_unavailable", "", "not_set_up"));
        return std::nullopt;
    }
    if (const auto it = live_.find(meeting_id); it != live_.end()) return it->second;
    const auto stored = meetings_.find(meeting_id);
    if (!stored) {
        tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
        return std::nullopt;
    }
    return live_meeting{.roster = meeting::roster(stored->organizer_id), .organizer_username = {}};
}

void meetings_service::mute(const tab_ref& tab, const protocol::mute_participant& m) {
    const auto live = meeting_for(tab, m.meeting_id);
    if (!live) return;
    if (const auto refused = live->roster.may_mute(tab.user_id, m.participant_id, m.muted))
        return tab.reply(refusal_of(*refused));
    log_info("meetings: " + tab.username + (m.muted ? " mutes " : " unmutes ") + m.participant_id + " in " +
             m.meeting_id);
    calls_->mute_in_meeting(tab.user_id, m.participant_id, m.muted);
}

void meetings_service::remove(const tab_ref& tab, const protocol::remove_participant& m) {
    const auto live = meeting_for(tab, m.meeting_id);
    if (!live) return;
    if (const auto refused = live->roster.may_remove(tab.user_id, m.participant_id))
        return tab.reply(refusal_of(*refused));
    log_info("meetings: " + tab.username + " removes " + m.participant_id + " from " + m.meeting_id);
    calls_->remove_from_meeting(m.participant_id);
}

void meetings_service::end(const tab_ref& tab, const protocol::end_meeting& m) {
    const auto live = meeting_for(tab, m.meeting_id);
    if (!live) return;
    if (const auto refused = live->roster.may_end(tab.user_id)) return tab.reply(refusal_of(*refused));
    if (live->roster.empty()) return; // nobody is in it: nothing to end
    log_info("meetings: " + tab.username + " ends " + m.meeting_id + " for everyone");
    calls_->end_meeting(m.meeting_id, tab.user_id);
}

void meetings_service::follow(const call::call_update& u) {
    const auto* step = std::get_if<call::meeting_join_progress>(&u.progress);
    if (!step) return;
    auto it = live_.find(step->meeting_id);
    if (it == live_.end()) {
        if (u.ended()) return;
        const auto stored = meetings_.find(step->meeting_id);
        const auto organizer = stored ? directory_.find(stored->organizer_id) : std::nullopt;
        it = live_
                 .emplace(step->meeting_id,
                          live_meeting{.roster = meeting::roster(stored ? stored->organizer_id : 0),
                                       .organizer_username = organizer ? organizer->username : std::string()})
                 .first;
    }
    auto& live = it->second;
    meeting::participant who{.participant_id = u.call_id,
                             .user_id = u.user_id,
                             .invited_by = step->invited_by,
                             .name = {},
                             .username = {},
                             .state = step->now,
                             .muted = step->muted};
    if (const auto* known = live.roster.find(u.call_id)) {
        who.name = known->name;
        who.username = known->username;
    } else if (const auto user = u.user_id != 0 ? directory_.find(u.user_id) : std::nullopt) {
        who.name = user->display_name;
        who.username = user->username;
    } else if (!step->name.empty()) {
        who.name = step->name; // a colleague's phone handed over from a call
    } else {
        who.name = meeting::masked_number(u.peer.number); // an outside caller or number
    }
    const auto* before = live.roster.find(u.call_id);
    if (u.ended() && who.invited_by != 0 && before && before->state != call::meeting_join::state::in_meeting)
        tell_inviter(who, step->reason);
    if (!live.roster.update(who)) return;
    const auto roster = roster_event(it->first, live);
    for (const auto user_id : live.roster.audience()) out_.to_user(user_id, roster);
    if (live.roster.empty()) live_.erase(it);
}

void meetings_service::talking(const std::string& meeting_id, const std::string& participant_id, bool talking) {
    const auto it = live_.find(meeting_id);
    if (it == live_.end() || !it->second.roster.set_talking(participant_id, talking)) return;
    const auto roster = roster_event(it->first, it->second);
    for (const auto user_id : it->second.roster.audience()) out_.to_user(user_id, roster);
}

protocol::meeting_roster meetings_service::roster_event(const std::string& meeting_id, const live_meeting& m) const {
    protocol::meeting_roster out{
        .meeting_id = meeting_id, .organizer_username = m.organizer_username, .participants = {}};
    for (const auto& p : m.roster.participants())
        out.participants.push_back({.participant_id = p.participant_id,
                                    .name = p.name,
                                    .username = p.username,
                                    .state = std::string(call::meeting_join::to_string(p.state)),
                                    .muted = p.muted,
                                    .talking = p.talking && !p.muted}); // muted, nobody hears them
    return out;
}

std::vector<protocol::event> meetings_service::rosters_of(std::int64_t user_id) const {
    std::vector<protocol::event> out;
    for (const auto& [id, live] : live_) {
        const auto audience = live.roster.audience();
        if (std::ranges::find(audience, user_id) != audience.end()) out.emplace_back(roster_event(id, live));
    }
    return out;
}

void meetings_service::answered(std::int64_t user_id, const meeting_record& meeting) {
    out_.to_user(user_id, protocol::meeting_invitation{.meeting_id = meeting.id,
                                                       .subject = meeting.subject,
                                                       .inviter_username = {},
                                                       .inviter_name = {},
                                                       .state = "answered",
                                                       .invited_at_ms = 0});
}

bool meetings_service::may_chat(const tab_ref& tab, const std::string& meeting_id) {
    const auto meeting = meetings_.find(meeting_id);
    if (!meeting) {
        tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
        return false;
    }
    if (meeting->organizer_id == tab.user_id || meetings_.is_invited(meeting_id, tab.user_id)) return true;
    const auto live = live_.find(meeting_id);
    if (live != live_.end() && std::ranges::count(live->second.roster.audience(), tab.user_id) > 0) return true;
    tab.reply(protocol::refusal("not_allowed", "meeting_id", "not_in_meeting"));
    return false;
}

protocol::meeting_chat_line meetings_service::line_of(stored_meeting_message stored) {
    const auto sender = stored.sender_id != 0 ? directory_.find(stored.sender_id) : std::nullopt;
    return {.id = stored.id,
            .from = sender ? sender->username : std::string(),
            .name = sender ? sender->display_name : std::string(),
            .text = std::move(stored.body),
            .sent_at_ms = stored.sent_at_ms};
}

void meetings_service::say(const tab_ref& tab, const protocol::send_meeting_message& m) {
    if (!may_chat(tab, m.meeting_id)) return;
    const auto line = line_of(chat_.add(m.meeting_id, tab.user_id, m.text, now_ms()));
    // Everyone in the meeting now hears it; the rest read it when they open the meeting.
    const auto live = live_.find(m.meeting_id);
    for (const auto user_id : live == live_.end() ? std::vector<std::int64_t>{} : live->second.roster.audience())
        if (user_id != tab.user_id) out_.to_user(user_id, protocol::meeting_message{m.meeting_id, line, ""});
    out_.to_user(tab.user_id, protocol::meeting_message{m.meeting_id, line, m.client_id});
}

void meetings_service::conversation(const tab_ref& tab, const protocol::get_meeting_messages& m) {
    if (!may_chat(tab, m.meeting_id)) return;
    auto page = chat_.page(m.meeting_id, m.before_id.value_or(0), static_cast<int>(m.limit));
    protocol::meeting_messages out{m.meeting_id, {}, page.has_more};
    for (auto& stored : page.messages) out.messages.push_back(line_of(std::move(stored)));
    tab.reply(out);
}

std::optional<calls::conference> meetings_service::by_conference_id(const std::string& conference_id) {
    const auto meeting = meetings_.find_by_conference_id(conference_id);
    if (!meeting) return std::nullopt;
    log_info("meetings: a caller on the bridge keyed the conference ID of meeting " + meeting->id);
    return calls::conference{.meeting = {.meeting_id = meeting->id,
                                         .room = meeting->room,
                                         .conference_id = meeting->conference_id,
                                         .pin = meeting->pin,
                                         .subject = meeting->subject,
                                         .bridge_number = config_.meetings.bridge_number,
                                         .confirm_digit = 0},
                             .pin = meeting->pin};
}

void meetings_service::dial_out(const user_record& user, const meeting_record& meeting) {
    calls::caller who{.user_id = user.id,
                      .display_name = user.display_name,
                      .number = user.extension.empty() ? user.number : user.extension,
                      .policy = directory_.policy_of(user),
                      .username = user.username};
    auto details = details_of(meeting, who.policy.caller_id, 0);
    calls_->join_meeting(std::move(who), std::move(details));
}

calls::meeting_details meetings_service::details_of(const meeting_record& meeting, const std::string& caller_id,
                                                    std::int64_t invited_by) const {
    return {.meeting_id = meeting.id,
            .room = meeting.room,
            .conference_id = meeting.conference_id,
            .pin = meeting.pin,
            .subject = meeting.subject,
            .bridge_number = config_.meetings.bridge_number.empty() ? caller_id : config_.meetings.bridge_number,
            .confirm_digit = config_.meetings.confirm_join_with_digit,
            .invited_by = invited_by};
}

void meetings_service::tell_inviter(const meeting::participant& who, call::meeting_join::end_reason why) {
    using enum call::meeting_join::end_reason;
    // Leaving, removal, the meeting's end and a restart were someone's choice, or everyone hears of them.
    if (why == left || why == cancelled || why == removed || why == meeting_ended || why == server_stopped) return;
    const bool said_by_the_phone = why == phone_busy || why == phone_no_answer || why == phone_declined ||
                                   why == not_confirmed || why == phone_hung_up;
    out_.to_user(who.invited_by,
                 protocol::refusal("number_not_joined", "number",
                                   said_by_the_phone ? std::string(call::meeting_join::to_string(why)) : "unreachable",
                                   {{"number", who.name}}));
}

} // namespace cvw::server
