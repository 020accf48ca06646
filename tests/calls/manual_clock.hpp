// A call clock the test moves by hand: timers fire only inside advance(), in deadline order.
#pragma once

#include "calls/call_clock.hpp"

#include <map>
#include <utility>

namespace cvw::test {

class manual_clock final : public server::calls::call_clock {
public:
    explicit manual_clock(std::int64_t start_ms = 1'796'000'000'000) : now_(start_ms) {}

    std::int64_t now_ms() const override { return now_; }
    timer_id arm(std::chrono::milliseconds delay, std::function<void()> fire) override {
        const auto id = next_++;
        timers_.emplace(std::pair{now_ + delay.count(), id}, std::move(fire));
        return id;
    }
    void cancel(timer_id id) override {
        for (auto it = timers_.begin(); it != timers_.end(); ++it)
            if (it->first.second == id) {
                timers_.erase(it);
                return;
            }
    }

    /** Moves time on by `ms`, firing each timer that falls due on the way (later ones it arms too). */
    void advance(std::int64_t ms) {
        const auto until = now_ + ms;
        while (!timers_.empty() && timers_.begin()->first.first <= until) {
            auto it = timers_.begin();
            now_ = it->first.first;
            auto fire = std::move(it->second);
            timers_.erase(it);
            fire();
        }
        now_ = until;
    }
    /**
     * Forgets every pending timer unfired. What a timer holds (a call) may go with it and cancel its
     * other timers from its destructor, so the map is emptied before anything in it is destroyed.
     */
    void drop_timers() {
        auto doomed = std::move(timers_);
        timers_.clear();
    }
    /** Timers armed and not yet fired or cancelled. */
    std::size_t pending() const { return timers_.size(); }

private:
    std::int64_t now_;
    timer_id next_ = 1;
    std::map<std::pair<std::int64_t, timer_id>, std::function<void()>> timers_;
};

} // namespace cvw::test
