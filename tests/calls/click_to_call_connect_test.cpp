// Putting the phones through to each other (RFC 3725 Flow IV) and the re-INVITEs after it: what
// each failure of the connect sends, how glare (491) is retried, and hold/resume relayed between
// the phones once they talk.
#include "call_driver_fixture.hpp"

namespace cvw::test {
namespace {

class click_to_call_connect : public call_driver_test {
protected:
    /** A call whose callee answered, up to the re-INVITE of the desk phone with the callee's offer. */
    std::shared_ptr<server::calls::click_to_call> desk_phone_offered() {
        auto call = callee_ringing_call();
        deliver(callee_leg, kind::success, 200, callee_answer);
        clock_.advance(100);
        deliver(callee_leg, kind::success, 200, callee_offer);
        EXPECT_EQ(sent(), (lines{"ack 2", "reinvite 2", "reinvite 1 sdp"}));
        return call;
    }
    /** A call whose callee answered, up to the empty re-INVITE that asks it for an offer. */
    std::shared_ptr<server::calls::click_to_call> callee_asked() {
        auto call = callee_ringing_call();
        deliver(callee_leg, kind::success, 200, callee_answer);
        clock_.advance(100);
        EXPECT_EQ(sent(), (lines{"ack 2", "reinvite 2"}));
        return call;
    }
    void expect_declined(const std::string& sdp) {
        EXPECT_NE(sdp.find("m=audio 0 "), std::string::npos) << sdp;
        EXPECT_EQ(session_of(sdp), session_of(body(callee_leg, "invite"))) << sdp; // in cvw's session for the callee
    }
};

// ---- during the connect ----

TEST_F(click_to_call_connect,
       the_desk_phones_own_reinvite_while_the_callees_ack_settles_gets_491_and_the_connect_goes_on) {
    auto call = callee_ringing_call();
    deliver(callee_leg, kind::success, 200, callee_answer);
    EXPECT_EQ(sent(), lines{"ack 2"});
    deliver(desk_leg, kind::invite, 0, desk_hold); // the phones do not talk yet: try again later
    EXPECT_EQ(sent(), lines{"respond 1 491"});
    clock_.advance(100);
    deliver(callee_leg, kind::success, 200, callee_offer);
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"reinvite 2", "reinvite 1 sdp", "ack 1", "ack 2 sdp"}));
    EXPECT_EQ(reported(), lines{"connected"});
}

TEST_F(click_to_call_connect, reinvites_that_overlap_the_connect_reinvites_get_491) {
    auto call = callee_asked();
    deliver(callee_leg, kind::invite, 0, callee_offer); // glare with cvw's own re-INVITE: its leg says 491
    EXPECT_EQ(sent(), lines{"respond 2 491"});
    deliver(desk_leg, kind::invite, 0, desk_hold); // not talking to anyone yet
    EXPECT_EQ(sent(), lines{"respond 1 491"});

    deliver(callee_leg, kind::success, 200, callee_offer);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    deliver(desk_leg, kind::invite, 0, desk_hold);      // glare with cvw's re-INVITE
    deliver(callee_leg, kind::invite, 0, callee_offer); // its 200 waits for the ACK
    EXPECT_EQ(sent(), (lines{"respond 1 491", "respond 2 491"}));

    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 1", "ack 2 sdp"}));
    EXPECT_EQ(audio_port(body(callee_leg, "ack")), 40012);
    EXPECT_EQ(reported(), lines{"connected"});
}

TEST_F(click_to_call_connect, a_491_from_the_desk_phone_is_retried_after_2100_to_4000_ms) {
    auto call = desk_phone_offered();
    const auto offer = body(desk_leg, "reinvite");
    deliver(desk_leg, kind::failure, 491);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported().empty());
    clock_.advance(2099); // cvw made the Call-ID: it waits 2.1 to 4 s (RFC 3261 §14.1)
    EXPECT_TRUE(sent().empty());
    clock_.advance(4000 - 2099);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    EXPECT_EQ(body(desk_leg, "reinvite"), offer); // the same offer again
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 1", "ack 2 sdp"}));
    EXPECT_EQ(reported(), lines{"connected"});
    EXPECT_EQ(last_report().connected_at_ms, clock_.now_ms());
}

