// Presence names and the offline rule.
#include "cvw/presence.hpp"

#include <gtest/gtest.h>

namespace cvw {

TEST(presence, names_round_trip) {
    for (auto p : {presence::available, presence::busy, presence::do_not_disturb, presence::away, presence::offline})
        EXPECT_EQ(parse_presence(to_string(p)), p);
    EXPECT_EQ(parse_presence("bogus"), std::nullopt);
}

TEST(presence, offline_cannot_be_chosen) {
    EXPECT_EQ(parse_availability("offline"), std::nullopt);
    EXPECT_EQ(parse_availability("away"), availability::away);
}

TEST(presence, no_open_tab_means_offline) {
    EXPECT_EQ(effective_presence(availability::do_not_disturb, false), presence::offline);
    EXPECT_EQ(effective_presence(availability::do_not_disturb, true), presence::do_not_disturb);
    EXPECT_EQ(effective_presence(availability::available, true), presence::available);
}

} // namespace cvw
