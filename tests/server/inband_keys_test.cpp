// In-band key detection: spandsp's tones in, keys out, whichever G.711 law, however the audio is
// cut into packets; speech-like tones and other payload types give no keys.
#include "dtmf_audio.hpp"
#include "media/inband_keys.hpp"

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

namespace cvw::server::media {
namespace {

std::string heard(const std::vector<std::uint8_t>& audio, int payload_type, std::size_t packet = 160) {
    std::string keys;
    inband_keys detector([&](char k) { keys += k; });
    for (std::size_t at = 0; at < audio.size(); at += packet)
        detector.feed(std::span(audio).subspan(at, std::min(packet, audio.size() - at)), payload_type);
    return keys;
}

TEST(inband_keys, every_key_is_heard_once_in_either_law) {
    EXPECT_EQ(heard(test::dtmf_audio("1"), 0), "1");
    EXPECT_EQ(heard(test::dtmf_audio("123456789*0#"), 0), "123456789*0#");
    EXPECT_EQ(heard(test::dtmf_audio("4#", 200, true), 8), "4#");
}

TEST(inband_keys, packets_of_any_size_are_the_same_audio) {
    EXPECT_EQ(heard(test::dtmf_audio("19#"), 0, 80), "19#");
    EXPECT_EQ(heard(test::dtmf_audio("19#"), 0, 480), "19#");
}

TEST(inband_keys, a_steady_tone_and_other_payloads_are_no_keys) {
    EXPECT_EQ(heard(test::tone_audio(1000, 1000), 0), "");
    EXPECT_EQ(heard(test::tone_audio(1400, 1000), 0), "") << "cvw's own key prompt, heard back";
    EXPECT_EQ(heard(test::dtmf_audio("1"), 101), "") << "a telephone-event payload is not audio";
}

} // namespace
} // namespace cvw::server::media
