#include "app/meetings_service.hpp"

#include "app/clock.hpp"
#include "cvw/sip/display_name.hpp"
#include "log.hpp"

namespace cvw::server {

namespace {

/** A Meet Now lasts until everyone has left; its end time is only what invitations would show. */
constexpr std::int64_t meet_now_length_ms = 60LL * 60 * 1000;

} // namespace

meetings_service::meetings_service(const server_config& config, directory_service& directory, database& db)
    : config_(config), directory_(directory), meetings_(db) {}

void meetings_service::meet_now(const tab_ref& tab, const protocol::meet_now& m) {
    if (!mixer_ || !calls_) return tab.reply(protocol::refusal("meetings_unavailable", "", "not_set_up"));
    if (!calls_->meetings_available()) return tab.reply(protocol::refusal("meetings_unavailable"));
    auto subject = cvw::sip::clean_display_text(m.subject); // it is shown on phones, in a SIP header
    subject.erase(0, subject.find_first_not_of(' '));
    subject.erase(subject.find_last_not_of(' ') + 1);
    if (subject.empty()) return tab.reply(protocol::refusal("invalid_value", "subject", "empty_subject"));
    const auto user = directory_.find(tab.user_id);
    if (!user) return;
    const auto now = now_ms();
    const auto meeting = meetings_.create(user->id, subject, now, now + meet_now_length_ms, now);
    calls::caller who{.user_id = user->id,
                      .display_name = user->display_name,
                      .number = user->extension.empty() ? user->number : user->extension,
                      .policy = directory_.policy_of(*user),
                      .username = user->username};
    calls::meeting_details details{
        .meeting_id = meeting.id,
        .room = meeting.room,
        .subject = subject,
        .bridge_number = config_.meetings.bridge_number.empty() ? who.policy.caller_id : config_.meetings.bridge_number,
        .confirm_digit = config_.meetings.confirm_join_with_digit};
    log_info("meetings: " + user->username + " made meeting " + meeting.id + " (Meet Now)");
    // The mixer makes the room with its first seat and drops it with its last (meetings/audio_bridge_mixer).
    calls_->join_meeting(std::move(who), std::move(details));
}

} // namespace cvw::server
