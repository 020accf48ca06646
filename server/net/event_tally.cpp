// Per-interval summaries of repeated conditions.
#include "net/event_tally.hpp"

#include <algorithm>

namespace cvw::server {

bool event_tally::add(const std::string& what) {
    const bool first = counts_.empty();
    auto it = std::find_if(counts_.begin(), counts_.end(), [&](const auto& c) { return c.first == what; });
    if (it == counts_.end()) counts_.emplace_back(what, 1);
    else ++it->second;
    return first;
}

std::string event_tally::take() {
    std::string out;
    for (const auto& [what, n] : counts_) {
        if (!out.empty()) out += "; ";
        out += what + " (" + std::to_string(n) + (n == 1 ? " time)" : " times)");
    }
    counts_.clear();
    return out;
}

} // namespace cvw::server
