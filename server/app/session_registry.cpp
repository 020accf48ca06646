#include "app/session_registry.hpp"

#include "net/websocket_session.hpp"

#include <algorithm>
#include <iterator>

namespace cvw::server {

void session_registry::add(std::shared_ptr<websocket_session> s) {
    auto* key = s.get();
    tabs_.emplace(key, tab{.session = std::move(s)});
}

std::int64_t session_registry::remove(websocket_session* s) {
    auto it = tabs_.find(s);
    if (it == tabs_.end()) return 0;
    unwatch(s, it->second);
    const bool joined = it->second.joined;
    tabs_.erase(it);
    if (!joined) return 0;
    const auto user_id = s->who().user_id;
    auto& tabs = joined_[user_id];
    std::erase(tabs, s);
    if (!tabs.empty()) return 0;
    joined_.erase(user_id);
    return user_id;
}

session_registry::tab* session_registry::find(websocket_session* s) {
    auto it = tabs_.find(s);
    return it == tabs_.end() ? nullptr : &it->second;
}

bool session_registry::join(websocket_session* s) {
    auto* t = find(s);
    if (!t || t->joined) return false;
    t->joined = true;
    auto& tabs = joined_[s->who().user_id];
    tabs.push_back(s);
    return tabs.size() == 1;
}

std::vector<std::string> session_registry::watch(websocket_session* s, std::vector<std::string> usernames) {
    auto* t = find(s);
    if (!t) return {};
    std::sort(usernames.begin(), usernames.end());
    usernames.erase(std::unique(usernames.begin(), usernames.end()), usernames.end());
    std::vector<std::string> added;
    std::set_difference(usernames.begin(), usernames.end(), t->watching.begin(), t->watching.end(),
                        std::back_inserter(added));
    unwatch(s, *t);
    for (const auto& name : usernames) watchers_[name].insert(s);
    t->watching = std::move(usernames);
    return added;
}

const std::vector<websocket_session*>& session_registry::tabs_of(std::int64_t user_id) const {
    static const std::vector<websocket_session*> none;
    auto it = joined_.find(user_id);
    return it == joined_.end() ? none : it->second;
}

std::vector<websocket_session*> session_registry::audience_of(std::int64_t user_id, const std::string& username) const {
    std::vector<websocket_session*> out;
    if (auto it = watchers_.find(username); it != watchers_.end()) out.assign(it->second.begin(), it->second.end());
    // The user's own tabs keep their presence selectors in step.
    for (auto* own : tabs_of(user_id))
        if (std::find(out.begin(), out.end(), own) == out.end()) out.push_back(own);
    return out;
}

void session_registry::clear() {
    tabs_.clear();
    joined_.clear();
    watchers_.clear();
}

void session_registry::unwatch(websocket_session* s, tab& t) {
    for (const auto& name : t.watching) {
        auto it = watchers_.find(name);
        if (it == watchers_.end()) continue;
        it->second.erase(s);
        if (it->second.empty()) watchers_.erase(it);
    }
    t.watching.clear();
}

} // namespace cvw::server
