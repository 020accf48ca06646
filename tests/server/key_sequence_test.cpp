// The keys cvw sends into a conference bridge's IVR: RFC 4733 event blocks per packet time.
#include "media/key_sequence.hpp"
#include "media/telephone_event.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace cvw::server::media {
namespace {

std::vector<key_sequence::step> all_of(key_sequence keys) {
    std::vector<key_sequence::step> out;
    while (auto s = keys.next()) out.push_back(*s);
    return out;
}

TEST(key_sequence, each_key_is_five_packets_three_end_packets_and_a_gap) {
    const auto steps = all_of(*key_sequence::of("4#"));
    ASSERT_EQ(steps.size(), 22u);
    for (std::size_t i = 0; i < steps.size(); ++i) {
        SCOPED_TRACE(i);
        const auto at = i % 11;
        EXPECT_EQ(steps[i].event, at < 8);
        EXPECT_EQ(steps[i].starts_event, at == 0);
        if (!steps[i].event) continue;
        const auto e = parse_telephone_event(steps[i].payload);
        ASSERT_TRUE(e);
        EXPECT_EQ(e->event, i < 11 ? 4 : 11);
        EXPECT_EQ(e->end, at >= 5);
        EXPECT_EQ(e->volume, 10);
        EXPECT_EQ(e->duration, 160 * std::min<int>(static_cast<int>(at) + 1, 5));
    }
}

TEST(key_sequence, a_comma_is_half_a_second_of_nothing) {
    const auto steps = all_of(*key_sequence::of(",1"));
    ASSERT_EQ(steps.size(), 25u + 11u);
    for (std::size_t i = 0; i < 25; ++i) EXPECT_FALSE(steps[i].event) << i;
    EXPECT_TRUE(steps[25].starts_event);
}

TEST(key_sequence, every_dtmf_key_has_its_code_and_nothing_else_is_a_key) {
    for (char k : std::string("0123456789*#ABCD")) EXPECT_EQ(dtmf_character(telephone_event_code(k)), k);
    EXPECT_TRUE(key_sequence::valid(""));
    EXPECT_TRUE(key_sequence::valid("123#,9*A"));
    for (const auto* bad : {"12 3", "a", "1;2", "{pin}", "?"}) {
        EXPECT_FALSE(key_sequence::valid(bad)) << bad;
        EXPECT_FALSE(key_sequence::of(bad)) << bad;
    }
    EXPECT_EQ(all_of(*key_sequence::of("")).size(), 0u);
}

} // namespace
} // namespace cvw::server::media
