// The embed token ids already traded, kept until their tokens expire, so none is traded twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <queue>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cvw::embed {

/** Not thread-safe; the owner locks. Time is passed in, so tests need no clock. */
class used_token_ids {
public:
    explicit used_token_ids(std::size_t capacity) : capacity_(capacity) {}

    enum class use { first, replayed, full };

    /**
     * Records `key` (the portal and the jti) as used until `forget_at_seconds`. `full` when the table
     * is at its capacity with nothing expired: the token is refused rather than an old id forgotten,
     * since forgetting one early would let its token be replayed.
     */
    use record(const std::string& key, std::int64_t forget_at_seconds, std::int64_t now_seconds);

    std::size_t size() const { return ids_.size(); }

private:
    void forget_expired(std::int64_t now_seconds);

    using entry = std::pair<std::int64_t, std::string>; ///< forget at, key
    std::size_t capacity_;
    std::unordered_set<std::string> ids_;
    std::priority_queue<entry, std::vector<entry>, std::greater<>> by_expiry_;
};

} // namespace cvw::embed
