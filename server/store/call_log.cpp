// SQL for call history.
#include "store/call_log.hpp"

namespace cvw::server {

std::int64_t call_log::add(const call_record& c) {
    auto insert = db_.prepare("INSERT INTO calls (user_id, direction, peer_name, number, started_at, answered_at,"
                              " ended_at, outcome, via, meeting_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (c.user_id == 0) insert.bind_null(1);
    else insert.bind(1, c.user_id);
    insert.bind(2, c.direction)
        .bind(3, c.peer_name)
        .bind(4, c.number)
        .bind(5, c.started_at_ms)
        .bind(6, c.answered_at_ms)
        .bind(7, c.ended_at_ms)
        .bind(8, c.outcome)
        .bind(9, c.via)
        .bind(10, c.meeting_id)
        .run();
    return db_.last_insert_id();
}

namespace {

constexpr const char* columns =
    "SELECT id, user_id, direction, peer_name, number, started_at, answered_at, ended_at, outcome, via, meeting_id"
    " FROM calls ";

std::vector<call_record> read_calls(statement& s) {
    std::vector<call_record> out;
    while (s.step())
        out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), s.integer(5), s.integer(6),
                       s.integer(7), s.text(8), s.text(9), s.text(10)}); // a NULL user_id reads as 0
    return out;
}

const char* condition(call_log::filter which) {
    switch (which) {
    case call_log::filter::all: return "";
    case call_log::filter::missed: return " AND direction = 'incoming' AND outcome = 'missed'";
    case call_log::filter::incoming: return " AND direction = 'incoming'";
    case call_log::filter::outgoing: return " AND direction = 'outgoing'";
    }
    return "";
}

} // namespace

std::vector<call_record> call_log::recent(std::int64_t user_id, int limit, filter which, std::int64_t before_id) {
    // The next page starts after the given call in the listing's own order (start time, then id);
    // a call that is not the user's bounds nothing and gives an empty page.
    const std::string after_call =
        before_id > 0 ? " AND (started_at, id) < (SELECT started_at, id FROM calls WHERE id = ?3 AND user_id = ?1)"
                      : "";
    auto s = db_.prepare(std::string(columns) + "WHERE user_id = ?1" + condition(which) + after_call +
                         " ORDER BY started_at DESC, id DESC LIMIT ?2");
    s.bind(1, user_id).bind(2, std::int64_t{limit});
    if (before_id > 0) s.bind(3, before_id);
    return read_calls(s);
}

std::vector<call_record> call_log::between(std::int64_t from_ms, std::int64_t to_ms) {
    auto s = db_.prepare(std::string(columns) + "WHERE started_at >= ? AND started_at < ? ORDER BY started_at, id");
    s.bind(1, from_ms).bind(2, to_ms);
    return read_calls(s);
}

} // namespace cvw::server
