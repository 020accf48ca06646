// SQL for meetings.
#include "store/meeting_store.hpp"

#include "random_hex.hpp"

#include <sodium.h>

namespace cvw::server {

namespace {

/** `n` random decimal digits, the first not 0 (so it keys the same on any phone). */
std::string digits(int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += static_cast<char>('0' + (i == 0 ? 1 + randombytes_uniform(9) : randombytes_uniform(10)));
    return out;
}

} // namespace

meeting_record meeting_store::create(std::int64_t organizer_id, std::string subject, std::int64_t starts_at_ms,
                                     std::int64_t ends_at_ms, std::int64_t now_ms) {
    return insert(organizer_id, std::move(subject), starts_at_ms, ends_at_ms, now_ms, false);
}

meeting_record meeting_store::schedule(std::int64_t organizer_id, std::string subject, std::int64_t starts_at_ms,
                                       std::int64_t ends_at_ms, const std::vector<std::int64_t>& invitees,
                                       std::int64_t now_ms) {
    return db_.transaction([&] {
        auto m = insert(organizer_id, std::move(subject), starts_at_ms, ends_at_ms, now_ms, true);
        for (const auto user_id : invitees) invite(m.id, user_id, organizer_id, now_ms);
        return m;
    });
}

meeting_record meeting_store::insert(std::int64_t organizer_id, std::string subject, std::int64_t starts_at_ms,
                                     std::int64_t ends_at_ms, std::int64_t now_ms, bool scheduled) {
    meeting_record m{.id = {},
                     .room = 0,
                     .conference_id = {},
                     .pin = {},
                     .organizer_id = organizer_id,
                     .subject = std::move(subject),
                     .starts_at_ms = starts_at_ms,
                     .ends_at_ms = ends_at_ms,
                     .created_at_ms = now_ms};
    // 64-bit link ids, 52-bit rooms (Janus keeps them as JSON numbers) and 9-digit conference ids
    // rarely collide; a collision just draws again.
    for (int attempt = 0; attempt < 16; ++attempt) {
        m.id = "m-" + random_hex(8);
        std::uint64_t room = 0;
        randombytes_buf(&room, sizeof room);
        m.room = (room >> 12) | 1;
        m.conference_id = digits(9);
        m.pin = digits(6);
        db_.prepare("INSERT OR IGNORE INTO meetings (id, room, conference_id, pin, organizer_id, subject, starts_at,"
                    " ends_at, created_at, scheduled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, m.id)
            .bind(2, static_cast<std::int64_t>(m.room))
            .bind(3, m.conference_id)
            .bind(4, m.pin)
            .bind(5, m.organizer_id)
            .bind(6, m.subject)
            .bind(7, m.starts_at_ms)
            .bind(8, m.ends_at_ms)
            .bind(9, m.created_at_ms)
            .bind(10, std::int64_t{scheduled ? 1 : 0})
            .run();
        if (db_.changes() == 1) return m;
    }
    throw database_error("could not find free meeting ids");
}

namespace {

constexpr const char* meeting_columns =
    "m.id, m.room, m.conference_id, m.pin, m.organizer_id, m.subject, m.starts_at, m.ends_at, m.created_at";

meeting_record meeting_of(statement& s) {
    return {.id = s.text(0),
            .room = static_cast<std::uint64_t>(s.integer(1)),
            .conference_id = s.text(2),
            .pin = s.text(3),
            .organizer_id = s.integer(4),
            .subject = s.text(5),
            .starts_at_ms = s.integer(6),
            .ends_at_ms = s.integer(7),
            .created_at_ms = s.integer(8)};
}

} // namespace

std::optional<meeting_record> meeting_store::find(const std::string& id) { return find_where("m.id", id); }

std::optional<meeting_record> meeting_store::find_by_conference_id(const std::string& conference_id) {
    return find_where("m.conference_id", conference_id);
}

std::optional<meeting_record> meeting_store::find_where(const char* column, const std::string& value) {
    auto s = db_.prepare(std::string("SELECT ") + meeting_columns + " FROM meetings m WHERE " + column + " = ?");
    s.bind(1, value);
    if (!s.step()) return std::nullopt;
    auto m = meeting_of(s);
    s.reset();
    return m;
}

std::vector<meeting_record> meeting_store::upcoming_for(std::int64_t user_id, std::int64_t now_ms, std::size_t limit) {
    auto s = db_.prepare(std::string("SELECT ") + meeting_columns +
                         " FROM meetings m WHERE m.scheduled = 1 AND m.ends_at > ?1 AND (m.organizer_id = ?2"
                         " OR EXISTS (SELECT 1 FROM meeting_invitations i WHERE i.meeting_id = m.id"
                         " AND i.user_id = ?2 AND i.answer != 'declined'))"
                         " ORDER BY m.starts_at, m.created_at LIMIT ?3");
    s.bind(1, now_ms).bind(2, user_id).bind(3, static_cast<std::int64_t>(limit));
    std::vector<meeting_record> out;
    while (s.step()) out.push_back(meeting_of(s));
    s.reset();
    return out;
}

void meeting_store::invite(const std::string& meeting_id, std::int64_t user_id, std::int64_t invited_by,
                           std::int64_t now_ms) {
    db_.prepare("INSERT INTO meeting_invitations (meeting_id, user_id, invited_by, invited_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (meeting_id, user_id) DO UPDATE SET invited_by = excluded.invited_by,"
                " invited_at = excluded.invited_at, answer = ''")
        .bind(1, meeting_id)
        .bind(2, user_id)
        .bind(3, invited_by)
        .bind(4, now_ms)
        .run();
}

bool meeting_store::is_invited(const std::string& meeting_id, std::int64_t user_id) {
    auto s = db_.prepare("SELECT 1 FROM meeting_invitations WHERE meeting_id = ? AND user_id = ?");
    s.bind(1, meeting_id).bind(2, user_id);
    const bool found = s.step();
    s.reset();
    return found;
}

bool meeting_store::answer(const std::string& meeting_id, std::int64_t user_id, const std::string& answer) {
    db_.prepare("UPDATE meeting_invitations SET answer = ? WHERE meeting_id = ? AND user_id = ? AND answer = ''")
        .bind(1, answer)
        .bind(2, meeting_id)
        .bind(3, user_id)
        .run();
    return db_.changes() == 1;
}

} // namespace cvw::server
