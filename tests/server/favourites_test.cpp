// Favourites over real sockets: kept per user across sign-ins, sent to every tab after welcome and on
// each change, with live presence, and every bad request refused with its reason.
#include "store/database.hpp"
#include "store/favourite_store.hpp"
#include "store/user_store.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace cvw::test {
namespace {

using nlohmann::json;
using names = std::vector<std::string>;

class favourites : public ::testing::Test {
protected:
    void SetUp() override {
        add_demo_users(dir.path / "cvw.db");
        alice = sign_in(server.port(), "alice", "password-alice");
    }
    temp_dir dir;
    running_server server{test_config(dir.path)};
    std::string alice;
};

TEST_F(favourites, every_tab_gets_the_list_after_welcome_and_on_each_change_and_it_outlives_the_tabs) {
    ws_client tab(server.port(), alice), other_tab(server.port(), alice);
    tab.hello();
    EXPECT_EQ(usernames_of(tab.expect("favourites")), names{});
    other_tab.hello();
    other_tab.expect("favourites");

    tab.send(json{{"type", "add_favourite"}, {"username", "Carol"}}); // any case
    auto listed = tab.expect("favourites");
    EXPECT_EQ(usernames_of(listed), names{"carol"});
    EXPECT_EQ(listed["people"][0]["display_name"], "Carol Diaz");
    EXPECT_EQ(listed["people"][0]["presence"], "offline");
    EXPECT_EQ(usernames_of(other_tab.expect("favourites")), names{"carol"});

    tab.send(json{{"type", "add_favourite"}, {"username", "carol"}}); // already there: no new list
    tab.send(json{{"type", "add_favourite"}, {"username", "bob"}});
    EXPECT_EQ(usernames_of(tab.expect("favourites")), (names{"carol", "bob"}));
    tab.send(json{{"type", "remove_favourite"}, {"username", "carol"}});
    EXPECT_EQ(usernames_of(tab.expect("favourites")), names{"bob"});
    EXPECT_EQ(usernames_of(other_tab.expect("favourites")), (names{"carol", "bob"}));
    EXPECT_EQ(usernames_of(other_tab.expect("favourites")), names{"bob"});

    ws_client later(server.port(), sign_in(server.port(), "alice", "password-alice"));
    later.hello();
    EXPECT_EQ(usernames_of(later.expect("favourites")), names{"bob"});
    ws_client bob(server.port(), sign_in(server.port(), "bob", "password-bob"));
    bob.hello();
    EXPECT_EQ(usernames_of(bob.expect("favourites")), names{}) << "each user has a list of their own";
}

TEST_F(favourites, bad_requests_are_refused_with_their_reason_and_change_nothing) {
    ws_client tab(server.port(), alice);
    tab.hello();
    tab.expect("favourites");
    const auto refusal = [&](const json& command) {
        tab.send(command);
        return tab.expect("error");
    };
    auto e = refusal(json{{"type", "add_favourite"}, {"username", "alice"}});
    EXPECT_EQ(e["code"], "invalid_value");
    EXPECT_EQ(e["detail"], "self_favourite");
    EXPECT_EQ(english(e), "You cannot add yourself to your favourites.");
    e = refusal(json{{"type", "add_favourite"}, {"username", "nobody"}});
    EXPECT_EQ(e["code"], "not_found");
    EXPECT_EQ(english(e), "There is no user 'nobody'.");
    e = refusal(json{{"type", "add_favourite"}, {"username", 7}});
    EXPECT_EQ(e["code"], "wrong_type");
    EXPECT_EQ(refusal(json{{"type", "add_favourite"}})["code"], "missing_field");
    EXPECT_EQ(refusal(json{{"type", "remove_favourite"}, {"username", std::string(65, 'a')}})["code"], "too_long");

    tab.send(json{{"type", "remove_favourite"}, {"username", "nobody"}}); // nothing to remove: no answer
    tab.send(json{{"type", "add_favourite"}, {"username", "bob"}});
    EXPECT_EQ(usernames_of(tab.expect("favourites")), names{"bob"}) << "the next list is the first change";
}

TEST_F(favourites, a_disabled_colleague_drops_out_and_the_fifty_first_is_refused) {
    {
        // 49 colleagues in Alice's list already (faster than the tab's command rate allows).
        server::database db((dir.path / "cvw.db").string());
        server::user_store users(db);
        server::favourite_store kept(db);
        const auto alice_id = users.find("alice")->id;
        for (int i = 0; i < 50; ++i) {
            const auto name = "user" + std::to_string(i);
            const auto id =
                users.add(server::user_record{0, name, "User " + std::to_string(i), "", "", "", true, "", "", ""}, 1);
            if (i < 49) kept.add(alice_id, *id, i, 50);
        }
    }
    ws_client tab(server.port(), alice);
    tab.hello();
    EXPECT_EQ(tab.expect("favourites")["people"].size(), 49u);
    tab.send(json{{"type", "add_favourite"}, {"username", "user49"}});
    EXPECT_EQ(tab.expect("favourites")["people"].size(), 50u);
    tab.send(json{{"type", "add_favourite"}, {"username", "bob"}});
    const auto e = tab.expect("error");
    EXPECT_EQ(e["code"], "not_allowed");
    EXPECT_EQ(e["detail"], "too_many_favourites");
    EXPECT_EQ(english(e), "You can keep up to 50 favourites; remove one first.");

    {
        server::database db((dir.path / "cvw.db").string());
        ASSERT_TRUE(server::user_store(db).set_enabled("user0", false));
    }
    ws_client again(server.port(), alice);
    again.hello();
    const auto listed = usernames_of(again.expect("favourites"));
    EXPECT_EQ(listed.size(), 49u);
    EXPECT_EQ(listed.front(), "user1");
}

} // namespace
} // namespace cvw::test
