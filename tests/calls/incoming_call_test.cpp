// The incoming-call driver, message by message: the caller's leg, the desk phone's leg and the
// page, as tests/sip/incoming_call_test.cpp and shutdown_test.cpp drive them, plus the races and
// settings real timing rarely reaches.
#include "call_driver_fixture.hpp"

namespace cvw::test {
namespace {

constexpr const char* voicemail = "+14255550199"; ///< Alice's fallback, when she has one
constexpr const char* to_voicemail = "respond 100 302 contact=<sip:+14255550199@pbx.test>";
constexpr const char* desk_invite = "invite 1 to=sip:+14255550101@pbx.test sdp";

class incoming_call_driver : public call_driver_test {
protected:
    static call::incoming::settings with_fallback() {
        auto s = alice_settings();
        s.fallback_number = voicemail;
        return s;
    }
    /** An incoming call whose desk phone rings (its 180 in); lines and reports taken. */
    std::shared_ptr<server::calls::incoming_call> desk_ringing(call::incoming::settings s = alice_settings()) {
        auto call = ring(std::move(s));
        deliver(desk_leg, kind::provisional, 180);
        EXPECT_EQ(sent(), (lines{desk_invite, "respond 100 180"}));
        EXPECT_EQ(reported_incoming(), lines{"ringing"});
        return call;
    }
};

TEST_F(incoming_call_driver, the_tab_and_the_desk_phone_ring_and_the_desk_phone_takes_it) {
    const auto started = clock_.now_ms();
    auto call = ring(alice_settings());

    // The desk phone gets the caller's offer in cvw's own session for it, and shows who calls.
    EXPECT_EQ(sent(), (lines{desk_invite, "respond 100 180"}));
    ASSERT_EQ(sip_.invites.size(), 1u);
    EXPECT_EQ(sip_.invites[0].from_display, "Bob Jones");
    EXPECT_EQ(sip_.invites[0].from_uri, "sip:+14255550102@pbx.test");
    EXPECT_TRUE(sip_.invites[0].assert_identity);
    EXPECT_FALSE(sip_.invites[0].auto_answer);
    const auto to_desk = body(desk_leg, "invite");
    EXPECT_EQ(audio_port(to_desk), 40030) << to_desk;
    EXPECT_EQ(session_of(to_desk).rfind("cvw ", 0), 0u) << to_desk;
    EXPECT_EQ(reported_incoming(), lines{"ringing"});
    EXPECT_EQ(last_incoming_report().call_id, "in-1");
    EXPECT_EQ(last_incoming_report().caller_name, "Bob Jones");
    EXPECT_EQ(last_incoming_report().caller_number, "+14255550102");
    EXPECT_EQ(last_incoming_report().caller_username, "bob");
    EXPECT_TRUE(last_incoming_report().desk_phone_ringing);
    EXPECT_EQ(last_incoming_report().started_at_ms, started);
    EXPECT_EQ(last_incoming_report().connected_at_ms, 0);

    deliver(desk_leg, kind::provisional, 180);
    EXPECT_TRUE(sent().empty());
    clock_.advance(1500);

    // The desk phone's answer goes to the caller: the two phones talk directly.
    deliver(desk_leg, kind::success, 200, desk_incoming_answer);
    EXPECT_EQ(sent(), (lines{"ack 1", "respond 100 200 sdp"}));
    const auto to_caller = body(caller_leg, "respond");
    EXPECT_EQ(audio_port(to_caller), 40040) << to_caller;
    EXPECT_EQ(session_of(to_caller).rfind("cvw ", 0), 0u) << to_caller;
    EXPECT_NE(session_of(to_caller), session_of(to_desk)); // one session per leg
    EXPECT_EQ(reported_incoming(), lines{"connected"});
    EXPECT_FALSE(last_incoming_report().desk_phone_ringing);
    EXPECT_EQ(last_incoming_report().connected_at_ms, started + 1500);
    deliver(caller_leg, kind::ack);
    EXPECT_TRUE(sent().empty());

    // The caller hangs up: the desk phone gets its BYE.
    deliver(caller_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(reported_incoming(), lines{"ended answered_on_phone"});
    EXPECT_EQ(english(last_incoming_report()), "You answered Bob Jones on your phone.");
    EXPECT_EQ(last_incoming_report().connected_at_ms, started + 1500);
    EXPECT_FALSE(call->finished());
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, the_caller_giving_up_while_the_desk_phone_rings_cancels_it) {
    auto call = desk_ringing();
    deliver(caller_leg, kind::cancel);
    EXPECT_EQ(sent(), lines{"cancel 1"});
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
    EXPECT_EQ(english(last_incoming_report()), "You missed a call from Bob Jones.");
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, the_caller_giving_up_before_the_desk_phone_sent_a_1xx_cancels_it_once_one_comes) {
    auto call = ring(alice_settings());
    sent();
    deliver(caller_leg, kind::cancel);
    EXPECT_TRUE(sent().empty()); // RFC 3261 §9.1
    deliver(desk_leg, kind::provisional, 180);
    EXPECT_EQ(sent(), lines{"cancel 1"});
    EXPECT_EQ(reported_incoming(), (lines{"ringing", "ended missed"}));
}

TEST_F(incoming_call_driver, a_desk_phone_200_that_crosses_the_cancel_is_acked_then_hung_up) {
    auto call = desk_ringing();
    deliver(caller_leg, kind::cancel);
    deliver(desk_leg, kind::success, 200, desk_incoming_answer);
    EXPECT_EQ(sent(), (lines{"cancel 1", "ack 1", "bye 1"}));
    EXPECT_EQ(reported_incoming(), lines{"ended missed"}); // never connected
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, decline_in_the_page_stops_every_fork) {
    auto call = desk_ringing();
    call->decline();
    EXPECT_EQ(sent(), (lines{"cancel 1", "respond 100 603"}));
    EXPECT_EQ(reported_incoming(), lines{"ended declined"});
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, unanswered_it_is_missed_and_refused_480_without_a_fallback) {
    auto call = desk_ringing();
    clock_.advance(30'000 - 1);
    EXPECT_TRUE(sent().empty());
    clock_.advance(1);
    EXPECT_EQ(sent(), (lines{"cancel 1", "respond 100 480"}));
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, unanswered_it_goes_to_the_fallback_number) {
    auto call = desk_ringing(with_fallback());
    clock_.advance(30'000);
    EXPECT_EQ(sent(), (lines{"cancel 1", to_voicemail}));
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
}

TEST_F(incoming_call_driver, accept_in_the_page_keeps_the_ringing_desk_phone_leg) {
    auto call = desk_ringing();
    call->accept();
    EXPECT_TRUE(sent().empty()); // nothing rings twice
    EXPECT_EQ(reported_incoming(), lines{"accepted"});
    EXPECT_TRUE(last_incoming_report().desk_phone_ringing);
    deliver(desk_leg, kind::success, 200, desk_incoming_answer);
    EXPECT_EQ(sent(), (lines{"ack 1", "respond 100 200 sdp"}));
    EXPECT_EQ(reported_incoming(), lines{"connected"});
    deliver(caller_leg, kind::ack);

    call->hang_up();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 100"}));
    EXPECT_EQ(reported_incoming(), lines{"ended answered_in_browser"});
    EXPECT_EQ(english(last_incoming_report()), "You took the call from Bob Jones on your phone.");
    expect_nothing_left(*call, {caller_leg, desk_leg});
    EXPECT_EQ(sip_.invites.size(), 1u);
}

TEST_F(incoming_call_driver,
       without_simultaneous_ring_only_the_page_rings_and_accept_dials_the_desk_phone_to_answer_itself) {
    auto settings = alice_settings();
    settings.simultaneous_ring = false;
    auto call = ring(settings);
    EXPECT_EQ(sent(), lines{"respond 100 180"});
    EXPECT_EQ(reported_incoming(), lines{"ringing"});
    EXPECT_FALSE(last_incoming_report().desk_phone_ringing);
    clock_.advance(500);

    call->accept();
    EXPECT_EQ(sent(), lines{desk_invite});
    ASSERT_EQ(sip_.invites.size(), 1u);
    EXPECT_TRUE(sip_.invites[0].auto_answer);
    EXPECT_EQ(audio_port(body(desk_leg, "invite")), 40030);
    EXPECT_EQ(reported_incoming(), lines{"accepted"});
    EXPECT_TRUE(last_incoming_report().desk_phone_ringing);
    deliver(desk_leg, kind::success, 200, desk_incoming_answer);
    EXPECT_EQ(sent(), (lines{"ack 1", "respond 100 200 sdp"}));
    EXPECT_EQ(reported_incoming(), lines{"connected"});
    deliver(caller_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(reported_incoming(), lines{"ended answered_in_browser"});
}

TEST_F(incoming_call_driver, a_desk_phone_that_answers_first_wins_and_a_late_accept_changes_nothing) {
    auto call = desk_ringing();
    deliver(desk_leg, kind::success, 200, desk_incoming_answer);
    call->accept();
    call->decline();
    EXPECT_EQ(sent(), (lines{"ack 1", "respond 100 200 sdp"}));
    EXPECT_EQ(reported_incoming(), lines{"connected"});
    deliver(desk_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 100"});
    EXPECT_EQ(reported_incoming(), lines{"ended answered_on_phone"});
}

TEST_F(incoming_call_driver, accept_without_a_desk_phone_refuses_the_caller) {
    auto settings = alice_settings();
    settings.desk_number.clear();
    auto call = ring(settings);
    EXPECT_EQ(sent(), lines{"respond 100 180"});
    call->accept();
    EXPECT_EQ(sent(), lines{"respond 100 480"});
    EXPECT_EQ(reported_incoming(), (lines{"ringing", "ended desk_phone_unreachable"}));
    expect_nothing_left(*call, {caller_leg});
}

TEST_F(incoming_call_driver, with_nobody_to_ring_the_caller_goes_to_the_fallback_at_once) {
    auto settings = with_fallback();
    settings.simultaneous_ring = false;
    settings.tabs_open = false;
    auto call = ring(settings);
    EXPECT_EQ(sent(), lines{to_voicemail}); // no 180 first
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
    EXPECT_EQ(clock_.pending(), 0u);
    expect_nothing_left(*call, {caller_leg});
}

TEST_F(incoming_call_driver, with_nobody_to_ring_and_no_fallback_the_caller_gets_480) {
    auto settings = alice_settings();
    settings.simultaneous_ring = false;
    settings.tabs_open = false;
    auto call = ring(settings);
    EXPECT_EQ(sent(), lines{"respond 100 480"});
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
}

struct desk_failure_case {
    int status;
    bool fallback;
    const char* to_caller;
};

class incoming_desk_failures : public incoming_call_driver, public ::testing::WithParamInterface<desk_failure_case> {};

TEST_P(incoming_desk_failures, with_no_tab_open_tell_the_caller_what_the_phone_said) {
    auto settings = GetParam().fallback ? with_fallback() : alice_settings();
    settings.tabs_open = false;
    auto call = desk_ringing(settings);
    deliver(desk_leg, kind::failure, GetParam().status);
    EXPECT_EQ(sent(), lines{GetParam().to_caller});
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

INSTANTIATE_TEST_SUITE_P(statuses, incoming_desk_failures,
                         ::testing::Values(desk_failure_case{486, false, "respond 100 486"},
                                           desk_failure_case{603, false, "respond 100 603"},
                                           desk_failure_case{404, false, "respond 100 480"},
                                           desk_failure_case{486, true, to_voicemail}),
                         [](const ::testing::TestParamInfo<desk_failure_case>& p) {
                             return std::to_string(p.param.status) + (p.param.fallback ? "_to_fallback" : "");
                         });

TEST_F(incoming_call_driver, a_busy_desk_phone_leaves_the_tab_ringing_and_accept_dials_it_again) {
    auto call = desk_ringing();
    deliver(desk_leg, kind::failure, 486);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported_incoming().empty()); // still ringing in the page

    call->accept();
    EXPECT_EQ(sent(), lines{"invite 2 to=sip:+14255550101@pbx.test sdp"});
    ASSERT_EQ(sip_.invites.size(), 2u);
    EXPECT_TRUE(sip_.invites[1].auto_answer);
    EXPECT_EQ(audio_port(body(2, "invite")), 40030);
    EXPECT_EQ(reported_incoming(), lines{"accepted"});
    deliver(desk_leg, kind::released); // the first dialog goes late: nothing to do with the new one
    EXPECT_TRUE(sent().empty());
    EXPECT_FALSE(call->ended());
    deliver(2, kind::success, 200, desk_incoming_answer);
    EXPECT_EQ(sent(), (lines{"ack 2", "respond 100 200 sdp"}));
    EXPECT_EQ(reported_incoming(), lines{"connected"});
    deliver(caller_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 2"});
    EXPECT_EQ(reported_incoming(), lines{"ended answered_in_browser"});
    expect_nothing_left(*call, {caller_leg, 2});
}

TEST_F(incoming_call_driver, an_accepted_call_whose_desk_phone_fails_is_refused) {
    auto call = desk_ringing();
    call->accept();
    deliver(desk_leg, kind::failure, 486);
    EXPECT_EQ(sent(), lines{"respond 100 480"});
    EXPECT_EQ(reported_incoming(), (lines{"accepted", "ended desk_phone_unreachable"}));
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, a_late_offer_caller_answers_the_desk_phones_offer_in_its_ack) {
    auto call = ring(alice_settings(), "");
    EXPECT_EQ(sent(), (lines{"invite 1 to=sip:+14255550101@pbx.test", "respond 100 180"}));
    deliver(desk_leg, kind::success, 200, desk_incoming_offer);
    // The desk phone's offer goes to the caller; the desk phone's ACK waits for the caller's answer.
    EXPECT_EQ(sent(), lines{"respond 100 200 sdp"});
    EXPECT_EQ(audio_port(body(caller_leg, "respond")), 40041);
    EXPECT_EQ(session_of(body(caller_leg, "respond")).rfind("cvw ", 0), 0u);
    EXPECT_EQ(reported_incoming(), (lines{"ringing", "connected"}));

    deliver(caller_leg, kind::ack, 0, caller_late_answer);
    EXPECT_EQ(sent(), lines{"ack 1 sdp"});
    const auto answer = body(desk_leg, "ack");
    EXPECT_EQ(audio_port(answer), 40031);
    EXPECT_EQ(session_of(answer).rfind("cvw ", 0), 0u) << answer;

    // Now they talk: hold passes through.
    deliver(caller_leg, kind::invite, 0, caller_hold);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    EXPECT_EQ(session_of(body(desk_leg, "reinvite")), session_of(answer));
}

TEST_F(incoming_call_driver, every_step_of_the_call_is_traced_once) {
    lines trace;
    {
        trace_capture traced;
        auto call = connected_incoming_call();
        call->hang_up();
        trace = traced.calls;
    }
    const std::string id = last_update().call_id;
    EXPECT_EQ(trace, (lines{"call=" + id + " from=idle event=call_arrived to=ringing",
                            "call=" + id + " from=ringing event=desk_phone_answered to=connected",
                            "call=" + id + " from=connected event=hangup_requested to=ended"}));
    EXPECT_EQ(last_update().kind(), call::call_kind::incoming);
    EXPECT_EQ(last_update().reason_name(), "answered_on_phone");
}

TEST_F(incoming_call_driver, hold_is_relayed_both_ways) {
    auto call = connected_incoming_call();
    const auto desk_session = body(desk_leg, "invite");
    const auto caller_session = body(caller_leg, "respond");

    deliver(caller_leg, kind::invite, 0, caller_hold);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    const auto held = body(desk_leg, "reinvite");
    EXPECT_EQ(audio_port(held), 40030);
    EXPECT_NE(held.find("a=sendonly"), std::string::npos);
    EXPECT_EQ(session_of(held), session_of(desk_session));
    EXPECT_EQ(version_of(held), version_of(desk_session) + 1);
    deliver(desk_leg, kind::success, 200, desk_incoming_held);
    EXPECT_EQ(sent(), (lines{"ack 1", "respond 100 200 sdp"}));
    EXPECT_NE(body(caller_leg, "respond").find("a=recvonly"), std::string::npos);
    EXPECT_EQ(session_of(body(caller_leg, "respond")), session_of(caller_session));
    deliver(caller_leg, kind::ack);
    EXPECT_TRUE(sent().empty());

    deliver(desk_leg, kind::invite, 0, desk_incoming_answer);
    EXPECT_EQ(sent(), lines{"reinvite 100 sdp"});
    EXPECT_EQ(audio_port(body(caller_leg, "reinvite")), 40040);
    EXPECT_EQ(session_of(body(caller_leg, "reinvite")), session_of(caller_session));
    deliver(caller_leg, kind::success, 200, caller_offer);
    EXPECT_EQ(sent(), (lines{"ack 100", "respond 1 200 sdp"}));
    EXPECT_EQ(audio_port(body(desk_leg, "respond")), 40030);
    deliver(desk_leg, kind::ack);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported_incoming().empty());
}

TEST_F(incoming_call_driver, a_relayed_reinvite_the_caller_answers_491_is_retried_within_2_s) {
    auto call = connected_incoming_call();
    deliver(desk_leg, kind::invite, 0, desk_incoming_held);
    EXPECT_EQ(sent(), lines{"reinvite 100 sdp"});
    deliver(caller_leg, kind::failure, 491);
    EXPECT_TRUE(sent().empty());
    clock_.advance(2000); // the caller made the Call-ID: cvw waits 0 to 2 s (RFC 3261 §14.1)
    EXPECT_EQ(sent(), lines{"reinvite 100 sdp"});
    deliver(caller_leg, kind::success, 200, caller_offer);
    EXPECT_EQ(sent(), (lines{"ack 100", "respond 1 200 sdp"}));
}

TEST_F(incoming_call_driver, a_relayed_reinvite_answered_481_means_that_phone_is_gone_and_ends_the_call) {
    auto call = connected_incoming_call();
    deliver(caller_leg, kind::invite, 0, caller_hold);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    deliver(desk_leg, kind::failure, 481); // RFC 3261 §12.2.1.2: the desk phone's dialog is gone
    EXPECT_EQ(sent(), (lines{"bye 1", "respond 100 481", "bye 100"}));
    EXPECT_EQ(reported_incoming(), lines{"ended answered_on_phone"});
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, a_relayed_reinvite_the_caller_answers_408_ends_the_call) {
    auto call = connected_incoming_call();
    deliver(desk_leg, kind::invite, 0, desk_incoming_held);
    deliver(caller_leg, kind::failure, 408);
    EXPECT_EQ(sent(), (lines{"reinvite 100 sdp", "bye 100", "respond 1 408", "bye 1"}));
    EXPECT_EQ(reported_incoming(), lines{"ended answered_on_phone"});
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, the_desk_phone_hanging_up_ends_the_callers_leg) {
    auto call = connected_incoming_call();
    deliver(desk_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 100"});
    EXPECT_EQ(reported_incoming(), lines{"ended answered_on_phone"});
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, byes_that_cross_are_not_answered_with_another_bye) {
    auto call = connected_incoming_call();
    deliver(desk_leg, kind::bye);
    deliver(caller_leg, kind::bye);
    call->hang_up();
    EXPECT_EQ(sent(), lines{"bye 100"});
    EXPECT_EQ(reported_incoming(), lines{"ended answered_on_phone"});
}

// ---- cvw stops with calls up ----

TEST_F(incoming_call_driver, stopping_while_it_rings_cancels_the_desk_phone_and_refuses_the_caller) {
    auto call = desk_ringing();
    call->stop();
    EXPECT_EQ(sent(), (lines{"cancel 1", "respond 100 480"}));
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
    EXPECT_EQ(clock_.pending(), 0u);
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

TEST_F(incoming_call_driver, stopping_while_it_rings_sends_the_caller_to_the_fallback) {
    auto call = desk_ringing(with_fallback());
    call->stop();
    EXPECT_EQ(sent(), (lines{"cancel 1", to_voicemail}));
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
}

TEST_F(incoming_call_driver, stopping_an_accepted_call_still_ringing_the_desk_phone_cancels_it_and_refuses_the_caller) {
    auto call = desk_ringing();
    call->accept();
    EXPECT_EQ(reported_incoming(), lines{"accepted"});
    call->stop();
    EXPECT_EQ(sent(), (lines{"cancel 1", "respond 100 480"}));
    EXPECT_EQ(reported_incoming(), lines{"ended missed"});
    EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(incoming_call_driver, stopping_a_connected_call_ends_both_phones) {
    auto call = connected_incoming_call();
    call->stop();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 100"}));
    EXPECT_EQ(reported_incoming(), lines{"ended answered_on_phone"});
    EXPECT_GT(last_incoming_report().connected_at_ms, 0);
    expect_nothing_left(*call, {caller_leg, desk_leg});
}

} // namespace
} // namespace cvw::test
