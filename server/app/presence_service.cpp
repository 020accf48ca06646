#include "app/presence_service.hpp"

namespace cvw::server {

presence_service::presence_service(user_store& users, fan_out& out) : users_(users), out_(out) {}

bool presence_service::calling(std::int64_t user_id) const {
    return in_cvw_call_.count(user_id) > 0 || desk_phone_in_call_.count(user_id) > 0;
}

presence presence_service::of(std::int64_t user_id) const {
    auto it = online_.find(user_id);
    if (it == online_.end()) return effective_presence(availability::available, false, calling(user_id));
    return effective_presence(it->second.chosen, true, calling(user_id));
}

presence presence_service::once_online(std::int64_t user_id, availability chosen) const {
    return effective_presence(chosen, true, calling(user_id));
}

void presence_service::came_online(std::int64_t user_id) {
    // Still online: a new tab joined before the last one's leaving reached here. Nothing changed.
    if (online_.count(user_id)) return;
    auto user = users_.find(user_id);
    if (!user) return;
    online_[user_id] = {.username = user->username,
                        .chosen = parse_availability(user->availability).value_or(availability::available)};
    publish(user_id);
}

void presence_service::went_offline(std::int64_t user_id) {
    if (online_.erase(user_id) > 0) publish(user_id);
}

void presence_service::choose(std::int64_t user_id, availability state) {
    users_.set_availability(user_id, std::string(to_string(state)));
    // Not counted online yet (the tab's join is on its way): came_online reads what was stored.
    auto it = online_.find(user_id);
    if (it == online_.end() || it->second.chosen == state) return;
    it->second.chosen = state;
    publish(user_id);
}

void presence_service::set_in_call(call_source source, std::int64_t user_id, bool in_call) {
    auto& set = source == call_source::cvw_call ? in_cvw_call_ : desk_phone_in_call_;
    const auto before = of(user_id);
    if (in_call) set.insert(user_id);
    else set.erase(user_id);
    // cvw and the desk phone may both say so: watchers hear of a change only once.
    if (of(user_id) != before) publish(user_id);
}

void presence_service::publish(std::int64_t user_id) {
    std::string username;
    if (auto it = online_.find(user_id); it != online_.end()) username = it->second.username;
    else if (auto u = users_.find(user_id)) username = u->username;
    else return;
    out_.to_watchers(user_id, username, protocol::presence_changed{username, of(user_id)});
}

} // namespace cvw::server
