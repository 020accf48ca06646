// Talk detection: loudness of a frame, the onset that ignores clicks, and the pause that ends it.
#include "cvw/meeting/talk_detector.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace cvw::meeting {
namespace {

constexpr double loud = -20;
constexpr double quiet = -60;

/** Feeds 20 ms frames of `level` from `from_ms` for `for_ms`; how many times talking() changed. */
int feed(talk_detector& d, std::int64_t from_ms, std::int64_t for_ms, double level) {
    int changes = 0;
    for (std::int64_t t = from_ms; t < from_ms + for_ms; t += 20) changes += d.frame(t, level, 20) ? 1 : 0;
    return changes;
}

TEST(level_dbov, full_scale_square_is_zero_sine_is_three_below_and_silence_is_the_floor) {
    EXPECT_NEAR(level_dbov(std::vector<std::int16_t>(160, -32768)), 0.0, 0.01);
    std::vector<std::int16_t> sine(160);
    for (std::size_t i = 0; i < sine.size(); ++i)
        sine[i] =
            static_cast<std::int16_t>(32767 * std::sin(2 * std::numbers::pi * 1000 * static_cast<double>(i) / 8000));
    EXPECT_NEAR(level_dbov(sine), -3.01, 0.05);
    std::vector<std::int16_t> tenth(sine.size());
    for (std::size_t i = 0; i < sine.size(); ++i) tenth[i] = static_cast<std::int16_t>(sine[i] / 10);
    EXPECT_NEAR(level_dbov(tenth), -23.0, 0.1);
    EXPECT_EQ(level_dbov(std::vector<std::int16_t>(160, 0)), -127);
    EXPECT_EQ(level_dbov({}), -127);
}

TEST(talk_detector, talking_starts_after_the_onset_of_loud_frames) {
    talk_detector d({.loud_dbov = -40, .onset_ms = 100, .pause_ms = 700});
    EXPECT_FALSE(d.frame(0, loud, 20));
    EXPECT_FALSE(d.frame(20, loud, 20));
    EXPECT_FALSE(d.frame(40, loud, 20));
    EXPECT_FALSE(d.frame(60, loud, 20));
    EXPECT_TRUE(d.frame(80, loud, 20)); // 100 ms of loud audio
    EXPECT_TRUE(d.talking());
    EXPECT_FALSE(d.frame(100, loud, 20)); // no change, no news
}

TEST(talk_detector, a_click_or_quiet_line_noise_is_not_talk) {
    talk_detector d;
    EXPECT_EQ(feed(d, 0, 60, loud), 0); // 60 ms click
    EXPECT_EQ(feed(d, 60, 2000, quiet), 0);
    EXPECT_EQ(feed(d, 2060, 60, loud), 0);
    EXPECT_FALSE(d.talking());
    // Loud frames far apart (packets lost in between) do not add up to an onset either.
    talk_detector gaps;
    for (std::int64_t t = 0; t < 1000; t += 100) EXPECT_FALSE(gaps.frame(t, loud, 20));
}

TEST(talk_detector, pauses_between_words_keep_it_and_a_longer_pause_ends_it) {
    talk_detector d({.loud_dbov = -40, .onset_ms = 100, .pause_ms = 700});
    EXPECT_EQ(feed(d, 0, 200, loud), 1);
    EXPECT_EQ(feed(d, 200, 400, quiet), 0); // between words
    EXPECT_EQ(feed(d, 600, 200, loud), 0);
    EXPECT_TRUE(d.talking());
    EXPECT_EQ(feed(d, 800, 680, quiet), 0); // last loud frame at 780: 680 ms later still talking
    EXPECT_EQ(feed(d, 1480, 40, quiet), 1); // 700 ms after it: stopped
    EXPECT_FALSE(d.talking());
}

TEST(talk_detector, a_phone_that_stops_sending_stops_talking_on_the_clock) {
    talk_detector d({.loud_dbov = -40, .onset_ms = 100, .pause_ms = 700});
    feed(d, 0, 200, loud);
    ASSERT_TRUE(d.talking());
    EXPECT_FALSE(d.tick(500));
    EXPECT_TRUE(d.tick(880)); // last loud frame at 180
    EXPECT_FALSE(d.talking());
    EXPECT_FALSE(d.tick(2000));
    // It starts over from nothing: one loud frame after the silence is not talk.
    EXPECT_FALSE(d.frame(3000, loud, 20));
}

} // namespace
} // namespace cvw::meeting
