// Ordering, de-duplication and pending-send bookkeeping for a conversation.
#include "cvw/conversation.hpp"

#include <algorithm>

namespace cvw {

conversation::conversation(std::string self, std::string peer) : self_(std::move(self)), peer_(std::move(peer)) {}

void conversation::add_pending(std::string client_id, std::string text) {
    pending_.push_back({std::move(client_id), std::move(text)});
}

void conversation::drop_pending(const std::string& client_id) {
    std::erase_if(pending_, [&](const pending_im& p) { return p.client_id == client_id; });
}

bool conversation::belongs(const protocol::im_message& m) const {
    return (m.from == self_ && m.to == peer_) || (m.from == peer_ && m.to == self_);
}

bool conversation::insert(const protocol::im_message& m) {
    auto at = std::lower_bound(messages_.begin(), messages_.end(), m.id,
                               [](const protocol::im_message& a, std::int64_t id) { return a.id < id; });
    if (at != messages_.end() && at->id == m.id) return false;
    messages_.insert(at, m);
    return true;
}

bool conversation::apply(const protocol::im_received& im) {
    if (!belongs(im.message)) return false;
    if (!im.client_id.empty()) drop_pending(im.client_id);
    if (!insert(im.message)) return false;
    if (im.message.from == peer_) ++unread_;
    return true;
}

void conversation::apply(const protocol::history& page) {
    if (page.with != peer_) return;
    for (const auto& m : page.messages)
        if (belongs(m)) insert(m);
    has_more_history_ = page.has_more;
}

bool conversation::is_active(modality m) const { return m == modality::im ? im_active_ : audio_active_; }

void conversation::set_active(modality m, bool active) { (m == modality::im ? im_active_ : audio_active_) = active; }

} // namespace cvw
