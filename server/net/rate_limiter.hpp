// A token bucket: `rate` tokens per second up to `burst`; time is passed in so tests need no sleeps.
#pragma once

#include <algorithm>
#include <chrono>

namespace cvw::server {

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;

    rate_limiter(double rate_per_second, double burst, clock::time_point now = clock::now())
        : rate_(rate_per_second), burst_(burst), tokens_(burst), last_(now) {}

    /** Takes one token if there is one. */
    bool allow(clock::time_point now = clock::now()) {
        const std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + elapsed.count() * rate_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

    /** Seconds until the next token, as of the last allow(); 0 when one is there. */
    double seconds_until_allowed() const { return tokens_ >= 1.0 ? 0.0 : (1.0 - tokens_) / rate_; }

private:
    double rate_;
    double burst_;
    double tokens_;
    clock::time_point last_;
};

} // namespace cvw::server
