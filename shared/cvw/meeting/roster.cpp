#include "cvw/meeting/roster.hpp"

#include <algorithm>

namespace cvw::meeting {

using call::meeting_join::state;

std::string_view to_string(moderation_refusal r) {
    switch (r) {
    case moderation_refusal::not_in_meeting: return "not_in_meeting";
    case moderation_refusal::not_organizer: return "not_organizer";
    case moderation_refusal::no_such_participant: return "no_such_participant";
    case moderation_refusal::not_joined: return "not_joined";
    case moderation_refusal::unmute_others: return "unmute_others";
    case moderation_refusal::remove_yourself: return "remove_yourself";
    case moderation_refusal::too_many_numbers: return "too_many_numbers";
    }
    return "not_in_meeting";
}

namespace {

// Emscripten's libc++ has no std::ranges algorithms yet.
template <class List> auto find_by_id(List& list, std::string_view id) {
    return std::find_if(list.begin(), list.end(), [&](const participant& p) { return p.participant_id == id; });
}

} // namespace

bool roster::update(const participant& p) {
    const auto it = find_by_id(participants_, p.participant_id);
    if (p.state == state::ended || p.state == state::idle) {
        if (it == participants_.end()) return false;
        participants_.erase(it);
        return true;
    }
    // A join's steps say nothing of talking: that comes from the tap, and only while in the meeting.
    participant next = p;
    next.talking = it != participants_.end() && it->talking && p.state == state::in_meeting;
    if (it == participants_.end()) {
        participants_.push_back(next);
        return true;
    }
    if (*it == next) return false;
    *it = next;
    return true;
}

bool roster::set_talking(std::string_view participant_id, bool talking) {
    const auto it = find_by_id(participants_, participant_id);
    if (it == participants_.end() || it->state != state::in_meeting || it->talking == talking) return false;
    it->talking = talking;
    return true;
}

const participant* roster::find(std::string_view participant_id) const {
    const auto it = find_by_id(participants_, participant_id);
    return it == participants_.end() ? nullptr : &*it;
}

bool roster::takes_part(std::int64_t user_id) const {
    return user_id != 0 && std::any_of(participants_.begin(), participants_.end(),
                                       [&](const participant& p) { return p.user_id == user_id; });
}

std::vector<std::int64_t> roster::audience() const {
    std::vector<std::int64_t> users;
    for (const auto& p : participants_) // an outside caller on the bridge (user 0) has no tabs
        if (p.user_id != 0 && std::find(users.begin(), users.end(), p.user_id) == users.end())
            users.push_back(p.user_id);
    return users;
}

std::optional<moderation_refusal> roster::may_mute(std::int64_t by, std::string_view participant_id, bool muted) const {
    if (!takes_part(by)) return moderation_refusal::not_in_meeting;
    const auto* target = find(participant_id);
    if (!target) return moderation_refusal::no_such_participant;
    if (target->user_id != by) {
        if (!muted) return moderation_refusal::unmute_others;
        if (by != organizer_id_) return moderation_refusal::not_organizer;
    }
    if (target->state != state::in_meeting) return moderation_refusal::not_joined;
    return std::nullopt;
}

std::optional<moderation_refusal> roster::may_remove(std::int64_t by, std::string_view participant_id) const {
    if (!takes_part(by)) return moderation_refusal::not_in_meeting;
    if (by != organizer_id_) return moderation_refusal::not_organizer;
    const auto* target = find(participant_id);
    if (!target) return moderation_refusal::no_such_participant;
    if (target->user_id == by) return moderation_refusal::remove_yourself;
    return std::nullopt;
}

std::optional<moderation_refusal> roster::may_end(std::int64_t by) const {
    if (by != organizer_id_)
        return takes_part(by) ? moderation_refusal::not_organizer : moderation_refusal::not_in_meeting;
    return std::nullopt;
}

std::optional<moderation_refusal> roster::may_invite_number(std::int64_t by, std::size_t most) const {
    if (!takes_part(by)) return moderation_refusal::not_in_meeting;
    const auto dialled = std::count_if(participants_.begin(), participants_.end(),
                                       [](const participant& p) { return p.invited_by != 0; });
    if (static_cast<std::size_t>(dialled) >= most) return moderation_refusal::too_many_numbers;
    return std::nullopt;
}

} // namespace cvw::meeting
