// Table-driven test of the connect machine: every (situation x event) pair is either a row below (the
// rows of the theory-of-operation comment) or proven ignored; then both starts and the failures end to end.
#include "cvw/call/connect_machine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace cvw::call::connect {
namespace {

const std::string callee_offer = "v=0 B's offer";
const std::string own_answer = "v=0 A's answer";

std::vector<std::string> drain(connect_machine& m) {
    std::vector<std::string> out;
    command c;
    while (m.next_command(c)) out.push_back(to_string(c));
    return out;
}

std::vector<command> drain_commands(connect_machine& m) {
    std::vector<command> out;
    command c;
    while (m.next_command(c)) out.push_back(c);
    return out;
}

// clang-format off
const std::map<std::string, event> sample_events{
    {"start_with_offer", events::start_with_callee_offer{callee_offer}},
    {"start_without_offer", events::start_with_callee_offer{""}},
    {"start_asking", events::start_asking_callee{}},
    {"timer_settle", events::timer_fired{connect_timer::ack_settle}},
    {"callee_offered", events::callee_offered{callee_offer}},
    {"callee_offered_nothing", events::callee_offered{""}},
    {"callee_refused_500", events::callee_refused_reinvite{500}},
    {"callee_refused_481", events::callee_refused_reinvite{481}},
    {"own_answered", events::own_phone_answered_offer{own_answer}},
    {"own_answered_nothing", events::own_phone_answered_offer{""}},
    {"own_refused_488", events::own_phone_refused_offer{488}},
    {"own_refused_408", events::own_phone_refused_offer{408}},
    {"call_ended", events::call_ended{}},
};
// clang-format on

struct situation {
    std::vector<std::string> path;
    state is;
};

// clang-format off
const std::map<std::string, situation> path_to{
    {"idle", {{}, state::idle}},
    {"settling", {{"start_asking"}, state::settling}},
    {"asking_callee", {{"start_asking", "timer_settle"}, state::asking_callee}},
    {"offering_own_phone/late", {{"start_with_offer"}, state::offering_own_phone}},
    {"offering_own_phone/asked",
     {{"start_asking", "timer_settle", "callee_offered"}, state::offering_own_phone}},
    {"connected", {{"start_with_offer", "own_answered"}, state::connected}},
    {"failed", {{"start_with_offer", "own_refused_488"}, state::failed}},
    {"abandoned/before_start", {{"call_ended"}, state::abandoned}},
    {"abandoned/while_settling", {{"start_asking", "call_ended"}, state::abandoned}},
    {"abandoned/while_asking", {{"start_asking", "timer_settle", "call_ended"}, state::abandoned}},
    {"abandoned/while_offering", {{"start_with_offer", "call_ended"}, state::abandoned}},
};
// clang-format on

struct row {
    std::string from; ///< a key of path_to
    std::string event;
    state to;
    connect_failure why;
    std::vector<std::string> commands;
};

// clang-format off
void add_offering_rows(std::vector<row>& rows, const std::string& from) {
    rows.push_back({from, "own_answered", state::connected, connect_failure::none,
                    {"ack_callee(sdp)", "notify_media_connected"}});
    rows.push_back({from, "own_answered_nothing", state::failed, connect_failure::own_phone_gave_no_answer,
                    {"ack_callee_rejecting", "notify_connect_failed(own_phone_gave_no_answer)"}});
    rows.push_back({from, "own_refused_488", state::failed, connect_failure::own_phone_refused_offer,
                    {"ack_callee_rejecting", "notify_connect_failed(own_phone_refused_offer, 488)"}});
    rows.push_back({from, "own_refused_408", state::failed, connect_failure::leg_ended,
                    {"ack_callee_rejecting", "notify_connect_failed(leg_ended, 408)"}});
    rows.push_back({from, "call_ended", state::abandoned, connect_failure::none, {"ack_callee_rejecting"}});
}

std::vector<row> full_table() {
    std::vector<row> rows{
        {"idle", "start_with_offer", state::offering_own_phone, connect_failure::none,
         {"reinvite_own_phone(sdp)"}},
        {"idle", "start_without_offer", state::failed, connect_failure::callee_gave_no_offer,
         {"ack_callee", "notify_connect_failed(callee_gave_no_offer)"}},
        {"idle", "start_asking", state::settling, connect_failure::none, {"arm_timer(ack_settle, 100)"}},
        {"idle", "call_ended", state::abandoned, connect_failure::none, {}},
        {"settling", "timer_settle", state::asking_callee, connect_failure::none, {"reinvite_callee"}},
        {"settling", "call_ended", state::abandoned, connect_failure::none, {"cancel_timer(ack_settle)"}},
        {"asking_callee", "callee_offered", state::offering_own_phone, connect_failure::none,
         {"reinvite_own_phone(sdp)"}},
        {"asking_callee", "callee_offered_nothing", state::failed, connect_failure::callee_gave_no_offer,
         {"ack_callee", "notify_connect_failed(callee_gave_no_offer)"}},
        {"asking_callee", "callee_refused_500", state::failed, connect_failure::callee_refused_reinvite,
         {"notify_connect_failed(callee_refused_reinvite, 500)"}},
        {"asking_callee", "callee_refused_481", state::failed, connect_failure::leg_ended,
         {"notify_connect_failed(leg_ended, 481)"}},
        {"asking_callee", "call_ended", state::abandoned, connect_failure::none, {}},
        // The call ended while B's re-INVITE was out: its 2xx still gets the ACK it needs, and only that.
        {"abandoned/while_asking", "callee_offered", state::abandoned, connect_failure::none,
         {"ack_callee_rejecting"}},
        {"abandoned/while_asking", "callee_offered_nothing", state::abandoned, connect_failure::none,
         {"ack_callee"}},
        {"abandoned/while_asking", "callee_refused_500", state::abandoned, connect_failure::none, {}},
        {"abandoned/while_asking", "callee_refused_481", state::abandoned, connect_failure::none, {}},
    };
    add_offering_rows(rows, "offering_own_phone/late");
    add_offering_rows(rows, "offering_own_phone/asked");
    return rows;
}
// clang-format on

connect_machine machine_in(const std::string& name) {
    connect_machine m;
    for (const auto& step : path_to.at(name).path)
        EXPECT_TRUE(m.handle(sample_events.at(step))) << name << ": " << step;
    drain(m);
    EXPECT_EQ(m.current(), path_to.at(name).is) << name;
    return m;
}

} // namespace