TEST_F(click_to_call_connect, the_desk_phones_own_reinvite_during_cvws_491_backoff_does_not_end_the_call) {
    auto call = desk_phone_offered();
    deliver(desk_leg, kind::failure, 491);
    deliver(desk_leg, kind::invite, 0, desk_hold); // the desk phone's retry came first
    clock_.advance(4000);
    // The connect cannot give way: the desk phone's re-INVITE gets 491 as at any other time of the
    // connect, and cvw's own retry goes when its timer fires (RFC 3261 §14.1).
    EXPECT_EQ(sent(), (lines{"respond 1 491", "reinvite 1 sdp"}));
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 1", "ack 2 sdp"}));
    EXPECT_EQ(reported(), lines{"connected"});
}

TEST_F(click_to_call_connect, a_491_from_the_callee_to_the_empty_reinvite_is_retried_after_the_backoff) {
    auto call = callee_asked();
    deliver(callee_leg, kind::failure, 491);
    clock_.advance(2099);
    EXPECT_TRUE(sent().empty());
    clock_.advance(4000 - 2099);
    EXPECT_EQ(sent(), lines{"reinvite 2"});
    deliver(callee_leg, kind::success, 200, callee_offer);
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"reinvite 1 sdp", "ack 1", "ack 2 sdp"}));
    EXPECT_EQ(reported(), lines{"connected"});
}

TEST_F(click_to_call_connect, a_desk_phone_that_refuses_the_callees_offer_ends_the_call_as_connect_failed) {
    auto call = desk_phone_offered();
    deliver(desk_leg, kind::failure, 488);
    // The callee's 200 still gets its ACK, declining its offer; then both legs are hung up.
    EXPECT_EQ(sent(), (lines{"ack 2 sdp", "bye 1", "bye 2"}));
    expect_declined(body(callee_leg, "ack"));
    EXPECT_EQ(reported(), lines{"ended connect_failed"});
    EXPECT_EQ(english(last_report()), "The two phones could not be connected to each other.");
    EXPECT_EQ(last_report().connected_at_ms, 0);
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_connect, a_desk_phone_200_without_an_answer_ends_the_call_as_connect_failed) {
    auto call = desk_phone_offered();
    deliver(desk_leg, kind::success, 200);
    EXPECT_EQ(sent(), (lines{"ack 1", "ack 2 sdp", "bye 1", "bye 2"}));
    expect_declined(body(callee_leg, "ack"));
    EXPECT_EQ(reported(), lines{"ended connect_failed"});
}

