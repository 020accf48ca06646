#include "cvw/phone/dialog_subscription.hpp"

#include <algorithm>

namespace cvw::phone {

using kind = dialog_subscription::command::kind;

void dialog_subscription::start() {
    if (state_ != state::idle && state_ != state::stopped) return;
    failures_ = 0;
    state_ = state::subscribing;
    commands_.push_back({kind::subscribe});
}

void dialog_subscription::accepted() {
    if (state_ != state::subscribing && state_ != state::active) return;
    state_ = state::active;
    failures_ = 0;
}

void dialog_subscription::ended(std::optional<int> retry_after_seconds, bool deactivated) {
    if (state_ != state::subscribing && state_ != state::active) return;
    const bool was_active = state_ == state::active;
    ++failures_;
    // A subscription that was working and is merely deactivated is re-made at once, but only the
    // first time in a row: a PBX that keeps doing it gets the back-off like any other refusal.
    if (deactivated && was_active && failures_ == 1 && !retry_after_seconds) {
        state_ = state::subscribing;
        commands_.push_back({kind::subscribe});
        return;
    }
    int delay = policy_.first_retry_seconds;
    for (int i = 1; i < failures_ && delay < policy_.max_retry_seconds; ++i) delay *= 2;
    delay = std::min(delay, policy_.max_retry_seconds);
    if (retry_after_seconds) delay = std::clamp(*retry_after_seconds, delay, std::max(delay, 3600));
    retry_after(delay);
}

void dialog_subscription::retry_after(int seconds) {
    state_ = state::waiting_to_retry;
    commands_.push_back({kind::retry_later, seconds});
}

void dialog_subscription::retry_due() {
    if (state_ != state::waiting_to_retry) return;
    state_ = state::subscribing;
    commands_.push_back({kind::subscribe});
}

void dialog_subscription::stop() {
    if (state_ == state::subscribing || state_ == state::active) commands_.push_back({kind::unsubscribe});
    state_ = state::stopped;
}

std::vector<dialog_subscription::command> dialog_subscription::take_commands() {
    std::vector<command> out;
    out.swap(commands_);
    return out;
}

} // namespace cvw::phone
