// The presence service over a real SQLite directory, with a fan-out that records what it was asked
// to publish: each change goes out once, to the user's watchers, with what the user chose.
#include "test_server.hpp"

#include "app/presence_service.hpp"

#include <gtest/gtest.h>

#include <variant>

namespace cvw::test {
namespace {

/** What the service asked to publish: (user, username, presence) per presence_changed. */
struct recording_fan_out final : server::fan_out {
    struct published {
        std::int64_t user_id;
        std::string username;
        presence state;
        bool operator==(const published&) const = default;
    };
    std::vector<published> out;

    void to_user(std::int64_t, protocol::event) override { ADD_FAILURE() << "presence goes to watchers only"; }
    void to_everyone(protocol::event) override { ADD_FAILURE() << "presence goes to watchers only"; }
    void to_watchers(std::int64_t user_id, std::string username, protocol::event e) override {
        const auto* changed = std::get_if<protocol::presence_changed>(&e);
        ASSERT_NE(changed, nullptr);
        EXPECT_EQ(changed->username, username);
        out.push_back({user_id, std::move(username), changed->state});
    }
};

class presence_service_test : public ::testing::Test {
protected:
    presence_service_test() {
        add_demo_users(dir.path / "cvw.db");
        alice = users.find("alice")->id;
    }

    temp_dir dir;
    server::database db{(dir.path / "cvw.db").string()};
    server::user_store users{db};
    recording_fan_out fan;
    server::presence_service service{users, fan};
    std::int64_t alice = 0;
    using source = server::presence_service::call_source;
};

TEST_F(presence_service_test, coming_online_shows_what_the_user_chose_last) {
    users.set_availability(alice, "away");
    EXPECT_EQ(service.of(alice), presence::offline);
    service.came_online(alice);
    EXPECT_TRUE(service.online(alice));
    ASSERT_EQ(fan.out, (std::vector<recording_fan_out::published>{{alice, "alice", presence::away}}));
    service.went_offline(alice);
    EXPECT_EQ(fan.out.back(), (recording_fan_out::published{alice, "alice", presence::offline}));
    service.went_offline(alice);
    EXPECT_EQ(fan.out.size(), 2U) << "going offline twice publishes once";
    service.came_online(alice);
    service.came_online(alice);
    EXPECT_EQ(fan.out.size(), 3U) << "coming online twice publishes once";
}

TEST_F(presence_service_test, a_choice_is_stored_and_published_only_when_it_changes) {
    service.came_online(alice);
    fan.out.clear();
    service.choose(alice, availability::busy);
    service.choose(alice, availability::busy);
    ASSERT_EQ(fan.out, (std::vector<recording_fan_out::published>{{alice, "alice", presence::busy}}));
    EXPECT_EQ(users.find(alice)->availability, "busy");
}

TEST_F(presence_service_test, a_choice_made_before_the_tab_is_counted_shows_when_it_is) {
    // The tab's join reaches the service after a command it sent right after hello.
    service.choose(alice, availability::do_not_disturb);
    EXPECT_TRUE(fan.out.empty()) << "not online yet: nothing to publish";
    service.came_online(alice);
    ASSERT_EQ(fan.out.size(), 1U);
    EXPECT_EQ(fan.out[0].state, presence::do_not_disturb);
}

TEST_F(presence_service_test, a_call_shows_once_whichever_source_reports_it) {
    service.came_online(alice);
    fan.out.clear();
    service.set_in_call(source::cvw_call, alice, true);
    service.set_in_call(source::desk_phone, alice, true); // the desk phone says so too
    service.set_in_call(source::cvw_call, alice, false);  // still in a call by the desk phone
    EXPECT_EQ(fan.out, (std::vector<recording_fan_out::published>{{alice, "alice", presence::in_a_call}}));
    service.set_in_call(source::desk_phone, alice, false);
    EXPECT_EQ(fan.out.back(), (recording_fan_out::published{alice, "alice", presence::available}));
    EXPECT_EQ(fan.out.size(), 2U);
}

TEST_F(presence_service_test, a_busy_desk_phone_shows_with_no_tab_open) {
    service.set_in_call(source::desk_phone, alice, true);
    ASSERT_EQ(fan.out, (std::vector<recording_fan_out::published>{{alice, "alice", presence::in_a_call}}))
        << "named from the directory, as no tab is open";
    EXPECT_FALSE(service.online(alice));
}

TEST_F(presence_service_test, the_welcome_shows_the_user_as_their_tab_will) {
    service.set_in_call(source::cvw_call, alice, true);
    EXPECT_EQ(service.once_online(alice, availability::away), presence::in_a_call);
    EXPECT_EQ(service.once_online(alice, availability::do_not_disturb), presence::do_not_disturb);
}

TEST_F(presence_service_test, unknown_users_publish_nothing) {
    service.set_in_call(source::desk_phone, 999'999, true);
    service.came_online(999'999);
    EXPECT_TRUE(fan.out.empty());
}

} // namespace
} // namespace cvw::test
