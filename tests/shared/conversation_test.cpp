// The conversation model: ordering, de-duplication, pending sends, history, modalities.
#include "cvw/conversation.hpp"

#include <gtest/gtest.h>

namespace cvw {
namespace {

protocol::im_message msg(std::int64_t id, const char* from, const char* to, const char* text) {
    return {id, from, to, text, 1000 * id};
}

} // namespace

TEST(conversation, live_messages_are_ordered_and_deduplicated) {
    conversation c("alice", "bob");
    EXPECT_TRUE(c.apply(protocol::im_received{msg(2, "bob", "alice", "two"), ""}));
    EXPECT_TRUE(c.apply(protocol::im_received{msg(1, "alice", "bob", "one"), ""}));
    EXPECT_FALSE(c.apply(protocol::im_received{msg(2, "bob", "alice", "two"), ""}));
    ASSERT_EQ(c.messages().size(), 2u);
    EXPECT_EQ(c.messages()[0].text, "one");
    EXPECT_EQ(c.messages()[1].text, "two");
    EXPECT_EQ(c.oldest_id(), 1);
}

TEST(conversation, ignores_messages_of_other_conversations) {
    conversation c("alice", "bob");
    EXPECT_FALSE(c.apply(protocol::im_received{msg(1, "carol", "alice", "hi"), ""}));
    EXPECT_FALSE(c.apply(protocol::im_received{msg(2, "bob", "carol", "hi"), ""}));
    EXPECT_TRUE(c.messages().empty());
}

TEST(conversation, server_echo_confirms_a_pending_send) {
    conversation c("alice", "bob");
    c.add_pending("c1", "hello");
    c.add_pending("c2", "again");
    ASSERT_EQ(c.pending().size(), 2u);
    c.apply(protocol::im_received{msg(7, "alice", "bob", "hello"), "c1"});
    ASSERT_EQ(c.pending().size(), 1u);
    EXPECT_EQ(c.pending()[0].client_id, "c2");
    c.drop_pending("c2");
    EXPECT_TRUE(c.pending().empty());
    EXPECT_EQ(c.unread(), 0); // own messages are never unread
}

TEST(conversation, counts_unread_from_peer) {
    conversation c("alice", "bob");
    c.apply(protocol::im_received{msg(1, "bob", "alice", "a"), ""});
    c.apply(protocol::im_received{msg(2, "bob", "alice", "b"), ""});
    EXPECT_EQ(c.unread(), 2);
    c.mark_read();
    EXPECT_EQ(c.unread(), 0);
}

TEST(conversation, history_pages_merge_with_live_messages) {
    conversation c("alice", "bob");
    c.apply(protocol::im_received{msg(10, "bob", "alice", "live"), ""});
    c.apply(protocol::history{"bob", {msg(8, "alice", "bob", "old"), msg(10, "bob", "alice", "live")}, false});
    ASSERT_EQ(c.messages().size(), 2u);
    EXPECT_EQ(c.oldest_id(), 8);
    EXPECT_FALSE(c.has_more_history());
    c.apply(protocol::history{"carol", {msg(3, "carol", "alice", "x")}, true});
    EXPECT_EQ(c.messages().size(), 2u);
    EXPECT_FALSE(c.has_more_history());
}

TEST(conversation, tracks_modalities) {
    conversation c("alice", "bob");
    EXPECT_TRUE(c.is_active(modality::im));
    EXPECT_FALSE(c.is_active(modality::audio));
    c.set_active(modality::audio, true);
    EXPECT_TRUE(c.is_active(modality::audio));
}

} // namespace cvw
