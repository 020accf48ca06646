#include "app/im_service.hpp"

#include "app/clock.hpp"
#include "cvw/addressing.hpp"

namespace cvw::server {

im_service::im_service(directory_service& directory, message_store& messages, fan_out& out)
    : directory_(directory), messages_(messages), out_(out) {}

void im_service::send(const tab_ref& tab, const protocol::send_im& m) {
    auto to = directory_.find(m.to);
    if (const auto refused = colleague_refusal(directory_service::person_of(to), tab.user_id))
        return tab.reply(*refused == address_refusal::yourself
                             ? protocol::refusal("invalid_value", "to", "self_im")
                             : protocol::refusal("not_found", "to", "user", {{"username", m.to}}));

    const auto stored = messages_.add(tab.user_id, to->id, m.text, now_ms());
    const protocol::im_message msg{.id = stored.id,
                                   .from = tab.username,
                                   .to = to->username,
                                   .text = stored.body,
                                   .sent_at_ms = stored.sent_at_ms};
    out_.to_user(to->id, protocol::im_received{msg, ""});
    out_.to_user(tab.user_id, protocol::im_received{msg, m.client_id});
}

void im_service::history(const tab_ref& tab, const protocol::get_history& m) {
    auto peer = directory_.find(m.with);
    if (!peer) return tab.reply(protocol::refusal("not_found", "with", "user", {{"username", m.with}}));
    auto page = messages_.between(tab.user_id, peer->id, m.before_id.value_or(0), static_cast<int>(m.limit));
    protocol::history out{peer->username, {}, page.has_more};
    for (auto& stored : page.messages) {
        const bool mine = stored.sender_id == tab.user_id;
        out.messages.push_back({stored.id, mine ? tab.username : peer->username, mine ? peer->username : tab.username,
                                std::move(stored.body), stored.sent_at_ms});
    }
    tab.reply(out);
}

} // namespace cvw::server
