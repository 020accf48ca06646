#include "app/favourites_service.hpp"

#include "app/clock.hpp"
#include "cvw/addressing.hpp"

namespace cvw::server {

favourites_service::favourites_service(directory_service& directory, favourite_store& store, fan_out& out)
    : directory_(directory), store_(store), out_(out) {}

protocol::favourites favourites_service::of(std::int64_t user_id) {
    protocol::favourites out;
    for (const auto id : store_.of(user_id)) {
        // A colleague disabled since stays in the table and shows again if enabled again.
        if (auto user = directory_.find(id); user && user->enabled) out.people.push_back(directory_.contact_of(*user));
    }
    return out;
}

void favourites_service::add(const tab_ref& tab, const protocol::add_favourite& m) {
    auto colleague = directory_.find(m.username);
    if (const auto refused = colleague_refusal(directory_service::person_of(colleague), tab.user_id))
        return tab.reply(*refused == address_refusal::yourself
                             ? protocol::refusal("invalid_value", "username", "self_favourite")
                             : protocol::refusal("not_found", "username", "user", {{"username", m.username}}));
    constexpr auto most = static_cast<int>(protocol::limits::favourites);
    switch (store_.add(tab.user_id, colleague->id, now_ms(), most)) {
    case favourite_store::add_result::full:
        return tab.reply(
            protocol::refusal("not_allowed", "username", "too_many_favourites", {{"most", std::to_string(most)}}));
    case favourite_store::add_result::already_there: return;
    case favourite_store::add_result::added: return out_.to_user(tab.user_id, of(tab.user_id));
    }
}

void favourites_service::remove(const tab_ref& tab, const protocol::remove_favourite& m) {
    const auto colleague = directory_.find(m.username);
    if (colleague && store_.remove(tab.user_id, colleague->id)) out_.to_user(tab.user_id, of(tab.user_id));
}

} // namespace cvw::server
