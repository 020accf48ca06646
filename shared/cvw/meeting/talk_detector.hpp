// Whether a phone in a meeting is talking, judged from the loudness of each frame it sends: talking
// starts after a short run of loud frames (a cough or a click is not talk) and ends only after a
// pause longer than those between words, so the roster does not flicker. Pure: frames and time
// come in as milliseconds.
#pragma once

#include <cstdint>
#include <span>

namespace cvw::meeting {

struct talk_settings {
    double loud_dbov = -40;      ///< a frame at least this loud counts as speech (-40 dBov is a quiet voice)
    std::int64_t onset_ms = 100; ///< loud frames back to back for this long start talking
    std::int64_t pause_ms = 700; ///< no loud frame for this long ends it
};

/** A frame's loudness: its mean power against a full-scale square wave, in dBov; -127 for digital silence. */
double level_dbov(std::span<const std::int16_t> samples);

class talk_detector {
public:
    explicit talk_detector(talk_settings s = {}) : settings_(s) {}

    /** A frame `duration_ms` long, heard at `now_ms`. Whether talking() changed. */
    bool frame(std::int64_t now_ms, double level, std::int64_t duration_ms);
    /** Time passing with no frames (the phone stopped sending). Whether talking() changed. */
    bool tick(std::int64_t now_ms);

    bool talking() const { return talking_; }

private:
    talk_settings settings_;
    bool talking_ = false;
    std::int64_t loud_run_ms_ = 0;    ///< loud audio back to back so far
    std::int64_t last_loud_ms_ = 0;   ///< when the last loud frame was heard
    std::int64_t last_frame_ms_ = -1; ///< when the last frame was heard; -1 before the first
};

} // namespace cvw::meeting
