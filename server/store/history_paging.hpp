// Paging backwards through a history (IM, a meeting's chat): the query asks, newest first, for one
// row more than a page; that extra row only says there is more, and a page reads oldest first.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace cvw::server {

/** Turns the query's rows (newest first, up to `limit` + 1) into a page; whether older rows remain. */
template <class Row> bool finish_history_page(std::vector<Row>& rows, int limit) {
    const bool more = rows.size() > static_cast<std::size_t>(limit);
    if (more) rows.pop_back();
    std::reverse(rows.begin(), rows.end());
    return more;
}

} // namespace cvw::server
