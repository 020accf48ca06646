// Table-driven test of the meeting-join machine: every (state x event) pair is either a row below
// (the rows of the theory-of-operation comment) or proven ignored; then the request checks and
// the join without a confirm digit.
#include "cvw/call/meeting_join_machine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace cvw::call::meeting_join {
namespace {

constexpr const char* command_names[] = {"invite_phone", "answer_phone",        "play_prompt",  "stop_prompt",
                                         "join_mixer",   "move_phone_to_mixer", "leave_mixer",  "cancel_phone",
                                         "bye_phone",    "arm_timer",           "cancel_timer", "report_state"};
static_assert(std::size(command_names) == std::variant_size_v<command>);

std::vector<std::string> drain(meeting_join_machine& m) {
    std::vector<std::string> out;
    command c;
    while (m.next_command(c)) out.emplace_back(command_names[c.index()]);
    return out;
}

dial_plan plan() {
    return dial_plan::compile({.allowed = {"\\d{4}", "\\+1\\d{10}"}, .blocked = {"\\+1900\\d{7}"}}).value();
}

events::join_requested request(char digit = '1', std::string callback = "+14255550101") {
    return {.policy = {.enabled = true, .callback_number = std::move(callback), .caller_id = "+14255550100"},
            .bridge_number = "+14255550199",
            .subject = "Weekly sync",
            .confirm_digit = digit};
}

// clang-format off
const std::map<std::string, event> sample_events{
    {"dialled_in", events::dialled_in{"+14255550123"}},
    {"taken_over", events::taken_over{"+14255550123"}},
    {"pin_accepted", events::pin_accepted{}},
    {"pin_refused", events::pin_refused{}},
    {"phone_ringing", events::phone_ringing{}},
    {"phone_answered", events::phone_answered{}},
    {"phone_answered_without_audio", events::phone_answered_without_audio{}},
    {"phone_failed", events::phone_failed{leg_failure::busy}},
    {"phone_hung_up", events::phone_hung_up{}},
    {"digit_1", events::digit_pressed{'1'}},
    {"digit_5", events::digit_pressed{'5'}},
    {"mixer_joined", events::mixer_joined{}},
    {"mixer_refused", events::mixer_refused{}},
    {"mixer_lost", events::mixer_lost{}},
    {"seat_lost", events::seat_lost{}},
    {"moved_to_mixer", events::moved_to_mixer{}},
    {"move_failed", events::move_failed{}},
    {"leave_requested", events::leave_requested{}},
    {"removed", events::removed{}},
    {"meeting_ended", events::meeting_ended{}},
    {"server_stopping", events::server_stopping{}},
    {"timer_ring", events::timer_fired{timer_id::ring}},
    {"timer_confirm", events::timer_fired{timer_id::confirm}},
};

/**
 * Events (after the join was requested with confirm digit 1, or for entering_pin after a call
 * dialled in) that bring a machine into each state.
 */
const std::map<state, std::vector<std::string>> path_to{
    {state::dialing_out, {}},
    {state::entering_pin, {}},
    {state::confirming, {"phone_answered"}},
    {state::joining, {"phone_answered", "digit_1"}},
    {state::moving, {"phone_answered", "digit_1", "mixer_joined"}},
    {state::in_meeting, {"phone_answered", "digit_1", "mixer_joined", "moved_to_mixer"}},
    {state::ended, {"leave_requested"}},
};
// clang-format on

struct row {
    state from;
    std::string event;
    state to;
    end_reason reason;
    std::vector<std::string> commands;
};

using v = std::vector<std::string>;
const v cancel_dial{"cancel_timer", "cancel_phone", "report_state"};
const v quit_confirming{"cancel_timer", "stop_prompt", "bye_phone", "report_state"};
const v quit_mixer{"leave_mixer", "bye_phone", "report_state"};
const v quit_entry{"bye_phone", "report_state"};

// clang-format off
const std::vector<row> rows{
    {state::dialing_out, "phone_ringing", state::dialing_out, end_reason::none, {}},
    {state::dialing_out, "phone_answered", state::confirming, end_reason::none, {"cancel_timer", "play_prompt", "arm_timer", "report_state"}},
    {state::dialing_out, "phone_answered_without_audio", state::ended, end_reason::move_failed, {"cancel_timer", "bye_phone", "report_state"}},
    {state::dialing_out, "phone_failed", state::ended, end_reason::phone_busy, {"cancel_timer", "report_state"}},
    {state::dialing_out, "timer_ring", state::ended, end_reason::phone_no_answer, {"cancel_phone", "report_state"}},
    {state::dialing_out, "leave_requested", state::ended, end_reason::cancelled, cancel_dial},
    {state::dialing_out, "removed", state::ended, end_reason::removed, cancel_dial},
    {state::dialing_out, "meeting_ended", state::ended, end_reason::meeting_ended, cancel_dial},
    {state::dialing_out, "mixer_lost", state::ended, end_reason::mixer_unavailable, cancel_dial},
    {state::dialing_out, "server_stopping", state::ended, end_reason::server_stopped, cancel_dial},

    {state::entering_pin, "pin_accepted", state::joining, end_reason::none, {"join_mixer", "report_state"}},
    {state::entering_pin, "pin_refused", state::ended, end_reason::not_admitted, quit_entry},
    {state::entering_pin, "phone_hung_up", state::ended, end_reason::phone_hung_up, {"report_state"}},
    {state::entering_pin, "leave_requested", state::ended, end_reason::left, quit_entry},
    {state::entering_pin, "mixer_lost", state::ended, end_reason::mixer_unavailable, quit_entry},
    {state::entering_pin, "server_stopping", state::ended, end_reason::server_stopped, quit_entry},

    {state::confirming, "digit_1", state::joining, end_reason::none, {"cancel_timer", "stop_prompt", "join_mixer", "report_state"}},
    {state::confirming, "timer_confirm", state::ended, end_reason::not_confirmed, {"stop_prompt", "bye_phone", "report_state"}},
    {state::confirming, "phone_hung_up", state::ended, end_reason::phone_hung_up, {"cancel_timer", "stop_prompt", "report_state"}},
    {state::confirming, "leave_requested", state::ended, end_reason::left, quit_confirming},
    {state::confirming, "removed", state::ended, end_reason::removed, quit_confirming},
    {state::confirming, "meeting_ended", state::ended, end_reason::meeting_ended, quit_confirming},
    {state::confirming, "mixer_lost", state::ended, end_reason::mixer_unavailable, quit_confirming},
    {state::confirming, "server_stopping", state::ended, end_reason::server_stopped, quit_confirming},

    {state::joining, "mixer_joined", state::moving, end_reason::none, {"move_phone_to_mixer", "report_state"}},
    {state::joining, "mixer_refused", state::ended, end_reason::mixer_unavailable, {"bye_phone", "report_state"}},
    {state::joining, "phone_hung_up", state::ended, end_reason::phone_hung_up, {"leave_mixer", "report_state"}},
    {state::joining, "leave_requested", state::ended, end_reason::left, quit_mixer},
    {state::joining, "removed", state::ended, end_reason::removed, quit_mixer},
    {state::joining, "meeting_ended", state::ended, end_reason::meeting_ended, quit_mixer},
    {state::joining, "mixer_lost", state::ended, end_reason::mixer_unavailable, quit_mixer},
    {state::joining, "server_stopping", state::ended, end_reason::server_stopped, quit_mixer},

    {state::moving, "moved_to_mixer", state::in_meeting, end_reason::none, {"report_state"}},
    {state::moving, "move_failed", state::ended, end_reason::move_failed, quit_mixer},
    {state::moving, "phone_hung_up", state::ended, end_reason::phone_hung_up, {"leave_mixer", "report_state"}},
    {state::moving, "leave_requested", state::ended, end_reason::left, quit_mixer},
    {state::moving, "removed", state::ended, end_reason::removed, quit_mixer},
    {state::moving, "meeting_ended", state::ended, end_reason::meeting_ended, quit_mixer},
    {state::moving, "mixer_lost", state::ended, end_reason::mixer_unavailable, quit_mixer},
    {state::moving, "seat_lost", state::ended, end_reason::bridge_hung_up, quit_mixer},
    {state::moving, "server_stopping", state::ended, end_reason::server_stopped, quit_mixer},

    {state::in_meeting, "phone_hung_up", state::ended, end_reason::phone_hung_up, {"leave_mixer", "report_state"}},
    {state::in_meeting, "leave_requested", state::ended, end_reason::left, quit_mixer},
    {state::in_meeting, "removed", state::ended, end_reason::removed, quit_mixer},
    {state::in_meeting, "meeting_ended", state::ended, end_reason::meeting_ended, quit_mixer},
    {state::in_meeting, "mixer_lost", state::ended, end_reason::mixer_unavailable, quit_mixer},
    {state::in_meeting, "seat_lost", state::ended, end_reason::bridge_hung_up, quit_mixer},
    {state::in_meeting, "server_stopping", state::ended, end_reason::server_stopped, quit_mixer},
};
// clang-format on

meeting_join_machine machine_in(state s) {
    meeting_join_machine m(plan());
    if (s == state::entering_pin) EXPECT_TRUE(m.handle(events::dialled_in{"+14255550123"}));
    else EXPECT_TRUE(m.handle(request()));
    for (const auto& name : path_to.at(s)) EXPECT_TRUE(m.handle(sample_events.at(name))) << name;
    drain(m);
    EXPECT_EQ(m.current(), s);
    return m;
}

} // namespace

