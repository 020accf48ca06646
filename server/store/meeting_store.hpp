// Meetings: one row each, made by Meet Now or a schedule; found by their link id.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace cvw::server {

struct meeting_record {
    std::string id;            ///< the link's id, "m-" and 16 hex digits
    std::uint64_t room = 0;    ///< the mixer's room number
    std::string conference_id; ///< 9 digits, keyed on a phone to dial in
    std::string pin;           ///< 6 digits
    std::int64_t organizer_id = 0;
    std::string subject;
    std::int64_t starts_at_ms = 0;
    std::int64_t ends_at_ms = 0;
    std::int64_t created_at_ms = 0;
};

class meeting_store {
public:
    explicit meeting_store(database& db) : db_(db) {}

    /**
     * Makes a meeting with fresh random ids (the link, the room, the conference id and the PIN),
     * drawing again should one already be taken.
     */
    meeting_record create(std::int64_t organizer_id, std::string subject, std::int64_t starts_at_ms,
                          std::int64_t ends_at_ms, std::int64_t now_ms);
    std::optional<meeting_record> find(const std::string& id);

    /** Invites `user_id` (again: a new invitation replaces an answered one). */
    void invite(const std::string& meeting_id, std::int64_t user_id, std::int64_t invited_by, std::int64_t now_ms);
    /** Whether `user_id` was ever invited to the meeting, whatever they answered. */
    bool is_invited(const std::string& meeting_id, std::int64_t user_id);
    /** Records "joined" or "declined" for an open invitation; false when there was none open. */
    bool answer(const std::string& meeting_id, std::int64_t user_id, const std::string& answer);

private:
    database& db_;
};

} // namespace cvw::server
