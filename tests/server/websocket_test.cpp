// The WebSocket entry point over a real socket: who may connect, and bad input answered in words.
#include "test_server.hpp"

#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/messages.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace cvw::test {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;

class websocket_api : public ::testing::Test {
protected:
    void SetUp() override {
        add_demo_users(dir.path / "cvw.db");
        alice_cookie = sign_in(server.port(), "alice", "password-alice");
        ASSERT_FALSE(alice_cookie.empty());
    }
    temp_dir dir;
    running_server server{test_config(dir.path)};
    std::string alice_cookie;
};

int upgrade_status(std::uint16_t port, const std::string& cookie, const std::string& origin) {
    try {
        ws_client c(port, cookie, origin);
        return 101;
    } catch (const boost::system::system_error& e) {
        if (e.code() == boost::beast::websocket::error::upgrade_declined) return 400; // refused, see below
        throw;
    }
}

TEST_F(websocket_api, upgrade_needs_a_session_and_an_allowed_origin) {
    EXPECT_EQ(upgrade_status(server.port(), alice_cookie, test_origin), 101);
    EXPECT_EQ(upgrade_status(server.port(), "", test_origin), 400);
    EXPECT_EQ(upgrade_status(server.port(), "cvw_session=forged", test_origin), 400);
    EXPECT_EQ(upgrade_status(server.port(), alice_cookie, "http://evil.example"), 400);
    EXPECT_EQ(upgrade_status(server.port(), alice_cookie, ""), 400);
}

