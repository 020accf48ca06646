#include "cvw/embed/used_token_ids.hpp"

namespace cvw::embed {

void used_token_ids::forget_expired(std::int64_t now_seconds) {
    while (!by_expiry_.empty() && by_expiry_.top().first <= now_seconds) {
        ids_.erase(by_expiry_.top().second);
        by_expiry_.pop();
    }
}

used_token_ids::use used_token_ids::record(const std::string& key, std::int64_t forget_at_seconds,
                                           std::int64_t now_seconds) {
    forget_expired(now_seconds);
    if (ids_.contains(key)) return use::replayed;
    if (ids_.size() >= capacity_) return use::full;
    ids_.insert(key);
    by_expiry_.emplace(forget_at_seconds, key);
    return use::first;
}

} // namespace cvw::embed
