#include "app/meetings_service.hpp"

#include "app/clock.hpp"
#include "cvw/addressing.hpp"
#include "cvw/sip/display_name.hpp"
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
    }
    return protocol::refusal("not_allowed", "meeting_id", detail);
}

} // namespace

meetings_service::meetings_service(const server_config& config, directory_service& directory, database& db,
                                   fan_out& out)
    : config_(config), directory_(directory), meetings_(db), out_(out) {}

bool meetings_service::available(const tab_ref& tab) const {
    if (!mixer_ || !calls_) {
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
    auto subject = cvw::sip::clean_display_text(m.subject); // it is shown on phones, in a SIP header
    subject.erase(0, subject.find_first_not_of(' '));
    subject.erase(subject.find_last_not_of(' ') + 1);
    if (subject.empty()) return tab.reply(protocol::refusal("invalid_value", "subject", "empty_subject"));
    const auto user = directory_.find(tab.user_id);
    if (!user) return;
    const auto now = now_ms();
    const auto meeting = meetings_.create(user->id, subject, now, now + meet_now_length_ms, now);
    log_info("meetings: " + user->username + " made meeting " + meeting.id + " (Meet Now)");
    dial_in(*user, meeting);
}

void meetings_service::invite(const tab_ref& tab, const protocol::invite_to_meeting& m) {
    if (!mixer_ || !calls_) return tab.reply(protocol::refusal("meetings_unavailable", "", "not_set_up"));
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

void meetings_service::join(const tab_ref& tab, const protocol::join_meeting& m) {
    if (!available(tab)) return;
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting) return tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
    const auto user = directory_.find(tab.user_id);
    if (!user) return;
    if (meetings_.answer(meeting->id, user->id, "joined")) answered(user->id, *meeting);
    log_info("meetings: " + user->username + " joins meeting " + meeting->id);
    dial_in(*user, *meeting);
}

void meetings_service::decline(const tab_ref& tab, const protocol::decline_meeting& m) {
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting || !meetings_.answer(meeting->id, tab.user_id, "declined"))
        return tab.reply(protocol::refusal("not_found", "meeting_id", "invitation"));
    answered(tab.user_id, *meeting);
}

void meetings_service::describe(const tab_ref& tab, const protocol::get_meeting& m) {
    const auto meeting = meetings_.find(m.meeting_id);
    if (!meeting) return tab.reply(protocol::refusal("not_found", "meeting_id", "meeting"));
    const auto organizer = directory_.find(meeting->organizer_id);
    tab.reply(protocol::meeting_info{.meeting_id = meeting->id,
                                     .subject = meeting->subject,
                                     .organizer_name = organizer ? organizer->display_name : std::string(),
                                     .starts_at_ms = meeting->starts_at_ms,
                                     .ends_at_ms = meeting->ends_at_ms});
}

std::optional<meetings_service::live_meeting> meetings_service::meeting_for(const tab_ref& tab,
                                                                            const std::string& meeting_id) {
    if (!mixer_ || !calls_) {
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
                             .name = {},
                             .username = {},
                             .state = step->now,
                             .muted = step->muted};
    if (const auto* known = live.roster.find(u.call_id)) {
        who.name = known->name;
        who.username = known->username;
    } else if (const auto user = directory_.find(u.user_id)) {
        who.name = user->display_name;
        who.username = user->username;
    }
    if (!live.roster.update(who)) return;
    const auto roster = roster_event(it->first, live);
    for (const auto user_id : live.roster.audience()) out_.to_user(user_id, roster);
    if (live.roster.empty()) live_.erase(it);
}

protocol::meeting_roster meetings_service::roster_event(const std::string& meeting_id, const live_meeting& m) const {
    protocol::meeting_roster out{
        .meeting_id = meeting_id, .organizer_username = m.organizer_username, .participants = {}};
    for (const auto& p : m.roster.participants())
        out.participants.push_back({.participant_id = p.participant_id,
                                    .name = p.name,
                                    .username = p.username,
                                    .state = std::string(call::meeting_join::to_string(p.state)),
                                    .muted = p.muted});
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

void meetings_service::dial_in(const user_record& user, const meeting_record& meeting) {
    calls::caller who{.user_id = user.id,
                      .display_name = user.display_name,
                      .number = user.extension.empty() ? user.number : user.extension,
                      .policy = directory_.policy_of(user),
                      .username = user.username};
    calls::meeting_details details{
        .meeting_id = meeting.id,
        .room = meeting.room,
        .subject = meeting.subject,
        .bridge_number = config_.meetings.bridge_number.empty() ? who.policy.caller_id : config_.meetings.bridge_number,
        .confirm_digit = config_.meetings.confirm_join_with_digit};
    calls_->join_meeting(std::move(who), std::move(details));
}

} // namespace cvw::server
