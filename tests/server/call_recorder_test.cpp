// The call recorder over a real SQLite call log: what the tabs hear of each step, when presence
// says "in a call", and the one log row each finished call leaves, for both kinds of call and for
// calls only the desk phone saw.
#include "test_server.hpp"

#include "app/call_recorder.hpp"
#include "app/directory_service.hpp"
#include "app/fan_out.hpp"
#include "app/presence_service.hpp"
#include "cvw/protocol/codec.hpp"
#include "log.hpp"
#include "store/database.hpp"

#include <gtest/gtest.h>

namespace cvw::test {
namespace {

using namespace cvw::call;

class call_recorder_test : public ::testing::Test {
protected:
    call_recorder_test() {
        add_demo_users(dir.path / "cvw.db");
        server::set_log_enabled(false);
    }
    ~call_recorder_test() override { server::set_log_enabled(true); }

    /** Nobody listens: the directory's presence lookups need somewhere to send, not a listener. */
    struct no_tabs : server::fan_out {
        void to_user(std::int64_t, protocol::event) override {}
        void to_watchers(std::int64_t, std::string, protocol::event) override {}
        void to_everyone(protocol::event) override {}
    };

    temp_dir dir;
    server::server_config config = example_config(dir.path); // 00 and 011 prefixes, North American numbers
    dial_plan plan = dial_plan::compile(config.dial_plan).value();
    server::database db{(dir.path / "cvw.db").string()};
    server::user_store users{db};
    server::call_log log{db};
    no_tabs nowhere;
    server::presence_service presence{users, nowhere};
    server::directory_service directory{config, plan, users, presence, nowhere};
    std::vector<std::pair<std::int64_t, protocol::event>> heard;
    std::vector<std::pair<std::int64_t, bool>> in_call;
    server::call_recorder recorder{
        log,
        directory,
        {.tabs = [this](std::int64_t user, const protocol::event& e) { heard.emplace_back(user, e); },
         .presence = [this](std::int64_t user, bool calling) { in_call.emplace_back(user, calling); }}};
};

call_update outgoing(state now, end_reason reason = end_reason::none) {
    return {.call_id = "call-00000000000000aa",
            .user_id = 1,
            .progress = click_to_call_progress{.now = now, .reason = reason},
            .peer = {.name = "Bob Jones", .number = "1002", .username = ""},
            .started_at_ms = 1000,
            .connected_at_ms = now == state::connected || now == state::ended ? 3000 : 0,
            .ended_at_ms = now == state::ended ? 65000 : 0};
}

TEST_F(call_recorder_test, a_tab_opening_during_a_call_learns_its_last_step_and_nothing_once_it_ended) {
    EXPECT_TRUE(recorder.live_calls(1).empty());
    recorder.record(outgoing(state::calling_own_phone));
    recorder.record(outgoing(state::connected));
    auto other = outgoing(state::calling_own_phone);
    other.user_id = 2;
    recorder.record(other);

    const auto live = recorder.live_calls(1);
    ASSERT_EQ(live.size(), 1u);
    ASSERT_TRUE(std::holds_alternative<protocol::call_state>(live[0]));
    EXPECT_EQ(std::get<protocol::call_state>(live[0]).state, "connected");
    EXPECT_EQ(recorder.live_calls(2).size(), 1u);

    recorder.record(outgoing(state::ended, end_reason::hung_up_by_user));
    EXPECT_TRUE(recorder.live_calls(1).empty());
    EXPECT_EQ(recorder.live_calls(2).size(), 1u);
}

TEST_F(call_recorder_test, a_click_to_call_is_told_to_the_tabs_in_a_call_while_connected_and_logged_once) {
    recorder.record(outgoing(state::calling_own_phone));
    recorder.record(outgoing(state::calling_callee));
    EXPECT_TRUE(in_call.empty()); // ringing is not talking
    EXPECT_TRUE(log.recent(1, 10).empty());
    recorder.record(outgoing(state::connected));
    EXPECT_EQ(in_call, (std::vector<std::pair<std::int64_t, bool>>{{1, true}}));
    recorder.record(outgoing(state::ended, end_reason::hung_up_by_user));
    EXPECT_EQ(in_call, (std::vector<std::pair<std::int64_t, bool>>{{1, true}, {1, false}}));

    ASSERT_EQ(heard.size(), 4u);
    for (const auto& [user, e] : heard) EXPECT_EQ(user, 1);
    const auto& last = std::get<protocol::call_state>(heard.back().second);
    EXPECT_EQ(last.state, "ended");
    EXPECT_EQ(last.reason, "hung_up_by_user");

    const auto rows = log.recent(1, 10);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].direction, "outgoing");
    EXPECT_EQ(rows[0].peer_name, "Bob Jones");
    EXPECT_EQ(rows[0].number, "1002");
    EXPECT_EQ(rows[0].started_at_ms, 1000);
    EXPECT_EQ(rows[0].answered_at_ms, 3000);
    EXPECT_EQ(rows[0].ended_at_ms, 65000);
    EXPECT_EQ(rows[0].outcome, "hung_up_by_user");
    EXPECT_EQ(rows[0].via, "cvw");
}

