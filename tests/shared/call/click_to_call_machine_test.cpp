// Table-driven test of the click-to-call machine: every (state x event) pair is either a row of
// the table below (the same rows as the theory-of-operation comment) or proven ignored.
#include "cvw/call/click_to_call_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace cvw::call {
namespace {

dial_plan test_plan() {
    return dial_plan::compile({.rules = {{"00(\\d+)", "+$1"}}, .allowed = {"\\+1\\d{10}", "\\d{4}"}}).value();
}

effective_policy test_policy() { return {.enabled = true, .callback_number = "1001", .caller_id = "+14255550000"}; }

constexpr const char* command_names[] = {"invite_own_phone", "invite_callee", "start_ringback",   "relay_early_media",
                                         "stop_ringback",    "connect_media", "cancel_own_phone", "bye_own_phone",
                                         "cancel_callee",    "bye_callee",    "arm_timer",        "cancel_timer",
                                         "report_state"};

std::vector<std::string> drain(click_to_call_machine& m) {
    std::vector<std::string> out;
    command c;
    while (m.next_command(c)) out.emplace_back(command_names[c.index()]);
    return out;
}

// clang-format off
const std::map<std::string, event> sample_events{
    {"call_requested", events::call_requested{"1002", "Bob", test_policy()}},
    {"own_phone_ringing", events::own_phone_ringing{}},
    {"own_phone_answered", events::own_phone_answered{}},
    {"own_phone_failed", events::own_phone_failed{leg_failure::busy}},
    {"own_phone_hung_up", events::own_phone_hung_up{}},
    {"callee_ringing", events::callee_ringing{}},
    {"callee_early_media", events::callee_early_media{}},
    {"callee_answered", events::callee_answered{}},
    {"callee_failed", events::callee_failed{leg_failure::declined}},
    {"callee_hung_up", events::callee_hung_up{}},
    {"hangup_requested", events::hangup_requested{}},
    {"server_stopping", events::server_stopping{}},
    {"timer_own", events::timer_fired{timer_id::own_phone_ring}},
    {"timer_callee", events::timer_fired{timer_id::callee_ring}},
    {"media_connected", events::media_connected{}},
    {"connect_failed", events::connect_failed{}},
    {"escalate_requested", events::escalate_requested{}},
};
// clang-format on

/** Events that bring a fresh machine into each state. */
// clang-format off
const std::map<state, std::vector<std::string>> path_to{
    {state::idle, {}},
    {state::calling_own_phone, {"call_requested"}},
    {state::own_phone_answered, {"call_requested", "own_phone_answered"}},
    {state::calling_callee, {"call_requested", "own_phone_answered", "callee_ringing"}},
    {state::connecting, {"call_requested", "own_phone_answered", "callee_ringing", "callee_answered"}},
    {state::connected, {"call_requested", "own_phone_answered", "callee_ringing", "callee_answered", "media_connected"}},
    {state::ended, {"call_requested", "hangup_requested"}},
};
// clang-format on

struct row {
    state from;
    std::string event;
    state to;
    end_reason reason;
    std::vector<std::string> commands;
};

// clang-format off
const std::vector<row> table{
    {state::idle, "call_requested", state::calling_own_phone, end_reason::none,
     {"invite_own_phone", "arm_timer", "report_state"}},
    {state::calling_own_phone, "own_phone_ringing", state::calling_own_phone, end_reason::none, {"report_state"}},
    {state::calling_own_phone, "own_phone_answered", state::own_phone_answered, end_reason::none,
     {"cancel_timer", "start_ringback", "invite_callee", "arm_timer", "report_state"}},
    {state::calling_own_phone, "own_phone_failed", state::ended, end_reason::own_phone_busy,
     {"cancel_timer", "report_state"}},
    {state::calling_own_phone, "timer_own", state::ended, end_reason::own_phone_no_answer,
     {"cancel_own_phone", "report_state"}},
    {state::calling_own_phone, "hangup_requested", state::ended, end_reason::cancelled_by_user,
     {"cancel_timer", "cancel_own_phone", "report_state"}},
    {state::calling_own_phone, "server_stopping", state::ended, end_reason::server_stopped,
     {"cancel_timer", "cancel_own_phone", "report_state"}},
    {state::own_phone_answered, "callee_ringing", state::calling_callee, end_reason::none, {"report_state"}},
    {state::own_phone_answered, "callee_early_media", state::calling_callee, end_reason::none,
     {"relay_early_media", "report_state"}},
    {state::calling_callee, "callee_early_media", state::calling_callee, end_reason::none, {"relay_early_media"}},
};
// clang-format on

// clang-format off
/** Rows shared by own_phone_answered and calling_callee: the callee leg is up in both. */
void add_callee_leg_rows(std::vector<row>& rows, state s) {
    rows.push_back({s, "callee_answered", state::connecting, end_reason::none,
                    {"cancel_timer", "stop_ringback", "connect_media"}});
    rows.push_back({s, "callee_failed", state::ended, end_reason::callee_declined,
                    {"cancel_timer", "stop_ringback", "bye_own_phone", "report_state"}});
    rows.push_back({s, "timer_callee", state::ended, end_reason::callee_no_answer,
                    {"cancel_callee", "stop_ringback", "bye_own_phone", "report_state"}});
    rows.push_back({s, "hangup_requested", state::ended, end_reason::cancelled_by_user,
                    {"cancel_timer", "cancel_callee", "stop_ringback", "bye_own_phone", "report_state"}});
    rows.push_back({s, "server_stopping", state::ended, end_reason::server_stopped,
                    {"cancel_timer", "cancel_callee", "stop_ringback", "bye_own_phone", "report_state"}});
    rows.push_back({s, "own_phone_hung_up", state::ended, end_reason::own_phone_hung_up,
                    {"cancel_timer", "cancel_callee", "stop_ringback", "report_state"}});
}

std::vector<row> full_table() {
    auto rows = table;
    add_callee_leg_rows(rows, state::own_phone_answered);
    add_callee_leg_rows(rows, state::calling_callee);
    rows.push_back({state::connecting, "media_connected", state::connected, end_reason::none, {"report_state"}});
    // Once the callee answered, both legs are up whether or not the phones talk yet.
    for (const state s : {state::connecting, state::connected}) {
        rows.push_back({s, "hangup_requested", state::ended, end_reason::hung_up_by_user,
                        {"bye_own_phone", "bye_callee", "report_state"}});
        rows.push_back({s, "server_stopping", state::ended, end_reason::server_stopped,
                        {"bye_own_phone", "bye_callee", "report_state"}});
        rows.push_back({s, "own_phone_hung_up", state::ended, end_reason::own_phone_hung_up,
                        {"bye_callee", "report_state"}});
        rows.push_back({s, "callee_hung_up", state::ended, end_reason::callee_hung_up, {"bye_own_phone", "report_state"}});
        rows.push_back({s, "connect_failed", state::ended, end_reason::connect_failed,
                        {"bye_own_phone", "bye_callee", "report_state"}});
    }
    // Add person: only phones that talk to each other can be handed to a meeting, and neither is hung up.
    rows.push_back({state::connected, "escalate_requested", state::ended, end_reason::escalated, {"report_state"}});
    return rows;
}
// clang-format on

click_to_call_machine machine_in(state s) {
    click_to_call_machine m(test_plan());
    for (const auto& name : path_to.at(s)) EXPECT_TRUE(m.handle(sample_events.at(name))) << name;
    drain(m);
    EXPECT_EQ(m.current(), s);
    return m;
}

} // namespace

