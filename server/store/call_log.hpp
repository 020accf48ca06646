// Call history: one row per call, written when it ends; each way into a meeting is a call.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cvw::server {

struct call_record {
    std::int64_t id = 0;
    std::int64_t user_id = 0; ///< 0: an outside number's way into a meeting (stored as NULL)
    std::string direction = "outgoing";
    std::string peer_name;
    std::string number;
    std::int64_t started_at_ms = 0;
    std::int64_t answered_at_ms = 0; ///< 0 when never connected
    std::int64_t ended_at_ms = 0;
    std::string outcome;     ///< the end reason, e.g. hung_up_by_user, callee_busy
    std::string via = "cvw"; ///< "phone": seen only through the desk phone's dialog subscription
    std::string meeting_id;  ///< a way into a meeting: which (direction meeting or meeting_dial_in)
};

class call_log {
public:
    explicit call_log(database& db) : db_(db) {}

    std::int64_t add(const call_record& c);
    /** Which calls a listing shows. */
    enum class filter { all, missed, incoming, outgoing };

    /** The user's newest calls first: `limit` of them, older than the call `before_id` when it is set. */
    std::vector<call_record> recent(std::int64_t user_id, int limit, filter which = filter::all,
                                    std::int64_t before_id = 0);
    /** Everyone's calls that started in [from_ms, to_ms), oldest first (admin export). */
    std::vector<call_record> between(std::int64_t from_ms, std::int64_t to_ms);

private:
    database& db_;
};

} // namespace cvw::server
