// Talk detection from frame loudness, with an onset and a pause.
#include "cvw/meeting/talk_detector.hpp"

#include <algorithm>
#include <cmath>

namespace cvw::meeting {

double level_dbov(std::span<const std::int16_t> samples) {
    constexpr double silence = -127;
    if (samples.empty()) return silence;
    double power = 0;
    for (const auto s : samples) power += static_cast<double>(s) * s;
    power /= static_cast<double>(samples.size());
    if (power <= 0) return silence;
    constexpr double full_scale = 32768.0 * 32768.0;
    return std::max(silence, 10 * std::log10(power / full_scale));
}

bool talk_detector::frame(std::int64_t now_ms, double level, std::int64_t duration_ms) {
    const bool was = talking_;
    // A frame that comes long after the last one does not continue its run.
    const bool continues = last_frame_ms_ >= 0 && now_ms - last_frame_ms_ <= 2 * duration_ms;
    last_frame_ms_ = now_ms;
    if (level >= settings_.loud_dbov) {
        loud_run_ms_ = (continues ? loud_run_ms_ : 0) + duration_ms;
        last_loud_ms_ = now_ms;
        if (loud_run_ms_ >= settings_.onset_ms) talking_ = true;
    } else {
        loud_run_ms_ = 0;
    }
    tick(now_ms);
    return talking_ != was;
}

bool talk_detector::tick(std::int64_t now_ms) {
    if (!talking_ || now_ms - last_loud_ms_ < settings_.pause_ms) return false;
    talking_ = false;
    loud_run_ms_ = 0;
    return true;
}

} // namespace cvw::meeting
