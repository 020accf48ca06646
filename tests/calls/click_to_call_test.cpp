// The click-to-call driver's signalling, message by message: every path of tests/sip (ringing,
// answering, failing, cancelling, hanging up, stopping the server) and the races real timing rarely
// reaches (a 200 crossing a CANCEL, BYEs crossing, a 1xx after the 2xx).
#include "call_driver_fixture.hpp"

namespace cvw::test {
namespace {

class click_to_call_driver : public call_driver_test {};

TEST_F(click_to_call_driver, rings_the_desk_phone_then_the_callee_and_puts_them_through_to_each_other) {
    const auto started = clock_.now_ms();
    auto call = place("1002");

    // The desk phone: cvw's own offer (ringback), showing the global caller ID and whom Alice calls.
    EXPECT_EQ(sent(), lines{"invite 1 to=sip:+14255550101@pbx.test sdp"});
    EXPECT_EQ(reported(), lines{"calling_own_phone"});
    ASSERT_EQ(sip_.invites.size(), 1u);
    EXPECT_EQ(sip_.invites[0].from_display, "cvw: call to Bob Jones");
    EXPECT_EQ(sip_.invites[0].from_uri, "sip:+14255550000@pbx.test");
    EXPECT_TRUE(sip_.invites[0].assert_identity); // the global caller ID in P-Asserted-Identity too
    EXPECT_FALSE(sip_.invites[0].auto_answer);
    const auto ringback_offer = body(desk_leg, "invite");
    EXPECT_EQ(session_of(ringback_offer).rfind("cvw ", 0), 0u) << ringback_offer;
    EXPECT_NE(ringback_offer.find("c=IN IP4 127.0.0.1"), std::string::npos);
    EXPECT_GE(audio_port(ringback_offer), 47000);
    EXPECT_LE(audio_port(ringback_offer), 47999);

    deliver(desk_leg, kind::provisional, 100);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported().empty());
    deliver(desk_leg, kind::provisional, 180);
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), lines{"calling_own_phone"}); // told again: the desk phone rings

    // The desk phone answers: ringback plays, and the callee is offered cvw's relay port.
    deliver(desk_leg, kind::success, 200, desk_answer);
    EXPECT_EQ(sent(), (lines{"ack 1", "invite 2 to=sip:1002@pbx.test sdp"}));
    EXPECT_EQ(reported(), lines{"own_phone_answered"});
    ASSERT_EQ(sip_.invites.size(), 2u);
    EXPECT_EQ(sip_.invites[1].from_display, "Alice Smith");
    EXPECT_EQ(sip_.invites[1].from_uri, "sip:1001@pbx.test");
    EXPECT_TRUE(sip_.invites[1].assert_identity);
    const auto relay_offer = body(callee_leg, "invite");
    EXPECT_EQ(session_of(relay_offer).rfind("cvw ", 0), 0u) << relay_offer;
    EXPECT_NE(session_of(relay_offer), session_of(ringback_offer)); // one session per leg
    EXPECT_GE(audio_port(relay_offer), 47000);
    EXPECT_LE(audio_port(relay_offer), 47999);
    EXPECT_NE(audio_port(relay_offer), audio_port(ringback_offer));

    deliver(callee_leg, kind::provisional, 180);
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), lines{"calling_callee"});

    // The callee answers cvw's offer: not connected yet. Its ACK gets 100 ms before an empty
    // re-INVITE asks it for a fresh offer (RFC 5407).
    deliver(callee_leg, kind::success, 200, callee_answer);
    EXPECT_EQ(sent(), lines{"ack 2"});
    EXPECT_TRUE(reported().empty());
    clock_.advance(99);
    EXPECT_TRUE(sent().empty());
    clock_.advance(1);
    EXPECT_EQ(sent(), lines{"reinvite 2"});

    // The callee's offer goes to the desk phone, in cvw's session for the desk phone.
    deliver(callee_leg, kind::success, 200, callee_offer);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    EXPECT_TRUE(reported().empty());
    const auto to_desk = body(desk_leg, "reinvite");
    EXPECT_EQ(audio_port(to_desk), 40022) << to_desk;
    EXPECT_EQ(session_of(to_desk), session_of(ringback_offer)) << to_desk;
    EXPECT_EQ(version_of(to_desk), version_of(ringback_offer) + 1);
    EXPECT_EQ(to_desk.find("o=callee"), std::string::npos);

    // The desk phone's answer goes to the callee in the ACK it was waiting for: the phones talk.
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 1", "ack 2 sdp"}));
    const auto to_callee = body(callee_leg, "ack");
    EXPECT_EQ(audio_port(to_callee), 40012) << to_callee;
    EXPECT_EQ(session_of(to_callee), session_of(relay_offer)) << to_callee;
    EXPECT_EQ(version_of(to_callee), version_of(relay_offer) + 1);
    EXPECT_EQ(reported(), lines{"connected"});
    EXPECT_EQ(last_report().call_id, "call-1");
    EXPECT_EQ(last_report().callee_name, "Bob Jones");
    EXPECT_EQ(last_report().number, "1002");
    EXPECT_EQ(last_report().started_at_ms, started);
    EXPECT_EQ(last_report().connected_at_ms, started + 100);
    for (std::size_t i = 0; i + 1 < reports().size(); ++i) EXPECT_EQ(reports()[i].connected_at_ms, 0) << i;

    call->hang_up();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended hung_up_by_user"});
    EXPECT_EQ(english(last_report()), "You hung up.");
    EXPECT_EQ(last_report().connected_at_ms, started + 100);
    EXPECT_TRUE(call->ended());
    EXPECT_FALSE(call->finished()); // until the stack lets go of both legs

    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, every_step_is_traced_once_and_the_typed_update_carries_when_it_ended) {
    std::shared_ptr<server::calls::click_to_call> call;
    lines trace, leg_trace;
    {
        trace_capture traced;
        call = connected_call();
        clock_.advance(60000);
        call->hang_up();
        trace = traced.calls;
        leg_trace = traced.legs;
    }

    const std::string id = last_update().call_id;
    EXPECT_EQ(trace, (lines{"call=" + id + " from=idle event=call_requested to=calling_own_phone",
                            "call=" + id + " from=calling_own_phone event=own_phone_ringing to=calling_own_phone",
                            "call=" + id + " from=calling_own_phone event=own_phone_answered to=own_phone_answered",
                            "call=" + id + " from=own_phone_answered event=callee_ringing to=calling_callee",
                            "call=" + id + " from=calling_callee event=callee_answered to=connecting",
                            "call=" + id + " from=connecting event=media_connected to=connected",
                            "call=" + id + " from=connected event=hangup_requested to=ended"}));
    // Each leg's steps, named by the SIP message that moved them: here the desk phone's 200 and the
    // callee's answer to the re-INVITE that asked it for an offer.
    auto traced = [&](const std::string& line) { return std::ranges::find(leg_trace, line) != leg_trace.end(); };
    EXPECT_TRUE(traced("call=" + id + " leg=desk from=early event=success_received(sdp) to=confirmed"));
    EXPECT_TRUE(traced("call=" + id + " leg=callee from=reinviting event=success_received(sdp) to=reinvite_answered"));
    EXPECT_EQ(leg_trace.size(), 13u);
    const auto& u = last_update();
    EXPECT_EQ(u.kind(), call::call_kind::click_to_call);
    EXPECT_TRUE(u.ended());
    EXPECT_EQ(u.reason_name(), "hung_up_by_user");
    EXPECT_EQ(u.ended_at_ms, clock_.now_ms());
    EXPECT_GT(u.ended_at_ms, u.connected_at_ms);
}

