// What tones a stretch of 8 kHz audio holds, window by window: how audio tests judge what a phone heard.
#pragma once

#include <cstdint>
#include <vector>

namespace cvw::test {

/** Which of `frequencies` sound in each `window_ms` slice of 8 kHz audio (silence: none). */
std::vector<std::vector<int>> tones_by_window(const std::vector<std::int16_t>& samples, int window_ms,
                                              const std::vector<int>& frequencies);

} // namespace cvw::test
