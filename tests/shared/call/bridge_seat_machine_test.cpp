// Table-driven test of the bridge seat machine: every state reached by a path of events, every
// event tried there, and each pair either a row of the theory-of-operation comment or ignored.
#include "cvw/call/bridge_seat_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace cvw::call::bridge_seat {
namespace {

using lines = std::vector<std::string>;

lines drain(bridge_seat_machine& m) {
    lines out;
    command c;
    while (m.next_command(c)) out.push_back(to_string(c));
    return out;
}

// clang-format off
const std::map<std::string, event> sample_events{
    {"request", events::seat_requested{}},
    {"answered", events::bridge_answered{true}},
    {"answered_no_keys", events::bridge_answered{false}},
    {"failed", events::bridge_failed{486}},
    {"timer_answer", events::timer_fired{timer_id::answer}},
    {"timer_settle", events::timer_fired{timer_id::settle}},
    {"keys_sent", events::keys_sent{}},
    {"took_phone", events::bridge_took_phone{}},
    {"refused_phone", events::bridge_refused_phone{488}},
    {"hung_up", events::bridge_hung_up{}},
    {"leave", events::leave_requested{}},
};
// clang-format on

/** The events that lead from idle to each state. */
const std::map<state, std::vector<std::string>> paths{
    {state::idle, {}},
    {state::calling, {"request"}},
    {state::settling, {"request", "answered"}},
    {state::keying, {"request", "answered", "timer_settle"}},
    {state::pointing, {"request", "answered", "timer_settle", "keys_sent"}},
    {state::seated, {"request", "answered", "timer_settle", "keys_sent", "took_phone"}},
    {state::ended, {"request", "failed"}},
};

struct row {
    state to;
    lines commands;
};

// clang-format off
const std::map<std::pair<state, std::string>, row> table{
    {{state::idle, "request"}, {state::calling, {"invite_bridge", "arm_timer(answer, 15000)"}}},
    {{state::calling, "answered"}, {state::settling, {"cancel_timer(answer)", "arm_timer(settle, 300)"}}},
    {{state::calling, "answered_no_keys"}, {state::ended, {"cancel_timer(answer)", "bye_bridge", "refuse_seat(no_telephone_event)"}}},
    {{state::calling, "failed"}, {state::ended, {"cancel_timer(answer)", "refuse_seat(bridge_failed)"}}},
    {{state::calling, "timer_answer"}, {state::ended, {"cancel_bridge", "refuse_seat(no_answer)"}}},
    {{state::calling, "leave"}, {state::ended, {"cancel_timer(answer)", "cancel_bridge", "refuse_seat(left)"}}},
    {{state::settling, "timer_settle"}, {state::keying, {"send_keys"}}},
    {{state::settling, "hung_up"}, {state::ended, {"cancel_timer(settle)", "refuse_seat(hung_up)"}}},
    {{state::settling, "leave"}, {state::ended, {"cancel_timer(settle)", "bye_bridge", "refuse_seat(left)"}}},
    {{state::keying, "keys_sent"}, {state::pointing, {"point_bridge_at_phone"}}},
    {{state::keying, "hung_up"}, {state::ended, {"stop_keys", "refuse_seat(hung_up)"}}},
    {{state::keying, "leave"}, {state::ended, {"stop_keys", "bye_bridge", "refuse_seat(left)"}}},
    {{state::pointing, "took_phone"}, {state::seated, {"give_seat"}}},
    {{state::pointing, "refused_phone"}, {state::ended, {"bye_bridge", "refuse_seat(refused_phone)"}}},
    {{state::pointing, "hung_up"}, {state::ended, {"refuse_seat(hung_up)"}}},
    {{state::pointing, "leave"}, {state::ended, {"bye_bridge", "refuse_seat(left)"}}},
    {{state::seated, "hung_up"}, {state::ended, {"report_lost"}}},
    {{state::seated, "leave"}, {state::ended, {"bye_bridge"}}},
};
// clang-format on

bridge_seat_machine machine_in(state s) {
    bridge_seat_machine m;
    for (const auto& name : paths.at(s)) EXPECT_TRUE(m.handle(sample_events.at(name))) << name;
    EXPECT_EQ(m.current(), s);
    drain(m);
    return m;
}

TEST(bridge_seat_machine, every_state_and_event_is_a_row_of_the_table_or_ignored) {
    for (const auto& [from, path] : paths) {
        for (const auto& [name, e] : sample_events) {
            SCOPED_TRACE(std::string(to_string(from)) + " + " + name);
            auto m = machine_in(from);
            const auto it = table.find({from, name});
            if (it == table.end()) {
                EXPECT_FALSE(m.handle(e));
                EXPECT_EQ(m.current(), from);
                EXPECT_EQ(drain(m), lines{});
                continue;
            }
            EXPECT_TRUE(m.handle(e));
            EXPECT_EQ(m.current(), it->second.to);
            EXPECT_EQ(drain(m), it->second.commands);
        }
    }
}

TEST(bridge_seat_machine, the_timeouts_it_is_given_are_the_ones_it_arms) {
    bridge_seat_machine m({.answer_ms = 4000, .settle_ms = 1200});
    m.handle(events::seat_requested{});
    EXPECT_EQ(drain(m), (lines{"invite_bridge", "arm_timer(answer, 4000)"}));
    m.handle(events::bridge_answered{true});
    EXPECT_EQ(drain(m), (lines{"cancel_timer(answer)", "arm_timer(settle, 1200)"}));
}

} // namespace
} // namespace cvw::call::bridge_seat