TEST(meeting_join_machine, every_state_event_pair_is_a_row_or_ignored) {
    int handled = 0;
    for (const auto& state_path : path_to) {
        const state s = state_path.first;
        for (const auto& [event_name, ev] : sample_events) {
            const std::string name = event_name;
            SCOPED_TRACE(std::string(to_string(s)) + " x " + name);
            auto m = machine_in(s);
            const auto before = m.reason();
            const bool result = m.handle(ev);
            const auto commands = drain(m);
            const auto it =
                std::find_if(rows.begin(), rows.end(), [&](const row& r) { return r.from == s && r.event == name; });
            if (it == rows.end()) {
                EXPECT_FALSE(result);
                EXPECT_TRUE(commands.empty());
                EXPECT_EQ(m.current(), s);
                EXPECT_EQ(m.reason(), before);
            } else {
                EXPECT_TRUE(result);
                EXPECT_EQ(m.current(), it->to);
                EXPECT_EQ(m.reason(), it->reason);
                EXPECT_EQ(commands, it->commands);
                ++handled;
            }
        }
    }
    EXPECT_EQ(handled, static_cast<int>(rows.size()));
}

TEST(meeting_join_machine, the_phone_rings_showing_the_bridge_number) {
    meeting_join_machine m(plan());
    ASSERT_TRUE(m.handle(request()));
    command c;
    ASSERT_TRUE(m.next_command(c));
    const auto& invite = std::get<commands::invite_phone>(c);
    EXPECT_EQ(invite.number, "+14255550101");
    EXPECT_EQ(invite.caller_id, "+14255550199");
    EXPECT_EQ(invite.display_name, "cvw: meeting Weekly sync");
    ASSERT_TRUE(m.next_command(c));
    EXPECT_EQ(std::get<commands::arm_timer>(c).timer, timer_id::ring);
    EXPECT_EQ(std::get<commands::arm_timer>(c).after_ms, timeouts{}.ring_ms);
    EXPECT_EQ(m.current(), state::dialing_out);
    EXPECT_EQ(m.phone_number(), "+14255550101");
    EXPECT_TRUE(m.handle(events::phone_ringing{}));
    EXPECT_TRUE(m.phone_is_ringing());
    EXPECT_FALSE(m.handle(events::phone_ringing{})) << "ringing is noted once";
}

