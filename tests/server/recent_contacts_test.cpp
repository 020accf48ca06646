// Recent contacts over a real server and SQLite: read from the IM history and the call log, so they
// outlive every tab and sign-out; sent after welcome and on request, newest exchange first.
#include "test_server.hpp"

#include "store/call_log.hpp"
#include "store/database.hpp"
#include "store/message_store.hpp"

#include <gtest/gtest.h>

namespace cvw::test {
namespace {

using nlohmann::json;
using names = std::vector<std::string>;

server::call_record call(const char* direction, const char* number, std::int64_t at, const char* peer = "") {
    return {.user_id = 1,
            .direction = direction,
            .peer_name = peer,
            .number = number,
            .started_at_ms = at,
            .answered_at_ms = 0,
            .ended_at_ms = at + 1000,
            .outcome = "missed"};
}

class recent_contacts : public ::testing::Test {
protected:
    void SetUp() override { add_demo_users(dir.path / "cvw.db"); }
    void start() {
        server_.emplace(test_config(dir.path));
        alice.emplace(server_->port(), sign_in(server_->port(), "alice", "password-alice"));
        alice->hello();
    }
    temp_dir dir;
    std::optional<running_server> server_;
    std::optional<ws_client> alice;
};

TEST_F(recent_contacts, colleagues_last_written_or_called_come_after_welcome_newest_first_each_once) {
    {
        server::database db((dir.path / "cvw.db").string());
        server::message_store messages(db);
        server::call_log log(db);
        messages.add(3, 1, "lunch?", 5000);                        // carol wrote to alice
        messages.add(2, 3, "not alice's", 99000);                  // bob and carol: not alice's
        log.add(call("incoming", "+14255550102", 1000));           // bob's direct number, long ago
        log.add(call("outgoing", "bob", 9000, "Bob Jones"));       // bob called by name
        log.add(call("outgoing", "+442079460018", 20000));         // no colleague
        log.add(call("meeting", "+14255550103", 30000, "Weekly")); // a meeting rang her, not carol
        log.add(call("outgoing", "1001", 40000));                  // her own extension
    }
    start();
    auto listed = alice->expect("recent_contacts");
    EXPECT_EQ(usernames_of(listed), (names{"bob", "carol"}));
    EXPECT_EQ(listed["people"][0]["display_name"], "Bob Jones");
    EXPECT_EQ(listed["people"][0]["presence"], "offline");

    alice->send(json{{"type", "get_recent_contacts"}, {"limit", 1}});
    EXPECT_EQ(usernames_of(alice->expect("recent_contacts")), names{"bob"});

    // A message now puts carol first, for this tab and any later one.
    alice->send(json{{"type", "send_im"}, {"to", "carol"}, {"text", "yes"}, {"client_id", "c1"}});
    alice->expect("im");
    alice->send(json{{"type", "get_recent_contacts"}});
    EXPECT_EQ(usernames_of(alice->expect("recent_contacts")), (names{"carol", "bob"}));
    ws_client bob(server_->port(), sign_in(server_->port(), "bob", "password-bob"));
    bob.hello();
    EXPECT_EQ(usernames_of(bob.expect("recent_contacts")), names{"carol"}) << "each user has their own";
}

TEST_F(recent_contacts, a_new_user_has_none_and_bad_requests_are_refused) {
    start();
    EXPECT_EQ(usernames_of(alice->expect("recent_contacts")), names{});
    for (const auto& bad :
         {json{{"type", "get_recent_contacts"}, {"limit", 0}}, json{{"type", "get_recent_contacts"}, {"limit", 51}},
          json{{"type", "get_recent_contacts"}, {"limit", "ten"}}}) {
        alice->send(bad);
        const auto e = alice->expect("error");
        EXPECT_EQ(e["field"], "limit") << bad;
        EXPECT_FALSE(english(e).empty()) << bad;
    }
    alice->send(json{{"type", "get_recent_contacts"}});
    EXPECT_EQ(usernames_of(alice->expect("recent_contacts")), names{}); // the tab goes on
}

} // namespace
} // namespace cvw::test
