// Call Via Work settings over real sockets: the callback number a user may choose, within the dial plan.
#include "test_server.hpp"

#include <gtest/gtest.h>

namespace cvw::test {
namespace {

using nlohmann::json;

server::server_config with_dial_plan(server::server_config c) {
    c.dial_plan = {.rules = {{"1?([2-9]\\d{9})", "+1$1"}}, .allowed = {"\\+1[2-9]\\d{9}", "\\d{4}"}};
    return c;
}

json set_callback(const std::string& number) { return {{"type", "set_callback_number"}, {"number", number}}; }

class settings : public ::testing::Test {
protected:
    void SetUp() override { add_demo_users(dir.path / "cvw.db"); }
    temp_dir dir;
};

TEST_F(settings, a_user_chooses_a_callback_number_within_the_dial_plan) {
    running_server server(with_dial_plan(test_config(dir.path)));
    const auto cookie = sign_in(server.port(), "alice", "password-alice");
    ws_client tab(server.port(), cookie), other(server.port(), cookie);
    tab.hello();
    other.hello();
    auto initial = tab.expect("settings");
    EXPECT_EQ(initial["callback_number"], "+14255550101"); // the desk phone from the directory
    EXPECT_EQ(initial["chosen_callback_number"], "");
    EXPECT_EQ(initial["can_choose_callback"], true);
    other.expect("settings");

    tab.send(set_callback("(425) 555-0199"));
    for (auto* t : {&tab, &other}) {
        auto s = t->expect("settings");
        EXPECT_EQ(s["callback_number"], "+14255550199");
        EXPECT_EQ(s["chosen_callback_number"], "+14255550199");
    }

    tab.send(set_callback("home"));
    auto invalid = tab.expect("error");
    EXPECT_EQ(invalid["code"], "invalid_value");
    EXPECT_EQ(invalid["field"], "number");
    tab.send(set_callback("+44 20 7946 0018"));
    EXPECT_EQ(tab.expect("error")["code"], "not_allowed");

    tab.send(set_callback(""));
    EXPECT_EQ(tab.expect("settings")["callback_number"], "+14255550101");

    tab.send(set_callback("1009"));
    tab.expect("settings");
    server.restart(); // kept in the store
    ws_client again(server.port(), cookie);
    again.hello();
    EXPECT_EQ(again.expect("settings")["callback_number"], "1009");
}

TEST_F(settings, the_admin_callback_number_cannot_be_changed_in_the_page) {
    auto config = with_dial_plan(test_config(dir.path));
    config.policy.use_admin_callback_number = true;
    config.policy.admin_callback_number = "1000";
    running_server server(config);
    ws_client tab(server.port(), sign_in(server.port(), "bob", "password-bob"));
    tab.hello();
    auto s = tab.expect("settings");
    EXPECT_EQ(s["callback_number"], "1000");
    EXPECT_EQ(s["can_choose_callback"], false);
    tab.send(set_callback("1009"));
    auto e = tab.expect("error");
    EXPECT_EQ(e["code"], "not_allowed");
    EXPECT_EQ(e["field"], "number");
}

TEST_F(settings, the_language_is_kept_with_the_account_for_every_tab) {
    running_server server(test_config(dir.path));
    const auto cookie = sign_in(server.port(), "alice", "password-alice");
    ws_client tab(server.port(), cookie), other(server.port(), cookie);
    tab.hello();
    other.hello();
    EXPECT_EQ(tab.expect("settings")["language"], "") << "none chosen: the browser's";
    other.expect("settings");

    tab.send(json{{"type", "set_language"}, {"language", "ko"}});
    for (auto* t : {&tab, &other}) EXPECT_EQ(t->expect("settings")["language"], "ko");

    tab.send(json{{"type", "set_language"}, {"language", "de"}});
    const auto refused = tab.expect("error");
    EXPECT_EQ(refused["code"], "invalid_value");
    EXPECT_EQ(english(refused), "'language' must be one of: en, ko, ru, zh, es, fr.");

    server.restart();
    const auto elsewhere = sign_in(server.port(), "alice", "password-alice"); // another browser
    ws_client again(server.port(), elsewhere);
    again.hello();
    EXPECT_EQ(again.expect("settings")["language"], "ko");
    again.send(json{{"type", "set_language"}, {"language", ""}});
    EXPECT_EQ(again.expect("settings")["language"], "");
}

TEST_F(settings, what_do_not_disturb_does_with_calls_is_kept_with_the_account_for_every_tab) {
    running_server server(test_config(dir.path));
    const auto cookie = sign_in(server.port(), "alice", "password-alice");
    ws_client tab(server.port(), cookie), other(server.port(), cookie);
    tab.hello();
    other.hello();
    EXPECT_EQ(tab.expect("settings")["do_not_disturb_calls"], "desk_phone") << "the default";
    other.expect("settings");

    tab.send(json{{"type", "set_do_not_disturb_calls"}, {"calls", "decline"}});
    for (auto* t : {&tab, &other}) EXPECT_EQ(t->expect("settings")["do_not_disturb_calls"], "decline");

    for (const auto& bad :
         {json{{"type", "set_do_not_disturb_calls"}, {"calls", "off"}},
          json{{"type", "set_do_not_disturb_calls"}, {"calls", "Decline"}},
          json{{"type", "set_do_not_disturb_calls"}, {"calls", 1}}, json{{"type", "set_do_not_disturb_calls"}}}) {
        tab.send(bad);
        const auto refused = tab.expect("error");
        EXPECT_EQ(refused["field"], "calls") << bad.dump();
    }
    tab.send(json{{"type", "set_do_not_disturb_calls"}, {"calls", "off"}});
    EXPECT_EQ(english(tab.expect("error")), "'calls' must be one of: desk_phone, decline.");

    server.restart();
    const auto elsewhere = sign_in(server.port(), "alice", "password-alice");
    ws_client again(server.port(), elsewhere);
    again.hello();
    EXPECT_EQ(again.expect("settings")["do_not_disturb_calls"], "decline");
}

} // namespace
} // namespace cvw::test
