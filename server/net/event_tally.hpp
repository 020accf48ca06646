// Counts repeated conditions so the log reports them once per interval instead of once per event.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace cvw::server {

/** Not thread-safe: one owner (the listener's strand) adds and takes. */
class event_tally {
public:
    /** Counts one occurrence of `what`; true when it is the first since the last take(). */
    bool add(const std::string& what);
    /** "what (N times); other (M times)" for everything counted since the last take(), then starts over. */
    std::string take();

private:
    std::vector<std::pair<std::string, std::size_t>> counts_; ///< in order of first occurrence; a few kinds
};

} // namespace cvw::server