TEST(meeting_join_machine, without_a_confirm_digit_the_answered_phone_joins_at_once) {
    meeting_join_machine m(plan());
    ASSERT_TRUE(m.handle(request(0)));
    drain(m);
    ASSERT_TRUE(m.handle(events::phone_answered{}));
    EXPECT_EQ(drain(m), (v{"cancel_timer", "join_mixer", "report_state"}));
    EXPECT_EQ(m.current(), state::joining);
    EXPECT_FALSE(m.handle(events::digit_pressed{'1'}));
}

TEST(meeting_join_machine, a_caller_who_dialled_in_is_answered_and_reported_only_once_admitted) {
    meeting_join_machine m(plan());
    ASSERT_TRUE(m.handle(events::dialled_in{"+14255550123"}));
    EXPECT_EQ(drain(m), v{"answer_phone"}) << "no report: the caller is in no meeting yet";
    EXPECT_EQ(m.current(), state::entering_pin);
    EXPECT_EQ(m.phone_number(), "+14255550123");
    EXPECT_FALSE(m.handle(events::digit_pressed{'1'})) << "keys are the PIN entry's, not a confirm digit";
    EXPECT_FALSE(m.handle(events::join_requested{request()}));
    ASSERT_TRUE(m.handle(events::pin_accepted{}));
    EXPECT_EQ(drain(m), (v{"join_mixer", "report_state"}));
    EXPECT_EQ(m.current(), state::joining);
}