TEST_F(call_recorder_test, a_missed_incoming_call_is_logged_unanswered_as_incoming) {
    recorder.record({.call_id = "in-00000000000000bb",
                     .user_id = 2,
                     .progress = incoming_progress{.now = incoming::state::ringing, .desk_phone_ringing = true},
                     .peer = {.name = "Carol Diaz", .number = "+14255550103", .username = "carol"},
                     .started_at_ms = 5000});
    recorder.record({.call_id = "in-00000000000000bb",
                     .user_id = 2,
                     .progress = incoming_progress{.now = incoming::state::ended, .how = incoming::outcome::missed},
                     .peer = {.name = "Carol Diaz", .number = "+14255550103", .username = "carol"},
                     .started_at_ms = 5000,
                     .ended_at_ms = 35000});
    ASSERT_EQ(heard.size(), 2u);
    EXPECT_EQ(std::get<protocol::incoming_call>(heard[0].second).state, "ringing");
    EXPECT_EQ(std::get<protocol::incoming_call>(heard[1].second).outcome, "missed");
    const auto rows = log.recent(2, 10);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].direction, "incoming");
    EXPECT_EQ(rows[0].peer_name, "Carol Diaz");
    EXPECT_EQ(rows[0].answered_at_ms, 0);
    EXPECT_EQ(rows[0].outcome, "missed");
}

TEST_F(call_recorder_test, a_call_held_back_by_do_not_disturb_reaches_the_tabs_only_as_its_log_entry) {
    const incoming_progress quiet{.now = incoming::state::ringing, .desk_phone_ringing = true, .tabs_ring = false};
    call_update u{.call_id = "in-00000000000000cc",
                  .user_id = 2,
                  .progress = quiet,
                  .peer = {.name = "Carol Diaz", .number = "+14255550103", .username = "carol"},
                  .started_at_ms = 5000};
    recorder.record(u);
    EXPECT_TRUE(heard.empty()); // the tabs do not ring
    EXPECT_TRUE(recorder.live_calls(2).empty());
    u.progress =
        incoming_progress{.now = incoming::state::ended, .how = incoming::outcome::do_not_disturb, .tabs_ring = false};
    u.ended_at_ms = 35000;
    recorder.record(u);
    ASSERT_EQ(heard.size(), 1u);
    const auto& logged = std::get<protocol::call_logged>(heard[0].second).call;
    EXPECT_EQ(logged.outcome, "do_not_disturb");
    EXPECT_EQ(logged.direction, "incoming");
    EXPECT_EQ(logged.peer_name, "Carol Diaz");
    EXPECT_GT(logged.id, 0);
    const auto rows = log.recent(2, 10);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].outcome, "do_not_disturb");
}

/** A way into meeting m-1 that ended after a minute in it. */
call_update meeting_join_of(std::int64_t user, std::string number, bool dialled_in, std::int64_t invited_by = 0) {
    return {.call_id = "call-" + number,
            .user_id = user,
            .progress = meeting_join_progress{.now = meeting_join::state::ended,
                                              .reason = meeting_join::end_reason::phone_hung_up,
                                              .meeting_id = "m-1",
                                              .muted = false,
                                              .invited_by = invited_by,
                                              .dialled_in = dialled_in},
            .peer = {.name = "Weekly sync", .number = std::move(number), .username = ""},
            .started_at_ms = 1000,
            .connected_at_ms = 5000,
            .ended_at_ms = 65000};
}

