// IM routing over real sockets: every tab of both parties, unknown recipients, history across a restart.
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace cvw::test {
namespace {

using nlohmann::json;

class im : public ::testing::Test {
protected:
    void SetUp() override {
        add_demo_users(dir.path / "cvw.db");
        alice = sign_in(server.port(), "alice", "password-alice");
        bob = sign_in(server.port(), "bob", "password-bob");
    }
    temp_dir dir;
    running_server server{test_config(dir.path)};
    std::string alice, bob;
};

json send_im(const std::string& to, const std::string& text, const std::string& client_id) {
    return {{"type", "send_im"}, {"to", to}, {"text", text}, {"client_id", client_id}};
}

TEST_F(im, reaches_every_tab_of_the_recipient_and_the_senders_other_tabs) {
    ws_client alice_tab(server.port(), alice), alice_other(server.port(), alice);
    ws_client bob_1(server.port(), bob), bob_2(server.port(), bob);
    for (auto* t : {&alice_tab, &alice_other, &bob_1, &bob_2}) t->hello();

    alice_tab.send(send_im("bob", "Lunch? \xF0\x9F\x8D\x95", "c-1"));
    for (auto* t : {&bob_1, &bob_2}) {
        auto e = t->expect("im");
        EXPECT_EQ(e["message"]["from"], "alice");
        EXPECT_EQ(e["message"]["to"], "bob");
        EXPECT_EQ(e["message"]["text"], "Lunch? \xF0\x9F\x8D\x95");
        EXPECT_FALSE(e.contains("client_id")); // the recipient never sees the sender's ids
    }
    auto echo = alice_tab.expect("im");
    EXPECT_EQ(echo["client_id"], "c-1");
    auto other = alice_other.expect("im");
    EXPECT_EQ(other["message"]["id"], echo["message"]["id"]);
    EXPECT_GT(echo["message"]["sent_at"].get<std::int64_t>(), 1'600'000'000'000);
}

TEST_F(im, unknown_recipients_and_self_messages_are_refused) {
    ws_client tab(server.port(), alice);
    tab.hello();
    tab.send(send_im("mallory", "hi", "c"));
    auto e = tab.expect("error");
    EXPECT_EQ(e["code"], "not_found");
    EXPECT_EQ(e["field"], "to");
    tab.send(send_im("alice", "hi me", "c"));
    EXPECT_EQ(tab.expect("error")["code"], "invalid_value");
}

TEST_F(im, offline_recipients_find_messages_in_history) {
    {
        ws_client tab(server.port(), alice);
        tab.hello();
        tab.send(send_im("bob", "Are you there?", "c-1"));
        tab.expect("im");
    }
    ws_client bob_tab(server.port(), bob);
    bob_tab.hello();
    bob_tab.send(json{{"type", "get_history"}, {"with", "alice"}});
    auto h = bob_tab.expect("history");
    ASSERT_EQ(h["messages"].size(), 1u);
    EXPECT_EQ(h["messages"][0]["text"], "Are you there?");
    EXPECT_EQ(h["messages"][0]["from"], "alice");
}

TEST_F(im, history_survives_a_restart_and_pages_backwards) {
    {
        ws_client tab(server.port(), alice);
        tab.hello();
        for (int i = 1; i <= 5; ++i) {
            tab.send(send_im("bob", "message " + std::to_string(i), "c" + std::to_string(i)));
            tab.expect("im");
        }
    }
    server.restart();
    alice = sign_in(server.port(), "alice", "password-alice");
    ws_client tab(server.port(), alice);
    tab.hello();
    tab.send(json{{"type", "get_history"}, {"with", "bob"}, {"limit", 3}});
    auto newest = tab.expect("history");
    ASSERT_EQ(newest["messages"].size(), 3u);
    EXPECT_EQ(newest["messages"][0]["text"], "message 3");
    EXPECT_EQ(newest["messages"][2]["text"], "message 5");
    EXPECT_EQ(newest["has_more"], true);

    tab.send(json{{"type", "get_history"}, {"with", "bob"}, {"limit", 3}, {"before_id", newest["messages"][0]["id"]}});
    auto older = tab.expect("history");
    ASSERT_EQ(older["messages"].size(), 2u);
    EXPECT_EQ(older["messages"][0]["text"], "message 1");
    EXPECT_EQ(older["has_more"], false);
}

TEST_F(im, a_session_survives_a_restart) {
    server.restart();
    ws_client tab(server.port(), alice); // same cookie as before the restart
    EXPECT_EQ(tab.hello()["self"]["username"], "alice");
}

} // namespace
} // namespace cvw::test
