// IM history: every message between two users, kept across restarts.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cvw::server {

struct stored_message {
    std::int64_t id = 0;
    std::int64_t sender_id = 0;
    std::int64_t recipient_id = 0;
    std::string body;
    std::int64_t sent_at_ms = 0;
};

struct history_page {
    std::vector<stored_message> messages; ///< oldest first
    bool has_more = false;
};

class message_store {
public:
    explicit message_store(database& db);

    stored_message add(std::int64_t sender_id, std::int64_t recipient_id, std::string body, std::int64_t now_ms);
    /** The newest `limit` messages between two users with id < before_id (0: no bound). */
    history_page between(std::int64_t a, std::int64_t b, std::int64_t before_id, int limit);
    /** The users `user_id` last exchanged messages with, newest first, and when. */
    std::vector<std::pair<std::int64_t, std::int64_t>> recent_peers(std::int64_t user_id, int limit);

private:
    database& db_;
    statement insert_;
    statement page_;
    statement peers_;
};

} // namespace cvw::server
