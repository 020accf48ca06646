// Growing per-account delays after failed sign-ins.
#include "app/login_throttle.hpp"

#include <algorithm>

namespace cvw::server {

std::int64_t login_throttle::delay_after(int failures) const {
    const int beyond = failures - settings_.free_failures; // >= 1 here
    std::int64_t delay = settings_.first_delay_ms;
    for (int i = 1; i < beyond && delay < settings_.max_delay_ms; ++i) delay *= 2;
    return std::min(delay, settings_.max_delay_ms);
}

std::int64_t login_throttle::attempt(const std::string& account, std::int64_t now_ms) {
    auto& a = accounts_.touch(account, [] { return account_state{}; });
    if (a.failures > 0 && now_ms - a.last_attempt_ms >= settings_.forget_after_ms) a = account_state{};
    if (now_ms < a.wait_until_ms) return a.wait_until_ms - now_ms;
    ++a.failures;
    a.last_attempt_ms = now_ms;
    if (a.failures > settings_.free_failures) a.wait_until_ms = now_ms + delay_after(a.failures);
    return 0;
}

void login_throttle::succeeded(const std::string& account) { accounts_.erase(account); }

} // namespace cvw::server