TEST(connect_machine, every_situation_event_pair_is_a_row_or_ignored) {
    const auto rows = full_table();
    int handled = 0, ignored = 0;
    for (const auto& situation_entry : path_to) {
        const std::string from = situation_entry.first; // named, not bound: clang 14 cannot capture bindings
        for (const auto& [event_name, ev] : sample_events) {
            const std::string name = event_name;
            SCOPED_TRACE(from + " x " + name);
            auto m = machine_in(from);
            const state before = m.current();
            const connect_failure why_before = m.failure();
            const bool result = m.handle(ev);
            const auto commands = drain(m);
            const auto it =
                std::find_if(rows.begin(), rows.end(), [&](const row& r) { return r.from == from && r.event == name; });
            if (it == rows.end()) {
                EXPECT_FALSE(result);
                EXPECT_TRUE(commands.empty());
                EXPECT_EQ(m.current(), before);
                EXPECT_EQ(m.failure(), why_before);
                ++ignored;
            } else {
                EXPECT_TRUE(result);
                EXPECT_EQ(to_string(m.current()), to_string(it->to));
                EXPECT_EQ(to_string(m.failure()), to_string(it->why));
                EXPECT_EQ(commands, it->commands);
                ++handled;
            }
        }
    }
    EXPECT_EQ(handled, static_cast<int>(rows.size()));
    EXPECT_EQ(handled + ignored, static_cast<int>(path_to.size() * sample_events.size()));
}

