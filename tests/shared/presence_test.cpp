// Presence names and the offline rule.
#include "cvw/presence.hpp"

#include <gtest/gtest.h>

namespace cvw {

TEST(presence, names_round_trip) {
    for (auto p : {presence::available, presence::busy, presence::do_not_disturb, presence::away, presence::offline,
                   presence::in_a_call})
        EXPECT_EQ(parse_presence(to_string(p)), p);
    EXPECT_EQ(parse_presence("bogus"), std::nullopt);
}

TEST(presence, offline_cannot_be_chosen) {
    EXPECT_EQ(parse_availability("offline"), std::nullopt);
    EXPECT_EQ(parse_availability("in_a_call"), std::nullopt);
    EXPECT_EQ(parse_availability("away"), availability::away);
}

TEST(presence, no_open_tab_means_offline) {
    EXPECT_EQ(effective_presence(availability::do_not_disturb, false), presence::offline);
    EXPECT_EQ(effective_presence(availability::do_not_disturb, true), presence::do_not_disturb);
    EXPECT_EQ(effective_presence(availability::available, true), presence::available);
}

TEST(presence, a_call_shows_over_the_users_choice_except_do_not_disturb) {
    EXPECT_EQ(effective_presence(availability::available, true, true), presence::in_a_call);
    EXPECT_EQ(effective_presence(availability::away, true, true), presence::in_a_call);
    EXPECT_EQ(effective_presence(availability::available, false, true), presence::in_a_call); // phone, no tab
    EXPECT_EQ(effective_presence(availability::do_not_disturb, true, true), presence::do_not_disturb);
    EXPECT_EQ(effective_presence(availability::do_not_disturb, false, true), presence::offline);
}

} // namespace cvw
