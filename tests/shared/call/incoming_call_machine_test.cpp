// Table-driven test of the incoming-call machine: every (state x event) pair, for each way the
// user can be reached, is either a row below (the rows of the theory-of-operation comment) or
// proven ignored; then the races and the fallbacks one by one.
#include "cvw/call/incoming_call_machine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace cvw::call::incoming {
namespace {

constexpr const char* command_names[] = {
    "invite_desk_phone", "cancel_desk_phone", "bye_desk_phone",      "answer_caller",          "reject_caller",
    "redirect_caller",   "bye_caller",        "arm_no_answer_timer", "cancel_no_answer_timer", "report_state"};

std::vector<std::string> drain(incoming_call_machine& m) {
    std::vector<std::string> out;
    command c;
    while (m.next_command(c)) out.emplace_back(command_names[c.index()]);
    return out;
}

settings simultaneous() { return {.simultaneous_ring = true, .desk_number = "+14255550101", .no_answer_ms = 20'000}; }
settings browser_only() { return {.simultaneous_ring = false, .desk_number = "+14255550101", .no_answer_ms = 20'000}; }

// clang-format off
const std::map<std::string, event> sample_events{
    {"desk_phone_answered", events::desk_phone_answered{}},
    {"desk_phone_failed", events::desk_phone_failed{leg_failure::busy}},
    {"desk_phone_hung_up", events::desk_phone_hung_up{}},
    {"accepted_in_browser", events::accepted_in_browser{}},
    {"declined_in_browser", events::declined_in_browser{}},
    {"caller_hung_up", events::caller_hung_up{}},
    {"hangup_requested", events::hangup_requested{}},
    {"server_stopping", events::server_stopping{}},
    {"no_answer_timeout", events::no_answer_timeout{}},
};
// clang-format on

/** Events (after the call arrived) that bring a machine into each state. */
// clang-format off
const std::map<state, std::vector<std::string>> path_to{
    {state::ringing, {}},
    {state::accepted, {"accepted_in_browser"}},
    {state::connected, {"desk_phone_answered"}},
    {state::ended, {"declined_in_browser"}},
};
// clang-format on

struct row {
    state from;
    std::string event;
    state to;
    outcome result;
    std::vector<std::string> commands;
};

/** With simultaneous ring the desk phone is ringing in `ringing` and `accepted`. */
// clang-format off
const std::vector<row> simultaneous_rows{
    {state::ringing, "desk_phone_answered", state::connected, outcome::answered_on_phone,
     {"cancel_no_answer_timer", "answer_caller", "report_state"}},
    {state::ringing, "desk_phone_failed", state::ringing, outcome::none, {}},
    {state::ringing, "accepted_in_browser", state::accepted, outcome::none, {"report_state"}},
    {state::ringing, "declined_in_browser", state::ended, outcome::declined,
     {"cancel_no_answer_timer", "cancel_desk_phone", "reject_caller", "report_state"}},
    {state::ringing, "caller_hung_up", state::ended, outcome::missed,
     {"cancel_no_answer_timer", "cancel_desk_phone", "report_state"}},
    {state::ringing, "no_answer_timeout", state::ended, outcome::missed,
     {"cancel_desk_phone", "reject_caller", "report_state"}},
    {state::ringing, "server_stopping", state::ended, outcome::missed,
     {"cancel_no_answer_timer", "cancel_desk_phone", "reject_caller", "report_state"}},
    {state::accepted, "desk_phone_answered", state::connected, outcome::answered_in_browser,
     {"cancel_no_answer_timer", "answer_caller", "report_state"}},
    {state::accepted, "desk_phone_failed", state::ended, outcome::desk_phone_unreachable,
     {"cancel_no_answer_timer", "reject_caller", "report_state"}},
    {state::accepted, "declined_in_browser", state::ended, outcome::declined,
     {"cancel_no_answer_timer", "cancel_desk_phone", "reject_caller", "report_state"}},
    {state::accepted, "caller_hung_up", state::ended, outcome::missed,
     {"cancel_no_answer_timer", "cancel_desk_phone", "report_state"}},
    {state::accepted, "no_answer_timeout", state::ended, outcome::missed,
     {"cancel_desk_phone", "reject_caller", "report_state"}},
    {state::accepted, "server_stopping", state::ended, outcome::missed,
     {"cancel_no_answer_timer", "cancel_desk_phone", "reject_caller", "report_state"}},
    {state::connected, "caller_hung_up", state::ended, outcome::answered_on_phone, {"bye_desk_phone", "report_state"}},
    {state::connected, "desk_phone_hung_up", state::ended, outcome::answered_on_phone, {"bye_caller", "report_state"}},
    {state::connected, "hangup_requested", state::ended, outcome::answered_on_phone,
     {"bye_desk_phone", "bye_caller", "report_state"}},
    {state::connected, "server_stopping", state::ended, outcome::answered_on_phone,
     {"bye_desk_phone", "bye_caller", "report_state"}},
};
// clang-format on

incoming_call_machine machine_in(state s, const settings& user) {
    incoming_call_machine m;
    EXPECT_TRUE(m.handle(events::call_arrived{user}));
    for (const auto& name : path_to.at(s)) EXPECT_TRUE(m.handle(sample_events.at(name))) << name;
    drain(m);
    EXPECT_EQ(m.current(), s);
    return m;
}

} // namespace

TEST(incoming_call_machine, every_state_event_pair_with_simultaneous_ring_is_handled_or_ignored) {
    int handled = 0;
    for (const auto& state_path : path_to) {
        const state s = state_path.first; // named, not a structured binding: clang 14 cannot capture those
        for (const auto& [event_name, ev] : sample_events) {
            const std::string name = event_name;
            SCOPED_TRACE(std::string(to_string(s)) + " x " + name);
            auto m = machine_in(s, simultaneous());
            const auto before = m.result();
            const bool result = m.handle(ev);
            const auto commands = drain(m);
            auto it = std::find_if(simultaneous_rows.begin(), simultaneous_rows.end(),
                                   [&](const row& r) { return r.from == s && r.event == name; });
            if (it == simultaneous_rows.end()) {
                EXPECT_FALSE(result);
                EXPECT_TRUE(commands.empty());
                EXPECT_EQ(m.current(), s);
                EXPECT_EQ(m.result(), before);
            } else {
                EXPECT_TRUE(result);
                EXPECT_EQ(m.current(), it->to);
                EXPECT_EQ(m.result(), it->result);
                EXPECT_EQ(commands, it->commands);
                ++handled;
            }
        }
    }
    EXPECT_EQ(handled, static_cast<int>(simultaneous_rows.size()));
}

TEST(incoming_call_machine, arrival_rings_the_desk_phone_only_with_simultaneous_ring) {
    incoming_call_machine both;
    EXPECT_TRUE(both.handle(events::call_arrived{simultaneous()}));
    EXPECT_EQ(drain(both), (std::vector<std::string>{"invite_desk_phone", "arm_no_answer_timer", "report_state"}));
    EXPECT_TRUE(both.desk_phone_ringing());

    incoming_call_machine tabs;
    EXPECT_TRUE(tabs.handle(events::call_arrived{browser_only()}));
    EXPECT_EQ(drain(tabs), (std::vector<std::string>{"arm_no_answer_timer", "report_state"}));
    EXPECT_FALSE(tabs.desk_phone_ringing());
    EXPECT_EQ(tabs.current(), state::ringing);
}

TEST(incoming_call_machine, accept_without_simultaneous_ring_dials_the_desk_phone_to_answer_by_itself) {
    incoming_call_machine m;
    m.handle(events::call_arrived{browser_only()});
    drain(m);
    EXPECT_TRUE(m.handle(events::accepted_in_browser{}));
    command c;
    ASSERT_TRUE(m.next_command(c));
    const auto& invite = std::get<commands::invite_desk_phone>(c);
    EXPECT_EQ(invite.number, "+14255550101");
    EXPECT_TRUE(invite.auto_answer);
    EXPECT_EQ(m.current(), state::accepted);
    drain(m);
    EXPECT_TRUE(m.handle(events::desk_phone_answered{}));
    EXPECT_EQ(m.result(), outcome::answered_in_browser);
    // A tab-only call the desk phone never rang for: declining it cancels nothing.
    incoming_call_machine d;
    d.handle(events::call_arrived{browser_only()});
    drain(d);
    d.handle(events::declined_in_browser{});
    EXPECT_EQ(drain(d), (std::vector<std::string>{"cancel_no_answer_timer", "reject_caller", "report_state"}));
}

TEST(incoming_call_machine, phone_picked_up_and_accept_clicked_at_once_exactly_one_wins) {
    // The phone first: the late Accept is ignored and nothing more happens.
    auto phone_first = machine_in(state::ringing, simultaneous());
    EXPECT_TRUE(phone_first.handle(events::desk_phone_answered{}));
    drain(phone_first);
    EXPECT_FALSE(phone_first.handle(events::accepted_in_browser{}));
    command c;
    EXPECT_FALSE(phone_first.next_command(c));
    EXPECT_EQ(phone_first.result(), outcome::answered_on_phone);

    // Accept first: the ringing leg is kept (no second INVITE), and its answer completes the call.
    auto accept_first = machine_in(state::ringing, simultaneous());
    EXPECT_TRUE(accept_first.handle(events::accepted_in_browser{}));
    EXPECT_EQ(drain(accept_first), std::vector<std::string>{"report_state"});
    EXPECT_TRUE(accept_first.handle(events::desk_phone_answered{}));
    EXPECT_EQ(accept_first.current(), state::connected);
    EXPECT_EQ(accept_first.result(), outcome::answered_in_browser);
}

TEST(incoming_call_machine, unanswered_calls_go_to_the_fallback_or_get_480) {
    auto voicemail = simultaneous();
    voicemail.fallback_number = "8000";
    auto m = machine_in(state::ringing, voicemail);
    EXPECT_TRUE(m.handle(events::no_answer_timeout{}));
    command c;
    ASSERT_TRUE(m.next_command(c));
    EXPECT_TRUE(std::holds_alternative<commands::cancel_desk_phone>(c));
    ASSERT_TRUE(m.next_command(c));
    EXPECT_EQ(std::get<commands::redirect_caller>(c).number, "8000");

    // No page open and no desk phone to ring: straight to the fallback, a missed call.
    auto nobody = browser_only();
    nobody.tabs_open = false;
    incoming_call_machine n;
    EXPECT_TRUE(n.handle(events::call_arrived{nobody}));
    EXPECT_EQ(drain(n), (std::vector<std::string>{"reject_caller", "report_state"}));
    EXPECT_EQ(n.current(), state::ended);
    EXPECT_EQ(n.result(), outcome::missed);

    // No page open, the desk phone rings alone; if it fails, the call is missed at once.
    auto phone_only = simultaneous();
    phone_only.tabs_open = false;
    auto p = machine_in(state::ringing, phone_only);
    EXPECT_TRUE(p.handle(events::desk_phone_failed{leg_failure::busy}));
    command busy;
    ASSERT_TRUE(p.next_command(busy));
    ASSERT_TRUE(p.next_command(busy));
    EXPECT_EQ(std::get<commands::reject_caller>(busy).status, 486); // the caller hears "busy"
    EXPECT_EQ(drain(p), std::vector<std::string>{"report_state"});
    EXPECT_EQ(p.result(), outcome::missed);
}

TEST(incoming_call_machine, accept_with_no_desk_phone_tells_the_caller_and_the_user) {
    settings none{.simultaneous_ring = false, .desk_number = ""};
    incoming_call_machine m;
    m.handle(events::call_arrived{none});
    drain(m);
    EXPECT_TRUE(m.handle(events::accepted_in_browser{}));
    EXPECT_EQ(drain(m), (std::vector<std::string>{"cancel_no_answer_timer", "reject_caller", "report_state"}));
    EXPECT_EQ(m.result(), outcome::desk_phone_unreachable);
}

TEST(incoming_call_machine, do_not_disturb_rings_the_desk_phone_alone_and_never_calls_a_call_missed) {
    // Desk phone only: it rings whatever simultaneous ring says; the tabs are not rung.
    auto quiet = browser_only();
    quiet.quiet = do_not_disturb::desk_phone_only;
    incoming_call_machine m;
    EXPECT_TRUE(m.handle(events::call_arrived{quiet}));
    EXPECT_FALSE(m.tabs_ring());
    command c;
    ASSERT_TRUE(m.next_command(c));
    EXPECT_EQ(std::get<commands::invite_desk_phone>(c).number, "+14255550101");
    EXPECT_FALSE(std::get<commands::invite_desk_phone>(c).auto_answer);
    EXPECT_EQ(drain(m), (std::vector<std::string>{"arm_no_answer_timer", "report_state"}));
    // Picked up: answered on the phone, as ever.
    EXPECT_TRUE(m.handle(events::desk_phone_answered{}));
    EXPECT_EQ(m.result(), outcome::answered_on_phone);

    // Not picked up, the caller gives up, or the phone is busy: Do not disturb, not missed.
    for (const event& e : std::vector<event>{events::no_answer_timeout{}, events::caller_hung_up{},
                                             events::desk_phone_failed{leg_failure::busy}}) {
        incoming_call_machine unanswered;
        unanswered.handle(events::call_arrived{quiet});
        drain(unanswered);
        EXPECT_TRUE(unanswered.handle(e)) << name_of(e);
        EXPECT_EQ(unanswered.current(), state::ended) << name_of(e);
        EXPECT_EQ(unanswered.result(), outcome::do_not_disturb) << name_of(e);
    }

    // Decline, or desk phone only with no desk phone: nothing rings; busy, or the voicemail.
    auto decline = simultaneous();
    decline.quiet = do_not_disturb::decline;
    auto no_desk = quiet;
    no_desk.desk_number.clear();
    for (const auto& user : {decline, no_desk}) {
        incoming_call_machine d;
        EXPECT_TRUE(d.handle(events::call_arrived{user}));
        ASSERT_TRUE(d.next_command(c));
        EXPECT_EQ(std::get<commands::reject_caller>(c).status, 486);
        EXPECT_EQ(drain(d), std::vector<std::string>{"report_state"});
        EXPECT_EQ(d.current(), state::ended);
        EXPECT_EQ(d.result(), outcome::do_not_disturb);
    }
    decline.fallback_number = "8000";
    incoming_call_machine v;
    v.handle(events::call_arrived{decline});
    ASSERT_TRUE(v.next_command(c));
    EXPECT_EQ(std::get<commands::redirect_caller>(c).number, "8000");

    // Out of Do not disturb the same unanswered call is missed.
    incoming_call_machine loud;
    loud.handle(events::call_arrived{simultaneous()});
    EXPECT_TRUE(loud.tabs_ring());
    loud.handle(events::no_answer_timeout{});
    EXPECT_EQ(loud.result(), outcome::missed);
}

TEST(incoming_call_machine, do_not_disturb_choices_have_names) {
    EXPECT_EQ(parse_do_not_disturb("desk_phone"), do_not_disturb::desk_phone_only);
    EXPECT_EQ(parse_do_not_disturb("decline"), do_not_disturb::decline);
    EXPECT_EQ(to_string(do_not_disturb::decline), "decline");
    EXPECT_FALSE(parse_do_not_disturb("off")); // not a choice: being in Do not disturb or not is presence
    EXPECT_FALSE(parse_do_not_disturb("Decline"));
}

// Their words are checked with the catalog (tests/shared/i18n/catalog_test.cpp).
TEST(incoming_call_machine, outcomes_have_names) {
    for (int o = static_cast<int>(outcome::answered_on_phone); o <= static_cast<int>(outcome::do_not_disturb); ++o) {
        const auto value = static_cast<outcome>(o);
        EXPECT_EQ(parse_outcome(to_string(value)), value);
    }
    EXPECT_FALSE(parse_outcome("bogus"));
}

} // namespace cvw::call::incoming
