// A meeting's own conversation, kept across restarts like IM history.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cvw::server {

struct stored_meeting_message {
    std::int64_t id = 0;
    std::int64_t sender_id = 0; ///< 0 once the sender was deleted
    std::string body;
    std::int64_t sent_at_ms = 0;
};

struct meeting_messages_page {
    std::vector<stored_meeting_message> messages; ///< oldest first
    bool has_more = false;
};

class meeting_message_store {
public:
    explicit meeting_message_store(database& db);

    stored_meeting_message add(const std::string& meeting_id, std::int64_t sender_id, std::string body,
                               std::int64_t now_ms);
    /** The newest `limit` messages of the meeting with id < before_id (0: no bound). */
    meeting_messages_page page(const std::string& meeting_id, std::int64_t before_id, int limit);

private:
    database& db_;
    statement insert_;
    statement page_;
};

} // namespace cvw::server