TEST(connect_machine, late_offer_b_offer_goes_to_a_and_a_answer_goes_back_in_b_ack) {
    connect_machine m;
    EXPECT_TRUE(m.handle(events::start_with_callee_offer{callee_offer}));
    auto sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(std::get<commands::reinvite_own_phone>(sent[0]).sdp, callee_offer);
    EXPECT_TRUE(m.handle(events::own_phone_answered_offer{own_answer}));
    sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(std::get<commands::ack_callee>(sent[0]).sdp, own_answer);
    EXPECT_TRUE(std::holds_alternative<commands::notify_media_connected>(sent[1]));
    EXPECT_EQ(m.current(), state::connected);
    EXPECT_FALSE(m.handle(events::call_ended{})); // nothing left to do once connected
    EXPECT_FALSE(m.has_commands());
}

TEST(connect_machine, b_answered_our_offer_so_it_is_asked_for_a_fresh_one_after_the_ack_settles) {
    connect_machine m(250);
    EXPECT_TRUE(m.handle(events::start_asking_callee{}));
    auto sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(std::get<commands::arm_timer>(sent[0]).after_ms, 250);
    EXPECT_FALSE(m.handle(events::callee_offered{callee_offer})); // B was not asked yet
    EXPECT_TRUE(m.handle(events::timer_fired{connect_timer::ack_settle}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"reinvite_callee"});
    EXPECT_TRUE(m.handle(events::callee_offered{callee_offer}));
    sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(std::get<commands::reinvite_own_phone>(sent[0]).sdp, callee_offer);
    EXPECT_TRUE(m.handle(events::own_phone_answered_offer{own_answer}));
    sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(std::get<commands::ack_callee>(sent[0]).sdp, own_answer);
    EXPECT_EQ(m.current(), state::connected);
}

TEST(connect_machine, a_refusal_by_the_desk_phone_still_acks_b_and_says_why) {
    auto m = machine_in("offering_own_phone/asked");
    EXPECT_TRUE(m.handle(events::own_phone_refused_offer{488}));
    const auto sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<commands::ack_callee_rejecting>(sent[0]));
    const auto& failed = std::get<commands::notify_connect_failed>(sent[1]);
    EXPECT_EQ(failed.why, connect_failure::own_phone_refused_offer);
    EXPECT_EQ(failed.status, 488);
    EXPECT_EQ(m.failure(), connect_failure::own_phone_refused_offer);
    for (const auto& sample : sample_events) EXPECT_FALSE(m.handle(sample.second)) << sample.first;
    EXPECT_FALSE(m.has_commands());
}

TEST(connect_machine, ended_while_b_was_asked_acks_its_late_2xx_once_and_sends_nothing_else) {
    auto m = machine_in("asking_callee");
    EXPECT_TRUE(m.handle(events::call_ended{}));
    EXPECT_TRUE(drain(m).empty());
    EXPECT_TRUE(m.handle(events::callee_offered{callee_offer}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"ack_callee_rejecting"});
    EXPECT_FALSE(m.handle(events::callee_offered{callee_offer})); // a retransmission: ACKed once
    EXPECT_FALSE(m.handle(events::own_phone_answered_offer{own_answer}));
    EXPECT_FALSE(m.has_commands());
}

TEST(connect_machine, ended_while_settling_never_reinvites_b) {
    auto m = machine_in("settling");
    EXPECT_TRUE(m.handle(events::call_ended{}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"cancel_timer(ack_settle)"});
    EXPECT_FALSE(m.handle(events::timer_fired{connect_timer::ack_settle})); // fired before it was cancelled
    EXPECT_FALSE(m.has_commands());
}

TEST(connect_machine, names_for_logs) {
    EXPECT_EQ(to_string(event{events::callee_refused_reinvite{500}}), "callee_refused_reinvite(500)");
    EXPECT_EQ(to_string(command{commands::notify_connect_failed{connect_failure::callee_gave_no_offer, 0}}),
              "notify_connect_failed(callee_gave_no_offer)");
    EXPECT_EQ(to_string(command{commands::reinvite_own_phone{callee_offer}}), "reinvite_own_phone(sdp)");
    EXPECT_EQ(to_string(state::offering_own_phone), "offering_own_phone");
}

} // namespace cvw::call::connect
