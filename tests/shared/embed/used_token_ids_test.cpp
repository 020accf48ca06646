// Single use of embed tokens: a second trade is refused until the token could no longer be used.
#include "cvw/embed/used_token_ids.hpp"

#include <gtest/gtest.h>

namespace cvw::embed {
namespace {

using use = used_token_ids::use;

TEST(used_token_ids, a_second_use_is_a_replay_until_forgotten) {
    used_token_ids ids(10);
    EXPECT_EQ(ids.record("crm/a", 200, 100), use::first);
    EXPECT_EQ(ids.record("crm/a", 200, 150), use::replayed);
    EXPECT_EQ(ids.record("hr/a", 200, 150), use::first) << "the same jti from another portal is another token";
    EXPECT_EQ(ids.record("crm/a", 300, 199), use::replayed);
    EXPECT_EQ(ids.record("crm/b", 300, 200), use::first);
    EXPECT_EQ(ids.size(), 1U) << "the ids of expired tokens are forgotten";
    EXPECT_EQ(ids.record("crm/a", 300, 200), use::first);
}

TEST(used_token_ids, full_refuses_rather_than_forgetting_a_live_id) {
    used_token_ids ids(2);
    EXPECT_EQ(ids.record("a", 200, 100), use::first);
    EXPECT_EQ(ids.record("b", 150, 100), use::first);
    EXPECT_EQ(ids.record("c", 200, 120), use::full);
    EXPECT_EQ(ids.record("a", 200, 120), use::replayed);
    EXPECT_EQ(ids.record("c", 200, 150), use::first) << "b's token expired, so there is room";
    EXPECT_EQ(ids.record("b", 200, 150), use::full);
}

} // namespace
} // namespace cvw::embed
