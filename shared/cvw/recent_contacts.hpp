// Which colleagues the sidebar lists as recent: the people last written to, heard from or called,
// however many times, newest first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cvw {

/** One exchange with a colleague: a message either way or a call either way. */
struct contact_touch {
    std::int64_t user_id = 0;
    std::int64_t at_ms = 0;
};

/**
 * Each colleague once, by their latest exchange, newest first, at most `limit`; never `self` (a
 * call to one's own number) nor id 0 (no one the directory knows). Ties keep the given order.
 */
std::vector<std::int64_t> most_recent_contacts(std::vector<contact_touch> touches, std::int64_t self,
                                               std::size_t limit);

} // namespace cvw
