// The real call clock: the system clock, and steady timers on the calls' strand.
#pragma once

#include "calls/call_clock.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <memory>
#include <unordered_map>

namespace cvw::server::calls {

/** Used on the calls' strand only, like the calls themselves. */
class asio_call_clock final : public call_clock {
public:
    explicit asio_call_clock(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}
    ~asio_call_clock() override;

    std::int64_t now_ms() const override;
    timer_id arm(std::chrono::milliseconds delay, std::function<void()> fire) override;
    void cancel(timer_id id) override;

private:
    using timer_map = std::unordered_map<timer_id, std::shared_ptr<boost::asio::steady_timer>>;
    boost::asio::any_io_executor executor_;
    /** Shared with each wait, so a wait that completes after the clock is gone finds nothing. */
    std::shared_ptr<timer_map> timers_ = std::make_shared<timer_map>();
    timer_id next_ = 1;
};

} // namespace cvw::server::calls
