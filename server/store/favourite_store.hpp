// Each user's favourite colleagues: the people the sidebar and the widget list before any search.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <vector>

namespace cvw::server {

class favourite_store {
public:
    explicit favourite_store(database& db) : db_(db) {}

    enum class add_result { added, already_there, full };
    /** Appends `favourite_id` to the user's list unless it is there or the list holds `most`. */
    add_result add(std::int64_t user_id, std::int64_t favourite_id, std::int64_t now_ms, int most);
    /** False when it was not in the list. */
    bool remove(std::int64_t user_id, std::int64_t favourite_id);
    /** The user's favourites' ids, the oldest first. */
    std::vector<std::int64_t> of(std::int64_t user_id);

private:
    database& db_;
};

} // namespace cvw::server
