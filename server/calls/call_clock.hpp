// Time for calls: the wall clock they report and the timers they arm. The real one runs on the
// call manager's strand (asio_call_clock); the driver tests use a manual one they advance.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

namespace cvw::server::calls {

class call_clock {
public:
    using timer_id = std::uint64_t;
    virtual ~call_clock() = default;

    /** Milliseconds since the Unix epoch, as calls report and log them. */
    virtual std::int64_t now_ms() const = 0;
    /** Runs `fire` once after `delay`, on the calls' strand, unless cancelled first. */
    virtual timer_id arm(std::chrono::milliseconds delay, std::function<void()> fire) = 0;
    /** Forgets a timer; a cancelled or fired timer is ignored. */
    virtual void cancel(timer_id id) = 0;
};

} // namespace cvw::server::calls
