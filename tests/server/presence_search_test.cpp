// Presence and directory search over real sockets.
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace cvw::test {
namespace {

using nlohmann::json;

class presence_search : public ::testing::Test {
protected:
    void SetUp() override {
        add_demo_users(dir.path / "cvw.db");
        alice = sign_in(server.port(), "alice", "password-alice");
        bob = sign_in(server.port(), "bob", "password-bob");
    }
    std::vector<std::string> search(ws_client& tab, const std::string& query) {
        tab.send(json{{"type", "search"}, {"request_id", query}, {"query", query}});
        auto r = tab.expect("search_results");
        EXPECT_EQ(r["request_id"], query);
        std::vector<std::string> names;
        for (const auto& c : r["results"]) names.push_back(c["username"]);
        return names;
    }
    temp_dir dir;
    running_server server{test_config(dir.path)};
    std::string alice, bob;
};

using names = std::vector<std::string>;

TEST_F(presence_search, search_is_prefix_and_case_insensitive_over_names_extensions_and_numbers) {
    ws_client tab(server.port(), alice);
    tab.hello();
    EXPECT_EQ(search(tab, "bo"), names{"bob"});
    EXPECT_EQ(search(tab, "JONES"), names{"bob"});   // last name
    EXPECT_EQ(search(tab, "car d"), names{"carol"}); // two prefixes, both must match
    EXPECT_EQ(search(tab, "1003"), names{"carol"});  // extension
    EXPECT_EQ(search(tab, "100"), (names{"alice", "bob", "carol"}));
    EXPECT_EQ(search(tab, "+1425555010"), (names{"alice", "bob", "carol"})); // number with +
    EXPECT_EQ(search(tab, "14255550102"), names{"bob"});
    EXPECT_EQ(search(tab, "zed"), names{});
    EXPECT_EQ(search(tab, "\"*)("), names{}); // FTS syntax is not interpreted
}

TEST(number_search, a_number_however_written_finds_its_owner_first) {
    temp_dir dir;
    add_demo_users(dir.path / "cvw.db");
    auto config = test_config(dir.path);
    config.dial_plan = example_config(dir.path).dial_plan; // 00 and 011 prefixes, North American numbers
    running_server server(config);
    ws_client tab(server.port(), sign_in(server.port(), "alice", "password-alice"));
    tab.hello();
    const auto first = [&](const std::string& query) -> std::string {
        tab.send(json{{"type", "search"}, {"request_id", "r"}, {"query", query}});
        const auto r = tab.expect("search_results");
        return r["results"].empty() ? "" : r["results"][0]["username"].get<std::string>();
    };
    for (const char* written :
         {"+1 (425) 555-0102", "(425) 555-0102", "425-555-0102", "1 425 555 0102", "00 1 425 555 0102",
          "011 1 425 555 0102", "+1 425 555 0100 ext. 1002", "+1 425 555 0100 x1002"})
        EXPECT_EQ(first(written), "bob") << written;
    EXPECT_EQ(first("(425) 555-0199"), "") << "nobody's number";
}

TEST_F(presence_search, search_hits_carry_live_presence) {
    ws_client bob_tab(server.port(), bob);
    bob_tab.hello();
    // Bob watches himself so he can tell when his change has been applied (tabs run in parallel).
    bob_tab.send(json{{"type", "watch_presence"}, {"users", {"bob"}}});
    bob_tab.expect("contacts");
    bob_tab.send(json{{"type", "set_presence"}, {"state", "away"}});
    EXPECT_EQ(bob_tab.expect("presence")["presence"], "away");
    ws_client alice_tab(server.port(), alice);
    alice_tab.hello();
    alice_tab.send(json{{"type", "search"}, {"request_id", "r"}, {"query", "b"}});
    auto r = alice_tab.expect("search_results");
    EXPECT_EQ(r["results"][0]["presence"], "away");
    alice_tab.send(json{{"type", "search"}, {"request_id", "r2"}, {"query", "carol"}});
    EXPECT_EQ(alice_tab.expect("search_results")["results"][0]["presence"], "offline");
}

TEST_F(presence_search, watchers_see_online_changes_and_offline) {
    ws_client alice_tab(server.port(), alice);
    alice_tab.hello();
    alice_tab.send(json{{"type", "watch_presence"}, {"users", {"bob"}}});
    auto card = alice_tab.expect("contacts");
    EXPECT_EQ(card["contacts"][0]["display_name"], "Bob Jones");
    EXPECT_EQ(card["contacts"][0]["presence"], "offline");

    auto bob_second = std::make_unique<ws_client>(server.port(), bob);
    {
        ws_client bob_tab(server.port(), bob);
        bob_tab.hello();
        auto p = alice_tab.expect("presence");
        EXPECT_EQ(p, (json{{"type", "presence"}, {"username", "bob"}, {"presence", "available"}}));

        bob_tab.send(json{{"type", "set_presence"}, {"state", "do_not_disturb"}});
        EXPECT_EQ(alice_tab.expect("presence")["presence"], "do_not_disturb");
        // Bob's own tab hears both changes too, to keep its selector in step.
        EXPECT_EQ(bob_tab.expect("presence")["presence"], "available");
        EXPECT_EQ(bob_tab.expect("presence")["presence"], "do_not_disturb");
        bob_second->hello();
    }
    // One of Bob's two tabs closed: he is still online, so the next change alice sees is his own.
    bob_second->send(json{{"type", "set_presence"}, {"state", "away"}});
    EXPECT_EQ(alice_tab.expect("presence")["presence"], "away");
    bob_second.reset();
    EXPECT_EQ(alice_tab.expect("presence")["presence"], "offline");
}

TEST_F(presence_search, chosen_presence_is_kept_for_the_next_sign_in) {
    {
        ws_client bob_tab(server.port(), bob);
        bob_tab.hello();
        bob_tab.send(json{{"type", "set_presence"}, {"state", "busy"}});
        // The tab may first hear itself come online (available); the choice is applied when busy shows.
        auto p = bob_tab.expect("presence");
        if (p["presence"] == "available") p = bob_tab.expect("presence");
        EXPECT_EQ(p["presence"], "busy");
    }
    server.restart();
    ws_client again(server.port(), bob);
    auto w = again.hello();
    EXPECT_EQ(w["chosen"], "busy");
    EXPECT_EQ(w["self"]["presence"], "busy");
}

} // namespace
} // namespace cvw::test
