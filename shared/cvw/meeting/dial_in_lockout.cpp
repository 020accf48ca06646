#include "cvw/meeting/dial_in_lockout.hpp"

#include <algorithm>

namespace cvw::meeting {

bool dial_in_lockout::locked(std::string_view number, std::int64_t now_ms) const {
    const auto it = by_number_.find(number);
    return it != by_number_.end() && now_ms < it->second.locked_until_ms;
}

bool dial_in_lockout::failed(std::string_view number, std::int64_t now_ms) {
    if (by_number_.size() >= limits_.numbers_kept && by_number_.find(number) == by_number_.end()) forget_stale(now_ms);
    auto& r = by_number_[std::string(number)];
    auto& f = r.failures;
    f.erase(f.begin(),
            std::find_if(f.begin(), f.end(), [&](std::int64_t at) { return now_ms - at < limits_.window_ms; }));
    f.push_back(now_ms);
    if (static_cast<int>(f.size()) < limits_.failures) return false;
    f.clear(); // the lock is the penalty; after it the count starts over
    r.locked_until_ms = now_ms + limits_.lock_ms;
    return true;
}

void dial_in_lockout::admitted(std::string_view number) {
    const auto it = by_number_.find(number);
    if (it != by_number_.end() && it->second.locked_until_ms == 0) by_number_.erase(it);
}

void dial_in_lockout::forget_stale(std::int64_t now_ms) {
    std::erase_if(by_number_, [&](const auto& entry) {
        const auto& r = entry.second;
        return now_ms >= r.locked_until_ms && (r.failures.empty() || now_ms - r.failures.back() >= limits_.window_ms);
    });
}

} // namespace cvw::meeting
