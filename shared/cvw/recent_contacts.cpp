#include "cvw/recent_contacts.hpp"

#include <algorithm>
#include <unordered_set>

namespace cvw {

std::vector<std::int64_t> most_recent_contacts(std::vector<contact_touch> touches, std::int64_t self,
                                               std::size_t limit) {
    std::stable_sort(touches.begin(), touches.end(),
                     [](const contact_touch& a, const contact_touch& b) { return a.at_ms > b.at_ms; });
    std::vector<std::int64_t> out;
    std::unordered_set<std::int64_t> seen;
    for (const auto& t : touches) {
        if (out.size() == limit) break;
        if (t.user_id != 0 && t.user_id != self && seen.insert(t.user_id).second) out.push_back(t.user_id);
    }
    return out;
}

} // namespace cvw
