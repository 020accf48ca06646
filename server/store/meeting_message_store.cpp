// SQL for meetings' conversations.
#include "store/meeting_message_store.hpp"

#include "store/history_paging.hpp"

#include <cstdint>

namespace cvw::server {

meeting_message_store::meeting_message_store(database& db)
    : db_(db), insert_(db.prepare("INSERT INTO meeting_messages (meeting_id, sender_id, body, sent_at)"
                                  " VALUES (?, ?, ?, ?)")),
      page_(db.prepare("SELECT id, IFNULL(sender_id, 0), body, sent_at FROM meeting_messages"
                       " WHERE meeting_id = ? AND id < ? ORDER BY id DESC LIMIT ?")) {}

stored_meeting_message meeting_message_store::add(const std::string& meeting_id, std::int64_t sender_id,
                                                  std::string body, std::int64_t now_ms) {
    insert_.bind(1, meeting_id).bind(2, sender_id).bind(3, body).bind(4, now_ms).run();
    return {.id = db_.last_insert_id(), .sender_id = sender_id, .body = std::move(body), .sent_at_ms = now_ms};
}

meeting_messages_page meeting_message_store::page(const std::string& meeting_id, std::int64_t before_id, int limit) {
    page_.bind(1, meeting_id).bind(2, before_id > 0 ? before_id : INT64_MAX).bind(3, std::int64_t{limit} + 1);
    meeting_messages_page out;
    while (page_.step()) out.messages.push_back({page_.integer(0), page_.integer(1), page_.text(2), page_.integer(3)});
    out.has_more = finish_history_page(out.messages, limit);
    return out;
}

} // namespace cvw::server
