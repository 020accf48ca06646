// Meetings: one row each, made by Meet Now or a schedule; found by their link id.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
     * drawing again should one already be taken. A Meet Now: never in anyone's Meetings list.
     */
    meeting_record create(std::int64_t organizer_id, std::string subject, std::int64_t starts_at_ms,
                          std::int64_t ends_at_ms, std::int64_t now_ms);
    /** Makes a scheduled meeting and its invitations at once (all or nothing). */
    meeting_record schedule(std::int64_t organizer_id, std::string subject, std::int64_t starts_at_ms,
                            std::int64_t ends_at_ms, const std::vector<std::int64_t>& invitees, std::int64_t now_ms);
    /** The scheduled meetings not over at `now_ms` that the user organizes or is invited to and did not decline. */
    std::vector<meeting_record> upcoming_for(std::int64_t user_id, std::int64_t now_ms, std::size_t limit);
    std::optional<meeting_record> find(const std::string& id);
    /** The meeting a caller on the bridge keyed the conference ID of (unique, indexed). */
    std::optional<meeting_record> find_by_conference_id(const std::string& conference_id);

    /** Invites `user_id` (again: a new invitation replaces an answered one). */
    void invite(const std::string& meeting_id, std::int64_t user_id, std::int64_t invited_by, std::int64_t now_ms);
    /** Whether `user_id` was ever invited to the meeting, whatever they answered. */
    bool is_invited(const std::string& meeting_id, std::int64_t user_id);
    /** Records "joined" or "declined" for an open invitation; false when there was none open. */
    bool answer(const std::string& meeting_id, std::int64_t user_id, const std::string& answer);

private:
    std::optional<meeting_record> find_where(const char* column, const std::string& value);
    meeting_record insert(std::int64_t organizer_id, std::string subject, std::int64_t starts_at_ms,
                          std::int64_t ends_at_ms, std::int64_t now_ms, bool scheduled);

    database& db_;
};

} // namespace cvw::server
