#include "calls/asio_call_clock.hpp"

#include "app/clock.hpp"

namespace cvw::server::calls {

asio_call_clock::~asio_call_clock() {
    for (auto& [id, timer] : *timers_) timer->cancel();
}

std::int64_t asio_call_clock::now_ms() const { return server::now_ms(); }

call_clock::timer_id asio_call_clock::arm(std::chrono::milliseconds delay, std::function<void()> fire) {
    const auto id = next_++;
    auto timer = std::make_shared<boost::asio::steady_timer>(executor_, delay);
    timers_->emplace(id, timer);
    // Only a timer still in the map fires: one cancelled after it expired, but before this ran, is
    // gone from it. The entry goes before `fire` runs, so a timer may arm the next one from it.
    timer->async_wait([weak = std::weak_ptr(timers_), id, fire = std::move(fire)](boost::system::error_code ec) {
        auto timers = weak.lock();
        if (ec || !timers || !timers->erase(id)) return;
        fire();
    });
    return id;
}

void asio_call_clock::cancel(timer_id id) {
    auto it = timers_->find(id);
    if (it == timers_->end()) return;
    it->second->cancel();
    timers_->erase(it);
}

} // namespace cvw::server::calls