TEST_F(call_recorder_test, every_way_into_a_meeting_is_logged_with_how_it_came_and_an_outside_numbers_with_no_user) {
    recorder.record(meeting_join_of(1, "+14255550101", false));    // the meeting rang Alice's phone
    recorder.record(meeting_join_of(2, "+14255550102", true));     // Bob called the bridge
    recorder.record(meeting_join_of(0, "+15035550177", false, 1)); // a number Alice dialled in
    recorder.record(meeting_join_of(0, "+15035550188", true));     // an outside caller on the bridge

    const auto alices = log.recent(1, 10);
    ASSERT_EQ(alices.size(), 1u);
    EXPECT_EQ(alices[0].direction, "meeting");
    EXPECT_EQ(alices[0].meeting_id, "m-1");
    EXPECT_EQ(alices[0].peer_name, "Weekly sync");
    ASSERT_EQ(log.recent(2, 10).size(), 1u);
    EXPECT_EQ(log.recent(2, 10)[0].direction, "meeting_dial_in");

    const auto all = log.between(0, 100000);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[2].user_id, 0);
    EXPECT_EQ(all[2].number, "+15035550177");
    EXPECT_EQ(all[2].direction, "meeting");
    EXPECT_EQ(all[3].user_id, 0);
    EXPECT_EQ(all[3].direction, "meeting_dial_in");
    EXPECT_EQ(all[3].meeting_id, "m-1");
    EXPECT_EQ(all[3].answered_at_ms, 5000);

    // Nobody's tabs or presence hear of the outside numbers.
    for (const auto& [user, e] : heard) EXPECT_NE(user, 0);
    EXPECT_EQ(heard.size(), 2u);
    for (const auto& [user, calling] : in_call) EXPECT_NE(user, 0);
}

TEST_F(call_recorder_test, the_tabs_still_hear_that_a_call_ended_when_the_log_cannot_be_written) {
    db.exec("DROP TABLE calls");
    recorder.record(outgoing(state::ended, end_reason::callee_busy));
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(std::get<protocol::call_state>(heard[0].second).reason, "callee_busy");
    EXPECT_EQ(in_call, (std::vector<std::pair<std::int64_t, bool>>{{1, false}}));
}

TEST_F(call_recorder_test, calls_only_the_desk_phone_saw_are_named_from_the_directory_or_cleaned_and_logged_via_phone) {
    const std::string long_name(150, 'x');
    recorder.record_desk_phone_calls(1, {{.call_id = "d1",
                                          .outgoing = true,
                                          .number = "4255550102", // bob's desk phone, as a PBX may write it
                                          .display = "whatever the PBX said",
                                          .started_at_ms = 1000,
                                          .answered_at_ms = 2000,
                                          .ended_at_ms = 9000,
                                          .outcome = phone::phone_outcome::answered},
                                         {.call_id = "d2",
                                          .outgoing = false,
                                          .number = "+442079460018",
                                          .display = std::string("\x01") + "Caller " + long_name,
                                          .started_at_ms = 3000,
                                          .answered_at_ms = 0,
                                          .ended_at_ms = 4000,
                                          .outcome = phone::phone_outcome::missed}});
    const auto rows = log.recent(1, 10); // newest first
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].peer_name, "Bob Jones");
    EXPECT_EQ(rows[1].direction, "outgoing");
    EXPECT_EQ(rows[1].outcome, "answered");
    EXPECT_EQ(rows[0].direction, "incoming");
    EXPECT_EQ(rows[0].outcome, "missed");
    EXPECT_EQ(rows[0].peer_name.find('\x01'), std::string::npos);
    EXPECT_LE(rows[0].peer_name.size(), protocol::limits::peer_name);
    for (const auto& r : rows) EXPECT_EQ(r.via, "phone");

    ASSERT_EQ(heard.size(), 2u);
    const auto& logged = std::get<protocol::call_logged>(heard[0].second).call;
    EXPECT_EQ(logged.id, rows[1].id);
    EXPECT_EQ(logged.via, "phone");
    EXPECT_EQ(logged.outcome, rows[1].outcome);
    EXPECT_EQ(logged.peer_name, rows[1].peer_name);
    EXPECT_TRUE(in_call.empty()); // the desk phone's own "in a call" is the hub's to track
}

} // namespace
} // namespace cvw::test