TEST(meeting_join_machine, a_phone_handed_over_from_a_call_goes_straight_to_its_seat) {
    meeting_join_machine m(plan());
    ASSERT_TRUE(m.handle(events::taken_over{"+14255550123"}));
    EXPECT_EQ(drain(m), (v{"join_mixer", "report_state"})) << "no INVITE: the phone is up already";
    EXPECT_EQ(m.current(), state::joining);
    EXPECT_EQ(m.phone_number(), "+14255550123");
    EXPECT_FALSE(m.handle(events::taken_over{"+14255550124"}));
    EXPECT_FALSE(m.handle(events::digit_pressed{'1'})) << "no confirm digit: a person is talking on it";
    ASSERT_TRUE(m.handle(events::phone_hung_up{}));
    EXPECT_EQ(drain(m), (v{"leave_mixer", "report_state"}));
    EXPECT_EQ(m.reason(), end_reason::phone_hung_up);
}

TEST(meeting_join_machine, no_join_rings_a_number_the_user_may_not_reach) {
    struct refusal {
        events::join_requested req;
        end_reason reason;
    };
    auto disabled = request();
    disabled.policy.enabled = false;
    const std::vector<refusal> refusals{
        {disabled, end_reason::not_allowed_by_policy},
        {request('1', ""), end_reason::no_callback_number},
        {request('1', "+19005550100"), end_reason::callback_not_allowed},
        {request('1', "not a number"), end_reason::callback_not_allowed},
    };
    for (const auto& r : refusals) {
        meeting_join_machine m(plan());
        EXPECT_TRUE(m.handle(r.req));
        EXPECT_EQ(drain(m), v{"report_state"}) << to_string(r.reason);
        EXPECT_EQ(m.current(), state::ended);
        EXPECT_EQ(m.reason(), r.reason);
    }
}

TEST(meeting_join_machine, names_round_trip) {
    for (int r = 0; r <= static_cast<int>(end_reason::not_admitted); ++r)
        EXPECT_EQ(parse_end_reason(to_string(static_cast<end_reason>(r))), static_cast<end_reason>(r));
    EXPECT_EQ(parse_end_reason("nonsense"), std::nullopt);
    EXPECT_EQ(name_of(events::digit_pressed{'1'}), "digit_pressed");
    EXPECT_EQ(name_of(events::timer_fired{timer_id::ring}), "timer_fired");
}

} // namespace cvw::call::meeting_join
