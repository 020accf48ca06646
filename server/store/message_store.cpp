// SQL for IM history.
#include "store/message_store.hpp"

#include "store/history_paging.hpp"

#include <algorithm>

namespace cvw::server {

message_store::message_store(database& db)
    : db_(db), insert_(db.prepare("INSERT INTO messages (sender_id, recipient_id, body, sent_at, pair_low, pair_high)"
                                  " VALUES (?, ?, ?, ?, ?, ?)")),
      page_(db.prepare("SELECT id, sender_id, recipient_id, body, sent_at FROM messages"
                       " WHERE pair_low = ? AND pair_high = ? AND id < ? ORDER BY id DESC LIMIT ?")),
      // Only the newest 1,000 messages each way are looked at: enough for any sidebar, and bounded
      // for someone with years of history (migration 13 indexes both columns).
      peers_(db.prepare("SELECT peer, MAX(sent_at) AS last FROM ("
                        " SELECT * FROM (SELECT recipient_id AS peer, sent_at FROM messages WHERE sender_id = ?1"
                        "  ORDER BY id DESC LIMIT 1000)"
                        " UNION ALL"
                        " SELECT * FROM (SELECT sender_id AS peer, sent_at FROM messages WHERE recipient_id = ?1"
                        "  ORDER BY id DESC LIMIT 1000))"
                        " WHERE peer <> ?1 GROUP BY peer ORDER BY last DESC LIMIT ?2")) {}

stored_message message_store::add(std::int64_t sender_id, std::int64_t recipient_id, std::string body,
                                  std::int64_t now_ms) {
    insert_.bind(1, sender_id)
        .bind(2, recipient_id)
        .bind(3, body)
        .bind(4, now_ms)
        .bind(5, std::min(sender_id, recipient_id))
        .bind(6, std::max(sender_id, recipient_id))
        .run();
    return {.id = db_.last_insert_id(),
            .sender_id = sender_id,
            .recipient_id = recipient_id,
            .body = std::move(body),
            .sent_at_ms = now_ms};
}

history_page message_store::between(std::int64_t a, std::int64_t b, std::int64_t before_id, int limit) {
    page_.bind(1, std::min(a, b))
        .bind(2, std::max(a, b))
        .bind(3, before_id > 0 ? before_id : INT64_MAX)
        .bind(4, std::int64_t{limit} + 1);
    history_page page;
    while (page_.step())
        page.messages.push_back(
            {page_.integer(0), page_.integer(1), page_.integer(2), page_.text(3), page_.integer(4)});
    page.has_more = finish_history_page(page.messages, limit);
    return page;
}

std::vector<std::pair<std::int64_t, std::int64_t>> message_store::recent_peers(std::int64_t user_id, int limit) {
    peers_.bind(1, user_id).bind(2, std::int64_t{limit});
    std::vector<std::pair<std::int64_t, std::int64_t>> out;
    while (peers_.step()) out.emplace_back(peers_.integer(0), peers_.integer(1));
    return out;
}

} // namespace cvw::server
