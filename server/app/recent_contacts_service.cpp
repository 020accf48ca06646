#include "app/recent_contacts_service.hpp"

#include "cvw/call/incoming_routing.hpp"
#include "cvw/recent_contacts.hpp"

#include <unordered_map>

namespace cvw::server {

namespace {
// How far back the call log is read for colleagues: calls to outside numbers and meetings skipped.
constexpr int calls_looked_at = 100;
} // namespace

recent_contacts_service::recent_contacts_service(const server_config& config, directory_service& directory,
                                                 message_store& messages, call_log& log)
    : config_(config), directory_(directory), messages_(messages), log_(log) {}

std::int64_t recent_contacts_service::colleague_of(const std::string& number) {
    if (auto owner = directory_.find_by_number(number)) return owner->id;
    const auto username = call::addressed_username(number, config_.incoming.address_prefix).value_or(number);
    const auto named = directory_.find(username);
    return named ? named->id : 0;
}

protocol::recent_contacts recent_contacts_service::of(std::int64_t user_id, int limit) {
    std::vector<contact_touch> touches;
    for (const auto& [peer, at] : messages_.recent_peers(user_id, limit)) touches.push_back({peer, at});
    std::unordered_map<std::string, std::int64_t> resolved; // most logs repeat a few numbers
    for (const auto& c : log_.recent(user_id, calls_looked_at)) {
        if (c.direction != "outgoing" && c.direction != "incoming") continue; // a meeting's subject is nobody
        auto [known, fresh] = resolved.try_emplace(c.number, 0);
        if (fresh) known->second = colleague_of(c.number);
        touches.push_back({known->second, c.started_at_ms});
    }
    protocol::recent_contacts out;
    for (const auto id : most_recent_contacts(std::move(touches), user_id, static_cast<std::size_t>(limit))) {
        if (auto user = directory_.find(id); user && user->enabled) out.people.push_back(directory_.contact_of(*user));
    }
    return out;
}

void recent_contacts_service::get(const tab_ref& tab, const protocol::get_recent_contacts& m) {
    tab.reply(of(tab.user_id, static_cast<int>(m.limit)));
}

} // namespace cvw::server