TEST_F(websocket_api, refused_upgrades_say_why_over_http) {
    std::map<std::string, std::string> upgrade{{"Connection", "Upgrade"},
                                               {"Upgrade", "websocket"},
                                               {"Sec-WebSocket-Version", "13"},
                                               {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                               {"Origin", test_origin}};
    auto anonymous = http_request(server.port(), http::verb::get, "/ws", {}, upgrade);
    EXPECT_EQ(anonymous.result(), http::status::unauthorized);
    upgrade["Origin"] = "http://evil.example";
    upgrade["Cookie"] = alice_cookie;
    auto foreign = http_request(server.port(), http::verb::get, "/ws", {}, upgrade);
    EXPECT_EQ(foreign.result(), http::status::forbidden);
    EXPECT_EQ(json::parse(foreign.body())["error"], "bad_origin");
}

TEST_F(websocket_api, welcome_names_the_user_and_protocol) {
    ws_client tab(server.port(), alice_cookie);
    auto welcome = tab.hello();
    EXPECT_EQ(welcome["protocol"], protocol::protocol_version);
    EXPECT_EQ(welcome["language"], "en");
    EXPECT_EQ(welcome["self"]["username"], "alice");
    EXPECT_EQ(welcome["self"]["display_name"], "Alice Smith");
    EXPECT_EQ(welcome["self"]["presence"], "available");
}

TEST_F(websocket_api, hello_states_the_language_and_a_bad_tag_is_refused) {
    ws_client tab(server.port(), alice_cookie);
    tab.send(json{{"type", "hello"}, {"protocol", protocol::protocol_version}, {"language", "en\r\nX: 1"}});
    auto e = tab.expect("error");
    EXPECT_EQ(e["code"], "invalid_value");
    EXPECT_EQ(e["field"], "language");
    EXPECT_EQ(english(e), "'language' is not a language tag such as en or fr-CA.");
    // Still not greeted: a good hello works, in the catalog that fits; what the server words for
    // the tab (the CSV export's headings) is in that language.
    tab.send(json{{"type", "hello"}, {"protocol", protocol::protocol_version}, {"language", "ko-KR"}});
    auto welcome = tab.expect("welcome");
    EXPECT_EQ(welcome["language"], "ko");
    tab.send(json{{"type", "export_calls"}});
    const auto korean = i18n::catalogs::built_in().render("ko", {"csv.heading.direction", {}});
    EXPECT_EQ(tab.expect("calls_csv")["csv"].get<std::string>().substr(0, korean.size()), korean);

    // A language without a catalog gets English.
    ws_client other(server.port(), alice_cookie);
    other.send(json{{"type", "hello"}, {"protocol", protocol::protocol_version}, {"language", "de-DE"}});
    EXPECT_EQ(other.expect("welcome")["language"], "en");
    other.send(json{{"type", "export_calls"}});
    EXPECT_EQ(other.expect("calls_csv")["csv"].get<std::string>().substr(0, 9), "direction");
}

TEST_F(websocket_api, commands_before_hello_and_wrong_versions_are_refused) {
    ws_client tab(server.port(), alice_cookie);
    tab.send(json{{"type", "search"}, {"request_id", "r"}, {"query", "bo"}});
    EXPECT_EQ(tab.expect("error")["code"], "hello_required");
    tab.send(json{{"type", "hello"}, {"protocol", 99}});
    auto e = tab.expect("error");
    EXPECT_EQ(e["code"], "unsupported_protocol");
    EXPECT_EQ(e["field"], "protocol");
    tab.hello(); // still usable
    EXPECT_EQ(english(e), "This server speaks protocol 2; reload the page to get the matching client.");
    tab.send(json{{"type", "hello"}, {"protocol", protocol::protocol_version}});
    EXPECT_EQ(tab.expect("error")["code"], "already_greeted");
}

TEST_F(websocket_api, malformed_messages_get_precise_errors_and_the_tab_keeps_working) {
    ws_client tab(server.port(), alice_cookie);
    tab.hello();
    struct bad {
        std::string text;
        const char* code;
        const char* field;
        const char* words; ///< what the page shows, from the English catalog
    };
    for (const auto& b : std::vector<bad>{
             {"{not json", "invalid_json", "", "The message is not valid JSON."},
             {"[1,2,3]", "not_an_object", "", "The message must be a JSON object."},
             {R"({"type":"explode"})", "unknown_type", "type", "Unknown message type 'explode'."},
             {R"({"type":"send_im","to":"bob","client_id":"c"})", "missing_field", "text", "'text' is required."},
             {R"({"type":"send_im","to":["bob"],"text":"x","client_id":"c"})", "wrong_type", "to",
              "'to' must be a string."},
             {R"({"type":"search","request_id":"r","query":")" + std::string(101, 'q') + "\"}", "too_long", "query",
              "'query' is longer than 100 bytes."},
             {R"({"type":"get_history","with":"bob","limit":0})", "out_of_range", "limit",
              "'limit' must be between 1 and 200."},
             {R"({"type":"set_presence","state":"invisible"})", "invalid_value", "state",
              "'state' must be one of: available, busy, do_not_disturb, away."},
         }) {
        tab.send(b.text);
        auto e = tab.expect("error");
        EXPECT_EQ(e["code"], b.code) << b.text;
        EXPECT_EQ(e.value("field", ""), b.field) << b.text;
        EXPECT_EQ(english(e), b.words) << b.text;
    }
    tab.send(json{{"type", "search"}, {"request_id", "after"}, {"query", "bob"}});
    auto results = tab.expect("search_results");
    EXPECT_EQ(results["request_id"], "after");
    EXPECT_EQ(results["results"][0]["username"], "bob");
}

TEST_F(websocket_api, oversized_and_binary_messages_are_answered_and_the_tab_stays) {
    ws_client tab(server.port(), alice_cookie);
    tab.hello();
    tab.send(std::string(server.config().max_message_bytes + 1, ' '));
    EXPECT_EQ(tab.expect("error")["code"], "message_too_large");
    tab.send_binary("\x01\x02");
    EXPECT_EQ(tab.expect("error")["code"], "binary_not_supported");
    tab.send(json{{"type", "search"}, {"request_id", "r"}, {"query", "carol"}});
    EXPECT_EQ(tab.expect("search_results")["results"][0]["username"], "carol");
}