TEST_F(click_to_call_connect, a_481_from_the_desk_phone_means_its_leg_is_gone) {
    auto call = desk_phone_offered();
    deliver(desk_leg, kind::failure, 481);
    EXPECT_EQ(sent(), (lines{"bye 1", "ack 2 sdp", "bye 2"}));
    expect_declined(body(callee_leg, "ack"));
    EXPECT_EQ(reported(), lines{"ended connect_failed"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_connect, a_callee_that_refuses_the_empty_reinvite_ends_the_call_as_connect_failed) {
    auto call = callee_asked();
    deliver(callee_leg, kind::failure, 488);
    EXPECT_EQ(sent(), (lines{"bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended connect_failed"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_connect, a_481_from_the_callee_means_its_leg_is_gone) {
    auto call = callee_asked();
    deliver(callee_leg, kind::failure, 481);
    EXPECT_EQ(sent(), (lines{"bye 2", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended connect_failed"});
}

TEST_F(click_to_call_connect, a_callee_200_without_an_offer_is_acked_and_ends_the_call_as_connect_failed) {
    auto call = callee_asked();
    deliver(callee_leg, kind::success, 200);
    EXPECT_EQ(sent(), (lines{"ack 2", "bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended connect_failed"});
}

TEST_F(click_to_call_connect, the_callee_hanging_up_while_its_ack_settles_ends_the_call) {
    auto call = callee_ringing_call();
    deliver(callee_leg, kind::success, 200, callee_answer);
    deliver(callee_leg, kind::bye);
    EXPECT_EQ(sent(), (lines{"ack 2", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended callee_hung_up"});
    EXPECT_EQ(clock_.pending(), 0u); // no re-INVITE to a callee that hung up
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

// ---- once the phones talk: their own re-INVITEs (hold, resume) pass through cvw ----

TEST_F(click_to_call_connect, hold_on_the_desk_phone_is_relayed_to_the_callee_and_its_answer_back) {
    auto call = connected_call();
    const auto callee_session = body(callee_leg, "ack");
    const auto desk_session = body(desk_leg, "reinvite");

    deliver(desk_leg, kind::invite, 0, desk_hold);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    const auto to_callee = body(callee_leg, "reinvite");
    EXPECT_EQ(audio_port(to_callee), 40012);
    EXPECT_NE(to_callee.find("a=sendonly"), std::string::npos) << to_callee;
    EXPECT_EQ(session_of(to_callee), session_of(callee_session)); // cvw's session on each leg, bumped
    EXPECT_EQ(version_of(to_callee), version_of(callee_session) + 1);

    deliver(callee_leg, kind::success, 200, callee_held);
    EXPECT_EQ(sent(), (lines{"ack 2", "respond 1 200 sdp"}));
    const auto to_desk = body(desk_leg, "respond");
    EXPECT_EQ(audio_port(to_desk), 40022);
    EXPECT_NE(to_desk.find("a=recvonly"), std::string::npos) << to_desk;
    EXPECT_EQ(session_of(to_desk), session_of(desk_session));
    EXPECT_EQ(version_of(to_desk), version_of(desk_session) + 1);
    deliver(desk_leg, kind::ack);
    EXPECT_TRUE(sent().empty());

    // The callee resumes, the other way round.
    deliver(callee_leg, kind::invite, 0, callee_offer);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    EXPECT_EQ(audio_port(body(desk_leg, "reinvite")), 40022);
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 1", "respond 2 200 sdp"}));
    EXPECT_EQ(audio_port(body(callee_leg, "respond")), 40012);
    deliver(callee_leg, kind::ack);
    EXPECT_TRUE(sent().empty());
    EXPECT_TRUE(reported().empty()); // the call goes on
    EXPECT_FALSE(call->ended());
}

TEST_F(click_to_call_connect, a_relayed_hold_the_callee_answers_491_is_retried_after_2100_to_4000_ms) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite, 0, desk_hold);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    const auto hold = body(callee_leg, "reinvite");
    deliver(callee_leg, kind::failure, 491);
    EXPECT_TRUE(sent().empty()); // the desk phone keeps waiting for its answer
    clock_.advance(2099);
    EXPECT_TRUE(sent().empty());
    clock_.advance(4000 - 2099);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    EXPECT_EQ(body(callee_leg, "reinvite"), hold);
    deliver(callee_leg, kind::success, 200, callee_held);
    EXPECT_EQ(sent(), (lines{"ack 2", "respond 1 200 sdp"}));
    EXPECT_EQ(audio_port(body(desk_leg, "respond")), 40022);
}

TEST_F(click_to_call_connect, the_callees_own_reinvite_during_the_backoff_goes_first_and_the_desk_phone_gets_491) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite, 0, desk_hold);
    deliver(callee_leg, kind::failure, 491);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    deliver(callee_leg, kind::invite, 0, callee_offer);
    EXPECT_EQ(sent(), (lines{"respond 1 491", "reinvite 1 sdp"}));
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 1", "respond 2 200 sdp"}));
    EXPECT_EQ(clock_.pending(), 0u); // the callee's change went through: the dropped retry's timer with it
    deliver(callee_leg, kind::ack);
    clock_.advance(4000);
    EXPECT_TRUE(sent().empty());
}

TEST_F(click_to_call_connect, one_relayed_reinvite_at_a_time) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite, 0, desk_hold);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    deliver(desk_leg, kind::invite, 0, desk_hold);      // overlaps its own pending one (RFC 3261 §14.2)
    deliver(callee_leg, kind::invite, 0, callee_offer); // glare with the relayed one
    EXPECT_EQ(sent(), (lines{"respond 1 500", "respond 2 491"}));
    deliver(callee_leg, kind::success, 200, callee_held);
    EXPECT_EQ(sent(), (lines{"ack 2", "respond 1 200 sdp"}));
}

TEST_F(click_to_call_connect, a_relayed_reinvite_the_other_phone_refuses_gets_its_status_and_the_next_goes_through) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite, 0, desk_hold);
    deliver(callee_leg, kind::failure, 488);
    EXPECT_EQ(sent(), (lines{"reinvite 2 sdp", "respond 1 488"}));
    deliver(desk_leg, kind::invite, 0, desk_hold);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    EXPECT_FALSE(call->ended());
}

TEST_F(click_to_call_connect, a_relayed_reinvite_without_sdp_gets_the_offer_and_its_answer_goes_in_the_ack) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite);
    EXPECT_EQ(sent(), lines{"reinvite 2"});
    deliver(callee_leg, kind::success, 200, callee_offer);
    EXPECT_EQ(sent(), lines{"respond 1 200 sdp"});
    EXPECT_EQ(audio_port(body(desk_leg, "respond")), 40022);
    deliver(desk_leg, kind::ack, 0, desk_connect);
    EXPECT_EQ(sent(), lines{"ack 2 sdp"});
    EXPECT_EQ(audio_port(body(callee_leg, "ack")), 40012);
    EXPECT_EQ(origin_line(body(callee_leg, "ack")).rfind("o=cvw ", 0), 0u);
}

TEST_F(click_to_call_connect, hanging_up_while_a_relayed_reinvite_waits_ends_it_with_487) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite, 0, desk_hold);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    call->hang_up();
    EXPECT_EQ(sent(), (lines{"respond 1 487", "bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended hung_up_by_user"});
    deliver(callee_leg, kind::success, 200, callee_held); // crossed the BYE: ACKed, nothing more
    EXPECT_EQ(sent(), lines{"ack 2"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_connect, hanging_up_during_a_glare_backoff_stops_the_retry) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite, 0, desk_hold);
    deliver(callee_leg, kind::failure, 491);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    call->hang_up();
    EXPECT_EQ(sent(), (lines{"respond 1 487", "bye 1", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended hung_up_by_user"});
    EXPECT_EQ(clock_.pending(), 0u);
    clock_.advance(4000);
    EXPECT_TRUE(sent().empty());
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_connect, a_relayed_reinvite_answered_481_means_the_callee_is_gone_and_ends_the_call) {
    auto call = connected_call();
    deliver(desk_leg, kind::invite, 0, desk_hold);
    EXPECT_EQ(sent(), lines{"reinvite 2 sdp"});
    deliver(callee_leg, kind::failure, 481); // RFC 3261 §12.2.1.2: the callee's dialog is gone
    EXPECT_EQ(sent(), (lines{"bye 2", "respond 1 481", "bye 1"}));
    EXPECT_EQ(reported(), lines{"ended callee_hung_up"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

TEST_F(click_to_call_connect, a_relayed_reinvite_answered_408_means_the_desk_phone_is_gone_and_ends_the_call) {
    auto call = connected_call();
    deliver(callee_leg, kind::invite, 0, callee_offer);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    deliver(desk_leg, kind::failure, 408);
    EXPECT_EQ(sent(), (lines{"bye 1", "respond 2 408", "bye 2"}));
    EXPECT_EQ(reported(), lines{"ended own_phone_hung_up"});
    expect_nothing_left(*call, {desk_leg, callee_leg});
}

} // namespace
} // namespace cvw::test