TEST(click_to_call_machine, every_state_event_pair_is_handled_or_ignored) {
    const auto rows = full_table();
    int handled = 0, ignored = 0;
    for (const auto& state_path : path_to) {
        const state s = state_path.first;
        for (const auto& [event_name, ev] : sample_events) {
            const std::string name = event_name;
            SCOPED_TRACE(std::string(to_string(s)) + " x " + name);
            auto m = machine_in(s);
            const auto reason_before = m.reason();
            const bool result = m.handle(ev);
            const auto commands = drain(m);
            auto it =
                std::find_if(rows.begin(), rows.end(), [&](const row& r) { return r.from == s && r.event == name; });
            if (it == rows.end()) {
                EXPECT_FALSE(result);
                EXPECT_TRUE(commands.empty());
                EXPECT_EQ(m.current(), s);
                EXPECT_EQ(m.reason(), reason_before);
                ++ignored;
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
    EXPECT_EQ(handled + ignored, static_cast<int>(path_to.size() * sample_events.size()));
}

TEST(click_to_call_machine, early_media_is_relayed_once_and_stopped_on_answer) {
    auto m = machine_in(state::calling_callee);
    EXPECT_TRUE(m.handle(events::callee_early_media{}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"relay_early_media"});
    EXPECT_FALSE(m.handle(events::callee_early_media{}));
    EXPECT_TRUE(drain(m).empty());
    EXPECT_TRUE(m.handle(events::callee_answered{}));
    EXPECT_EQ(drain(m), (std::vector<std::string>{"cancel_timer", "stop_ringback", "connect_media"}));
}

TEST(click_to_call_machine, ringing_is_reported_once) {
    auto m = machine_in(state::calling_own_phone);
    EXPECT_TRUE(m.handle(events::own_phone_ringing{}));
    EXPECT_TRUE(m.own_phone_is_ringing());
    drain(m);
    EXPECT_FALSE(m.handle(events::own_phone_ringing{}));
    EXPECT_TRUE(drain(m).empty());
}

TEST(click_to_call_machine, invites_carry_policy_and_normalised_number) {
    click_to_call_machine m(test_plan(), {.own_phone_ms = 20'000, .callee_ms = 40'000});
    m.handle(events::call_requested{"00 1 425 555 0100", "Bob Smith", test_policy()});
    command c;
    ASSERT_TRUE(m.next_command(c));
    auto& invite = std::get<commands::invite_own_phone>(c);
    EXPECT_EQ(invite.number, "1001");
    EXPECT_EQ(invite.caller_id, "+14255550000");
    EXPECT_EQ(invite.display_name, "cvw: call to Bob Smith");
    ASSERT_TRUE(m.next_command(c));
    EXPECT_EQ(std::get<commands::arm_timer>(c).after_ms, 20'000);
    drain(m);
    m.handle(events::own_phone_answered{});
    std::vector<command> all;
    while (m.next_command(c)) all.push_back(c);
    EXPECT_EQ(std::get<commands::invite_callee>(all[2]).number, "+14255550100");
    EXPECT_EQ(std::get<commands::arm_timer>(all[3]).after_ms, 40'000);
}

/** The caller number the callee's INVITE shows, for a call from Alice to `destination`. */
std::string shown_to_callee(std::string destination, caller_numbers alice, bool to_cvw_user = false) {
    click_to_call_machine m(test_plan());
    m.handle(events::call_requested{std::move(destination), "", test_policy(), to_cvw_user, std::move(alice)});
    drain(m);
    m.handle(events::own_phone_answered{});
    command c;
    while (m.next_command(c))
        if (const auto* invite = std::get_if<commands::invite_callee>(&c)) return invite->caller_number;
    return "(no invite_callee)";
}

TEST(click_to_call_machine, a_callee_outside_sees_the_callers_direct_number_and_a_colleague_the_extension) {
    const caller_numbers alice{.extension = "1001", .direct = "0014255550101"};
    EXPECT_EQ(shown_to_callee("+1 425 555 0100", alice), "+14255550101"); // normalised to E.164
    EXPECT_EQ(shown_to_callee("1002", alice), "1001");
    EXPECT_EQ(shown_to_callee("cvw-bob", alice, true), "1001");
    // Whoever lacks one number shows the other rather than nothing.
    EXPECT_EQ(shown_to_callee("+14255550100", {.extension = "1001", .direct = ""}), "1001");
    EXPECT_EQ(shown_to_callee("1002", {.extension = "", .direct = "+14255550101"}), "+14255550101");
}

TEST(click_to_call_machine, a_directory_users_cvw_address_skips_the_dial_plan_but_not_the_policy) {
    click_to_call_machine m(test_plan());
    EXPECT_TRUE(m.handle(events::call_requested{"cvw-bob", "Bob", test_policy(), true}));
    EXPECT_EQ(m.current(), state::calling_own_phone);
    EXPECT_EQ(m.callee_number(), "cvw-bob");
    auto disabled = test_policy();
    disabled.enabled = false;
    click_to_call_machine off(test_plan());
    off.handle(events::call_requested{"cvw-bob", "Bob", disabled, true});
    EXPECT_EQ(off.reason(), end_reason::not_allowed_by_policy);
}

TEST(click_to_call_machine, refuses_before_any_sip_is_sent) {
    struct refusal {
        const char* destination;
        effective_policy policy;
        end_reason reason;
    };
    auto disabled = test_policy();
    disabled.enabled = false;
    auto no_phone = test_policy();
    no_phone.callback_number.clear();
    for (const auto& r : {refusal{"+1 425 555 01x0", test_policy(), end_reason::callee_invalid_number},
                          refusal{"+44 20 7946 0018", test_policy(), end_reason::not_allowed_by_policy},
                          refusal{"bob", test_policy(), end_reason::callee_invalid_number},
                          refusal{"1002", disabled, end_reason::not_allowed_by_policy},
                          refusal{"1002", no_phone, end_reason::no_callback_number}}) {
        click_to_call_machine m(test_plan());
        EXPECT_TRUE(m.handle(events::call_requested{r.destination, "", r.policy}));
        EXPECT_EQ(m.current(), state::ended);
        EXPECT_EQ(m.reason(), r.reason) << r.destination;
        EXPECT_EQ(m.callee_number(), r.destination); // the call log shows what was refused
        EXPECT_EQ(drain(m), std::vector<std::string>{"report_state"});
    }
}

TEST(click_to_call_machine, the_callback_number_passes_the_same_dial_plan_before_any_sip_is_sent) {
    struct row {
        const char* callback;
        bool to_cvw_user;
        end_reason reason; ///< none: the call goes ahead
        const char* rung;  ///< the number invite_own_phone dials
    };
    for (const auto& r : {row{"1001", false, end_reason::none, "1001"},
                          row{"00 1 425 555 0101", false, end_reason::none, "+14255550101"}, // normalised
                          row{"+44 871 234 5678", false, end_reason::callback_not_allowed, ""},
                          row{"+44 871 234 5678", true, end_reason::callback_not_allowed, ""}, // calling a user too
                          row{"call me", false, end_reason::callback_not_allowed, ""},
                          row{"", false, end_reason::no_callback_number, ""}}) {
        auto policy = test_policy();
        policy.callback_number = r.callback;
        click_to_call_machine m(test_plan());
        EXPECT_TRUE(m.handle(events::call_requested{r.to_cvw_user ? "cvw-bob" : "1002", "", policy, r.to_cvw_user}));
        EXPECT_EQ(m.reason(), r.reason) << r.callback;
        command c;
        ASSERT_TRUE(m.next_command(c));
        if (r.reason == end_reason::none) {
            ASSERT_TRUE(std::holds_alternative<commands::invite_own_phone>(c)) << r.callback;
            EXPECT_EQ(std::get<commands::invite_own_phone>(c).number, r.rung);
        } else {
            EXPECT_EQ(m.current(), state::ended);
            EXPECT_TRUE(std::holds_alternative<commands::report_state>(c)) << r.callback;
            EXPECT_FALSE(m.next_command(c)); // nothing else: no SIP at all
        }
    }
    EXPECT_EQ(to_string(end_reason::callback_not_allowed), "callback_not_allowed");
    EXPECT_EQ(parse_end_reason("callback_not_allowed"), end_reason::callback_not_allowed);
}

TEST(click_to_call_machine, leg_failures_map_to_reasons) {
    struct mapping {
        int status;
        end_reason own;
        end_reason callee;
    };
    for (const auto& r : {mapping{486, end_reason::own_phone_busy, end_reason::callee_busy},
                          mapping{480, end_reason::own_phone_no_answer, end_reason::callee_no_answer},
                          mapping{603, end_reason::own_phone_declined, end_reason::callee_declined},
                          // The PBX finding no one there is not the dial plan refusing the number.
                          mapping{404, end_reason::own_phone_unreachable, end_reason::callee_unreachable},
                          mapping{484, end_reason::own_phone_unreachable, end_reason::callee_unreachable},
                          mapping{604, end_reason::own_phone_unreachable, end_reason::callee_unreachable},
                          mapping{500, end_reason::own_phone_unreachable, end_reason::callee_unreachable},
                          mapping{503, end_reason::pbx_unreachable, end_reason::pbx_unreachable},
                          mapping{407, end_reason::pbx_rejected_credentials, end_reason::pbx_rejected_credentials}}) {
        auto own = machine_in(state::calling_own_phone);
        own.handle(events::own_phone_failed{classify_sip_status(r.status)});
        EXPECT_EQ(own.reason(), r.own) << r.status;
        auto callee = machine_in(state::calling_callee);
        callee.handle(events::callee_failed{classify_sip_status(r.status)});
        EXPECT_EQ(callee.reason(), r.callee) << r.status;
    }
}

// Their words are checked with the catalog (tests/shared/i18n/catalog_test.cpp).
TEST(click_to_call_machine, every_end_reason_has_a_name) {
    for (int r = static_cast<int>(end_reason::hung_up_by_user); r <= static_cast<int>(end_reason::escalated); ++r) {
        const auto reason = static_cast<end_reason>(r);
        EXPECT_NE(to_string(reason), "none");
        EXPECT_EQ(parse_end_reason(to_string(reason)), reason);
    }
    EXPECT_EQ(parse_end_reason("callee_busy"), end_reason::callee_busy);
    EXPECT_EQ(parse_end_reason("nonsense"), std::nullopt);
}

} // namespace cvw::call
