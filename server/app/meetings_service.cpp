#include "app/meetings_service.hpp"

#include "app/clock.hpp"
#include "cvw/addressing.hpp"
#include "cvw/sip/display_name.hpp"
#include "log.hpp"

namespace cvw::server {

namespace {

/** A Meet Now lasts until everyone has left; its end time is only what invitations would show. */
constexpr std::int64_t meet_now_length_ms = 60LL * 60 * 1000;

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