TEST_F(websocket_api, unicode_escapes_that_are_not_utf_16_are_invalid_json_and_the_tab_stays) {
    ws_client tab(server.port(), alice_cookie);
    tab.hello();
    for (const char* text : {R"({"type":"search","request_id":"r","query":"\ud800"})",
                             R"({"type":"search","request_id":"r","query":"\udc00\ud800"})"}) {
        tab.send(std::string(text));
        EXPECT_EQ(tab.expect("error")["code"], "invalid_json") << text;
    }
    tab.send(json{{"type", "search"}, {"request_id", "r"}, {"query", "bob"}});
    EXPECT_EQ(tab.expect("search_results")["results"][0]["username"], "bob");
}

TEST_F(websocket_api, a_text_frame_that_is_not_utf_8_closes_only_that_tab_with_1007) {
    // RFC 6455 8.1 makes this a protocol failure; browsers cannot send it (docs/protocol.md, Limits).
    ws_client other(server.port(), alice_cookie);
    other.hello();
    ws_client tab(server.port(), alice_cookie);
    tab.hello();
    tab.send(std::string(R"({"type":"search","request_id":"r","query":")") + "\xff\xfe" + "\"}");
    EXPECT_TRUE(tab.closed_by_server());
    EXPECT_EQ(tab.close_code(), 1007);
    other.send(json{{"type", "search"}, {"request_id", "r"}, {"query", "bob"}});
    EXPECT_EQ(other.expect("search_results")["results"].size(), 1u);
}

TEST_F(websocket_api, frames_beyond_the_hard_limit_close_only_that_tab) {
    ws_client other(server.port(), alice_cookie);
    other.hello();
    ws_client tab(server.port(), alice_cookie);
    tab.hello();
    try {
        tab.send(std::string(2 * 1024 * 1024, ' '));
    } catch (const boost::system::system_error&) {
        // The server may close as soon as it reads the frame's length, before all of it is out.
    }
    EXPECT_TRUE(tab.closed_by_server());
    other.send(json{{"type", "search"}, {"request_id", "r"}, {"query", "bob"}});
    EXPECT_EQ(other.expect("search_results")["results"].size(), 1u);
}

TEST_F(websocket_api, floods_are_rate_limited_per_tab) {
    ws_client tab(server.port(), alice_cookie);
    tab.hello();
    const int sent = 100;
    for (int i = 0; i < sent; ++i) tab.send(json{{"type", "set_presence"}, {"state", "available"}});
    int limited = 0;
    while (auto m = tab.receive(std::chrono::seconds(1)))
        if ((*m)["type"] == "error" && (*m)["code"] == "rate_limited") ++limited;
    // A burst of 40 passes (hello took one token); the rest are refused, not queued.
    EXPECT_GE(limited, sent - 45);
    EXPECT_LE(limited, sent - 39);
    ws_client fresh(server.port(), alice_cookie); // other tabs have their own budget
    fresh.hello();
}

TEST_F(websocket_api, sign_out_closes_the_tabs_of_that_session) {
    ws_client tab(server.port(), alice_cookie);
    tab.hello();
    auto out = http_request(server.port(), http::verb::post, "/api/logout", "{}",
                            {{"Origin", test_origin}, {"Cookie", alice_cookie}});
    ASSERT_EQ(out.result(), http::status::ok);
    EXPECT_TRUE(tab.closed_by_server());
    EXPECT_EQ(tab.close_reason(), "signed out");
}

TEST_F(websocket_api, session_count_returns_to_zero_after_tabs_close) {
    {
        ws_client a(server.port(), alice_cookie);
        a.hello();
        ws_client b(server.port(), alice_cookie);
        b.hello();
        EXPECT_EQ(server.get().session_count(), 2u);
    }
    for (int i = 0; i < 200 && server.get().session_count() != 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(server.get().session_count(), 0u);
}

} // namespace
} // namespace cvw::test
