// Sign-in sessions: only a hash of each cookie token is stored.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace cvw::server {

class session_store {
public:
    explicit session_store(database& db) : db_(db) {}

    void add(const std::string& token_hash, std::int64_t user_id, std::int64_t now_ms, std::int64_t expires_ms);
    /** The user of a live session on an enabled account. */
    std::optional<std::int64_t> user_of(const std::string& token_hash, std::int64_t now_ms);
    void remove(const std::string& token_hash);
    void remove_expired(std::int64_t now_ms);

private:
    database& db_;
};

} // namespace cvw::server
