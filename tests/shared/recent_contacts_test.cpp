#include "cvw/recent_contacts.hpp"

#include <gtest/gtest.h>

namespace cvw {
namespace {

using ids = std::vector<std::int64_t>;

TEST(recent_contacts, each_colleague_once_by_their_latest_exchange_newest_first) {
    // Bob (2) wrote long ago and was called just now; Carol (3) wrote in between.
    const std::vector<contact_touch> touches{{2, 100}, {3, 500}, {2, 900}, {4, 300}};
    EXPECT_EQ(most_recent_contacts(touches, 1, 10), (ids{2, 3, 4}));
}

TEST(recent_contacts, never_oneself_nor_someone_the_directory_does_not_know) {
    const std::vector<contact_touch> touches{{1, 900}, {0, 800}, {3, 700}};
    EXPECT_EQ(most_recent_contacts(touches, 1, 10), (ids{3}));
}

TEST(recent_contacts, at_most_the_limit_and_ties_keep_their_order) {
    const std::vector<contact_touch> touches{{5, 100}, {6, 100}, {7, 100}, {8, 50}};
    EXPECT_EQ(most_recent_contacts(touches, 1, 2), (ids{5, 6}));
    EXPECT_EQ(most_recent_contacts(touches, 1, 0), ids{});
    EXPECT_EQ(most_recent_contacts({}, 1, 5), ids{});
}

} // namespace
} // namespace cvw