TEST_F(click_to_call_driver, without_early_media_relay_the_callee_gets_a_late_offer_answered_in_the_ack) {
    env_.relay_early_media = false;
    auto call = place();
    deliver(desk_leg, kind::provisional, 180);
    deliver(desk_leg, kind::success, 200, desk_answer);
    EXPECT_EQ(sent(), (lines{"invite 1 to=sip:+14255550101@pbx.test sdp", "ack 1", "invite 2 to=sip:1002@pbx.test"}));
    deliver(callee_leg, kind::provisional, 180);
    EXPECT_EQ(reported(), (lines{"calling_own_phone", "calling_own_phone", "own_phone_answered", "calling_callee"}));

    // The callee's 200 brings its offer: straight to the desk phone, no settle time, no extra re-INVITE.
    deliver(callee_leg, kind::success, 200, callee_offer);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    EXPECT_EQ(audio_port(body(desk_leg, "reinvite")), 40022);
    EXPECT_EQ(session_of(body(desk_leg, "reinvite")), session_of(body(desk_leg, "invite")));
    EXPECT_EQ(clock_.pending(), 0u);
    EXPECT_TRUE(reported().empty());

    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 1", "ack 2 sdp"}));
    const auto answer = body(callee_leg, "ack");
    EXPECT_EQ(audio_port(answer), 40012);
    EXPECT_EQ(origin_line(answer).rfind("o=cvw ", 0), 0u) << answer;
    EXPECT_EQ(reported(), lines{"connected"});
    EXPECT_GT(last_report().connected_at_ms, 0);

    call->hang_up();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended hung_up_by_user"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, the_callees_early_media_replaces_the_ringback_until_the_user_cancels) {
    auto call = place();
    deliver(desk_leg, kind::success, 200, desk_answer);
    sent();
    reported();

    // A 183 answering cvw's offer: the callee "rings" with its own media; a later 180 or 183 changes nothing.
    deliver(callee_leg, kind::provisional, 183, callee_early);
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), lines{"calling_callee"});
    deliver(callee_leg, kind::provisional, 180);
    deliver(callee_leg, kind::provisional, 183, callee_early);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported().empty());

    call->hang_up();
    EXPECT_EQ(sent(), (lines{"cancel 2", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended cancelled_by_user"});
    deliver(callee_leg, kind::failure, 487); // the CANCEL worked
    EXPECT_TRUE(sent().empty());
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

struct failure_case {
    int status;
    bool after_ringing; ///< a 180 came first
    const char* reason;
    bool from_peer = true; ///< false: the stack's own (its timeout)
};

std::string failure_name(const ::testing::TestParamInfo<failure_case>& p) {
    return std::string(p.param.reason) + "_" + std::to_string(p.param.status) +
           (p.param.after_ringing ? "_after_180" : "") + (p.param.from_peer ? "" : "_from_the_stack");
}

class desk_phone_failures : public call_driver_test, public ::testing::WithParamInterface<failure_case> {};

TEST_P(desk_phone_failures, end_the_call_before_the_callee_is_dialled) {
    auto call = place();
    if (GetParam().after_ringing) deliver(desk_leg, kind::provisional, 180);
    deliver(desk_leg, kind::failure, GetParam().status, {}, GetParam().from_peer);
    EXPECT_EQ(sent(), lines{"invite 1 to=sip:+14255550101@pbx.test sdp"}); // the stack ACKs the failure
    const auto states = reported();
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back(), std::string("ended ") + GetParam().reason);
    EXPECT_EQ(last_report().connected_at_ms, 0);
    expect_nothing_left(*call, {desk_leg});
    EXPECT_EQ(sip_.invites.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    statuses, desk_phone_failures,
    ::testing::Values(failure_case{486, true, "own_phone_busy"}, failure_case{600, true, "own_phone_busy"},
                      failure_case{603, true, "own_phone_declined"}, failure_case{404, false, "own_phone_unreachable"},
                      failure_case{480, true, "own_phone_no_answer"}, failure_case{500, true, "own_phone_unreachable"},
                      // The stack's own 408 with nothing before it: nobody is there. The PBX's
                      // own 408 (its 100 Trying unseen) is a phone that did not answer.
                      failure_case{408, false, "pbx_unreachable", false},
                      failure_case{408, false, "own_phone_no_answer"}, failure_case{408, true, "own_phone_no_answer"},
                      failure_case{503, false, "pbx_unreachable"},
                      // A challenge the stack gave up on: cvw's credentials are wrong.
                      failure_case{401, false, "pbx_rejected_credentials"},
                      failure_case{407, false, "pbx_rejected_credentials"}),
    failure_name);

class callee_failures : public call_driver_test, public ::testing::WithParamInterface<failure_case> {};

TEST_P(callee_failures, end_the_call_and_hang_up_the_desk_phone) {
    auto call = place();
    deliver(desk_leg, kind::success, 200, desk_answer);
    sent();
    if (GetParam().after_ringing) deliver(callee_leg, kind::provisional, 180);
    deliver(callee_leg, kind::failure, GetParam().status, {}, GetParam().from_peer);
    EXPECT_EQ(sent(), lines{"bye 1"});
    const auto states = reported();
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(states.back(), std::string("ended ") + GetParam().reason);
    EXPECT_EQ(last_report().connected_at_ms, 0);
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

INSTANTIATE_TEST_SUITE_P(
    statuses, callee_failures,
    ::testing::Values(failure_case{486, true, "callee_busy"}, failure_case{603, true, "callee_declined"},
                      failure_case{404, false, "callee_unreachable"}, failure_case{480, true, "callee_no_answer"},
                      failure_case{500, false, "callee_unreachable"},
                      failure_case{408, false, "pbx_unreachable", false}, failure_case{408, false, "callee_no_answer"},
                      failure_case{408, true, "callee_no_answer"},
                      failure_case{401, false, "pbx_rejected_credentials"}),
    failure_name);

TEST_F(click_to_call_driver, a_busy_callee_is_told_by_name) {
    auto call = callee_ringing_call();
    deliver(callee_leg, kind::failure, 486);
    EXPECT_EQ(reported(), lines{"ended callee_busy"});
    EXPECT_EQ(english(last_report()), "Bob Jones is busy.");
}

TEST_F(click_to_call_driver, an_unanswered_desk_phone_is_cancelled_after_the_ring_time) {
    auto call = place();
    deliver(desk_leg, kind::provisional, 180);
    sent();
    reported();
    clock_.advance(desk_ring_ms - 1);
    EXPECT_TRUE(sent().empty());
    clock_.advance(1);
    EXPECT_EQ(sent(), lines{"cancel 1"});
    EXPECT_EQ(reported(), lines{"ended own_phone_no_answer"});
    EXPECT_EQ(english(last_report()), "Your phone did not answer.");
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(click_to_call_driver, an_unanswered_callee_is_cancelled_after_the_ring_time_and_the_desk_phone_hung_up) {
    auto call = callee_ringing_call();
    clock_.advance(callee_ring_ms - 1);
    EXPECT_TRUE(sent().empty());
    clock_.advance(1);
    EXPECT_EQ(sent(), (lines{"cancel 2", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended callee_no_answer"});
    EXPECT_EQ(english(last_report()), "Bob Jones did not answer.");
    deliver(callee_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, the_desk_phones_ring_timer_stops_when_it_answers) {
    auto call = place();
    deliver(desk_leg, kind::success, 200, desk_answer);
    deliver(callee_leg, kind::provisional, 180);
    sent();
    reported();
    clock_.advance(desk_ring_ms);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported().empty());
    clock_.advance(callee_ring_ms - desk_ring_ms); // the callee's ring time counts from the desk phone's answer
    EXPECT_EQ(sent(), (lines{"cancel 2", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended callee_no_answer"});
}

TEST_F(click_to_call_driver, cancelling_while_the_desk_phone_rings_sends_cancel) {
    auto call = place();
    deliver(desk_leg, kind::provisional, 180);
    sent();
    reported();
    call->hang_up();
    EXPECT_EQ(sent(), lines{"cancel 1"});
    EXPECT_EQ(reported(), lines{"ended cancelled_by_user"});
    EXPECT_EQ(english(last_report()), "You cancelled the call.");
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(click_to_call_driver, cancelling_before_any_provisional_response_waits_for_one_to_send_the_cancel) {
    auto call = place();
    sent();
    call->hang_up(); // RFC 3261 §9.1: no CANCEL before a provisional response
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), (lines{"calling_own_phone", "ended cancelled_by_user"}));
    deliver(desk_leg, kind::provisional, 100);
    EXPECT_EQ(sent(), lines{"cancel 1"});
    deliver(desk_leg, kind::provisional, 180);
    EXPECT_TRUE(sent().empty()); // once is enough
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(click_to_call_driver, a_desk_phone_200_that_crosses_the_cancel_is_acked_then_hung_up) {
    auto call = place();
    deliver(desk_leg, kind::provisional, 180);
    call->hang_up();
    EXPECT_EQ(sent(), (lines{"invite 1 to=sip:+14255550101@pbx.test sdp", "cancel 1"}));
    deliver(desk_leg, kind::success, 200, desk_answer);
    EXPECT_EQ(sent(), (lines{"ack 1", "bye 1"}));
    EXPECT_EQ(reported(), (lines{"calling_own_phone", "calling_own_phone", "ended cancelled_by_user"}));
    EXPECT_EQ(sip_.invites.size(), 1u); // the callee is never called
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(click_to_call_driver,
       a_desk_phone_that_answers_before_any_1xx_after_the_user_gave_up_gets_ack_and_bye_not_cancel) {
    auto call = place();
    call->hang_up();
    deliver(desk_leg, kind::success, 200, desk_answer);
    EXPECT_EQ(sent(), (lines{"invite 1 to=sip:+14255550101@pbx.test sdp", "ack 1", "bye 1"}));
    EXPECT_EQ(reported(), (lines{"calling_own_phone", "ended cancelled_by_user"}));
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(click_to_call_driver, cancelling_while_the_callee_rings_cancels_it_and_hangs_up_the_desk_phone) {
    auto call = callee_ringing_call();
    call->hang_up();
    EXPECT_EQ(sent(), (lines{"cancel 2", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended cancelled_by_user"});
    deliver(callee_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, a_callee_200_that_crosses_the_cancel_is_acked_then_hung_up_and_never_connected) {
    auto call = callee_ringing_call();
    call->hang_up();
    EXPECT_EQ(sent(), (lines{"cancel 2", "bye 1"}));
    deliver(callee_leg, kind::success, 200, callee_answer);
    EXPECT_EQ(sent(), (lines{"ack 2", "bye 2"}));
    clock_.advance(1000);
    EXPECT_TRUE(sent().empty()); // no re-INVITE to a callee being hung up
    EXPECT_EQ(reported(), lines{"ended cancelled_by_user"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, a_late_offer_200_that_crosses_the_cancel_is_acked_with_every_stream_declined) {
    env_.relay_early_media = false;
    auto call = callee_ringing_call();
    call->hang_up();
    EXPECT_EQ(sent(), (lines{"cancel 2", "bye 1"}));
    deliver(callee_leg, kind::success, 200, callee_offer); // its offer needs an answer in the ACK
    EXPECT_EQ(sent(), (lines{"ack 2 sdp", "bye 2"}));
    const auto declined = body(callee_leg, "ack");
    EXPECT_NE(declined.find("m=audio 0 "), std::string::npos) << declined;
    EXPECT_EQ(origin_line(declined).rfind("o=cvw ", 0), 0u);
    EXPECT_EQ(reported(), lines{"ended cancelled_by_user"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, the_desk_phone_hanging_up_while_the_callee_rings_cancels_the_callee) {
    auto call = callee_ringing_call();
    deliver(desk_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"cancel 2"});
    EXPECT_EQ(reported(), lines{"ended own_phone_hung_up"});
    EXPECT_EQ(english(last_report()), "Your phone hung up.");
    deliver(callee_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, the_desk_phone_hanging_up_once_connected_ends_the_callee_leg) {
    auto call = connected_call();
    deliver(desk_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 2"});
    EXPECT_EQ(reported(), lines{"ended own_phone_hung_up"});
    EXPECT_GT(last_report().connected_at_ms, 0);
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, the_callee_hanging_up_once_connected_ends_the_desk_phone_leg) {
    auto call = connected_call();
    deliver(callee_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(reported(), lines{"ended callee_hung_up"});
    EXPECT_EQ(english(last_report()), "Bob Jones hung up.");
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, a_callee_bye_that_crosses_the_users_hang_up_is_not_answered_with_another_bye) {
    auto call = connected_call();
    call->hang_up();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 2"}));
    deliver(callee_leg, kind::bye); // the stack answers it 200; nothing more to do
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), lines{"ended hung_up_by_user"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, a_hang_up_that_crosses_the_callees_bye_changes_nothing) {
    auto call = connected_call();
    deliver(callee_leg, kind::bye);
    EXPECT_EQ(sent(), lines{"bye 1"});
    call->hang_up();
    deliver(desk_leg, kind::bye); // the desk phone hung up at the same moment too
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), lines{"ended callee_hung_up"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, a_1xx_after_the_2xx_is_ignored) {
    auto call = place();
    deliver(desk_leg, kind::success, 200, desk_answer);
    EXPECT_EQ(sent(),
              (lines{"invite 1 to=sip:+14255550101@pbx.test sdp", "ack 1", "invite 2 to=sip:1002@pbx.test sdp"}));
    EXPECT_EQ(reported(), (lines{"calling_own_phone", "own_phone_answered"}));
    deliver(desk_leg, kind::provisional, 180);
    deliver(desk_leg, kind::provisional, 183, desk_answer);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported().empty());

    deliver(callee_leg, kind::success, 200, callee_answer);
    deliver(callee_leg, kind::provisional, 180);
    deliver(callee_leg, kind::provisional, 183, callee_early); // no early media once answered
    EXPECT_EQ(sent(), lines{"ack 2"});
    EXPECT_TRUE(reported().empty());
    clock_.advance(100);
    EXPECT_EQ(sent(), lines{"reinvite 2"}); // the connect goes on
}

TEST_F(click_to_call_driver, a_forbidden_destination_is_refused_before_any_sip) {
    auto call = place("+44 20 7946 0018");
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), lines{"ended not_allowed_by_policy"});
    expect_nothing_left(*call, {});
}

TEST_F(click_to_call_driver, a_destination_that_is_no_number_is_refused_before_any_sip) {
    auto call = place("call me maybe");
    EXPECT_TRUE(sent().empty());
    EXPECT_EQ(reported(), lines{"ended callee_invalid_number"});
    expect_nothing_left(*call, {});
}

TEST_F(click_to_call_driver, a_call_placed_from_a_conversation_carries_it_in_every_state) {
    auto call = place("1002", "bob");
    deliver(desk_leg, kind::failure, 486);
    EXPECT_EQ(reported(), (lines{"calling_own_phone", "ended own_phone_busy"}));
    for (const auto& r : reports()) EXPECT_EQ(r.conversation, "bob") << r.state;
}

// ---- cvw stops with calls up: every leg gets its CANCEL or BYE, the call ends as server_stopped ----

TEST_F(click_to_call_driver, stopping_while_the_desk_phone_rings_cancels_it) {
    auto call = place();
    deliver(desk_leg, kind::provisional, 180);
    sent();
    reported();
    call->stop();
    EXPECT_EQ(sent(), lines{"cancel 1"});
    EXPECT_EQ(reported(), lines{"ended server_stopped"});
    EXPECT_EQ(english(last_report()), "The call was ended because cvw was restarted. Please call again.");
    deliver(desk_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(click_to_call_driver, stopping_while_the_callee_rings_cancels_it_and_hangs_up_the_desk_phone) {
    auto call = callee_ringing_call();
    call->stop();
    EXPECT_EQ(sent(), (lines{"cancel 2", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended server_stopped"});
    deliver(callee_leg, kind::failure, 487);
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, stopping_while_the_callees_ack_settles_ends_both_legs_and_the_settle_timer) {
    auto call = callee_ringing_call();
    deliver(callee_leg, kind::success, 200, callee_answer);
    EXPECT_EQ(sent(), lines{"ack 2"});
    call->stop();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended server_stopped"});
    EXPECT_EQ(last_report().connected_at_ms, 0);
    EXPECT_EQ(clock_.pending(), 0u);
    clock_.advance(1000);
    EXPECT_TRUE(sent().empty());
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, stopping_while_the_callee_is_asked_for_an_offer_declines_the_offer_that_still_comes) {
    auto call = callee_ringing_call();
    deliver(callee_leg, kind::success, 200, callee_answer);
    clock_.advance(100);
    EXPECT_EQ(sent(), (lines{"ack 2", "reinvite 2"}));
    call->stop();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended server_stopped"});
    deliver(callee_leg, kind::success, 200, callee_offer); // crossed the BYE
    EXPECT_EQ(sent(), lines{"ack 2 sdp"});
    EXPECT_NE(body(callee_leg, "ack").find("m=audio 0 "), std::string::npos) << body(callee_leg, "ack");
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, stopping_while_the_desk_phone_is_offered_the_callees_media_acks_the_callee_declining_it) {
    auto call = callee_ringing_call();
    deliver(callee_leg, kind::success, 200, callee_answer);
    clock_.advance(100);
    deliver(callee_leg, kind::success, 200, callee_offer);
    EXPECT_EQ(sent(), (lines{"ack 2", "reinvite 2", "reinvite 1 sdp"}));
    call->stop();
    // The callee's 200 waits for its ACK: it gets one declining its offer before the BYE.
    EXPECT_EQ(sent(), (lines{"bye 1", "ack 2 sdp", "bye 2"}));
    EXPECT_NE(body(callee_leg, "ack").find("m=audio 0 "), std::string::npos) << body(callee_leg, "ack");
    EXPECT_EQ(reported(), lines{"ended server_stopped"});
    deliver(desk_leg, kind::success, 200, desk_connect); // crossed the BYE: ACKed, nothing more
    EXPECT_EQ(sent(), lines{"ack 1"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_driver, stopping_once_connected_ends_both_legs) {
    auto call = connected_call();
    const auto connected_at = last_report().connected_at_ms;
    call->stop();
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended server_stopped"});
    EXPECT_EQ(last_report().connected_at_ms, connected_at);
    expect_nothing_left(*call, {desk_leg, callee_leg});
    call->stop(); // twice: nothing more
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported().empty());
}

} // namespace
} // namespace cvw::test
