#include "cvw/call/call_admission.hpp"

#include <utility>

namespace cvw::call {

call_admission::call_admission(call_rate_limits limits, std::int64_t now_ms) : caps_(limits, now_ms) {}

admission_decision call_admission::try_place(std::int64_t user_id, std::string_view call_id, std::int64_t now_ms) {
    if (stopping_) return {.refused = admission_refusal::shutting_down, .cap = {}};
    // Checked before the caps, so a refused second call uses up none of the user's allowance.
    if (call_of_user_.count(user_id)) return {.refused = admission_refusal::call_in_progress, .cap = {}};
    auto cap = caps_.try_place(user_id, now_ms);
    if (!cap.allowed()) return {.refused = admission_refusal::over_cap, .cap = cap};
    call_of_user_.emplace(user_id, call_id);
    return {.refused = std::nullopt, .cap = cap};
}

admission_decision call_admission::try_place_on_behalf(std::int64_t user_id, std::int64_t now_ms) {
    if (stopping_) return {.refused = admission_refusal::shutting_down, .cap = {}};
    auto cap = caps_.try_place(user_id, now_ms);
    if (!cap.allowed()) return {.refused = admission_refusal::over_cap, .cap = cap};
    return {.refused = std::nullopt, .cap = cap};
}

bool call_admission::carry_over(std::int64_t user_id, std::string_view from, std::string to) {
    auto it = call_of_user_.find(user_id);
    if (it == call_of_user_.end() || it->second != from) return false;
    it->second = std::move(to);
    return true;
}

void call_admission::call_ended(std::int64_t user_id, std::string_view call_id) {
    auto it = call_of_user_.find(user_id);
    if (it != call_of_user_.end() && it->second == call_id) call_of_user_.erase(it);
}

} // namespace cvw::call
