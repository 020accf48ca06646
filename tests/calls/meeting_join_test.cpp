// The meeting-join driver, message by message: the desk phone's leg, the mixer's seat and the page,
// with every race between the three staged by hand.
#include "call_driver_fixture.hpp"
#include "dtmf_audio.hpp"

#include "media/rtp_packet.hpp"

#include <boost/asio/ip/udp.hpp>

#include <array>
#include <chrono>

namespace cvw::test {
namespace {

constexpr const char* desk_invite = "invite 1 to=sip:+14255550101@pbx.test sdp";
constexpr const char* seat_asked = "join room=4821 codec=pcmu phone=192.0.2.50:40050 display=Alice Smith";

namespace net = boost::asio;

/** A phone on loopback, so its keys reach cvw's real port and pass the source check. */
net::ip::udp::socket loopback_phone(net::io_context& ioc) {
    return net::ip::udp::socket(ioc, net::ip::udp::endpoint(net::ip::make_address("127.0.0.1"), 0));
}

/** `keys` as RFC 4733 events from `phone` to cvw's `port`: each the first packet of its event (marker set). */
void press(net::ip::udp::socket& phone, int port, const std::string& keys) {
    static std::uint16_t sequence = 0;
    for (const char key : keys) {
        const std::uint8_t event = key == '*' ? 10 : key == '#' ? 11 : static_cast<std::uint8_t>(key - '0');
        std::array<std::uint8_t, server::media::rtp_header_size + 4> bytes{};
        server::media::write_rtp_header(
            std::span<std::uint8_t, server::media::rtp_header_size>(bytes.data(), server::media::rtp_header_size),
            {.marker = true, .payload_type = 101, .sequence = ++sequence, .timestamp = 0, .ssrc = 7, .payload = {}});
        // The event, not its end yet, volume 10, 160 samples so far.
        bytes[server::media::rtp_header_size] = event;
        bytes[server::media::rtp_header_size + 1] = 10;
        bytes[server::media::rtp_header_size + 3] = 160;
        phone.send_to(net::buffer(bytes),
                      net::ip::udp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)));
    }
}

class meeting_join_driver : public call_driver_test {
protected:
    /** Runs cvw's RTP sockets (keys arriving from a loopback phone) until the mixer is asked for a seat, or 5 s. */
    void until_a_seat_is_asked_for() {
        for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
             mixer_.waiting() == 0 && std::chrono::steady_clock::now() < until;)
            ioc_.run_for(std::chrono::milliseconds(10));
    }
    /** A join whose phone answered (no confirm digit) and whose seat is asked for; lines taken. */
    std::shared_ptr<server::calls::meeting_join> seat_waiting() {
        auto call = join_meeting();
        deliver(desk_leg, kind::provisional, 180);
        deliver(desk_leg, kind::success, 200, desk_meeting_answer);
        EXPECT_EQ(sent(), (lines{desk_invite, "ack 1"}));
        EXPECT_EQ(mixer_.take(), lines{seat_asked});
        EXPECT_EQ(reported_meeting(), (lines{"dialing_out", "joining"}));
        return call;
    }
    /** A join whose phone talks to its seat in the mixer; lines and reports taken. */
    std::shared_ptr<server::calls::meeting_join> in_meeting() {
        auto call = seat_waiting();
        mixer_.seat();
        clock_.advance(100); // the re-INVITE keeps behind the answer's ACK
        deliver(desk_leg, kind::success, 200, desk_meeting_answer);
        EXPECT_EQ(sent(), (lines{"reinvite 1 sdp", "ack 1"}));
        EXPECT_EQ(reported_meeting(), (lines{"moving", "in_meeting"}));
        return call;
    }
};

TEST_F(meeting_join_driver, one_click_rings_the_phone_as_the_bridge_and_moves_it_into_its_seat) {
    const auto started = clock_.now_ms();
    auto call = join_meeting();

    // The phone rings showing the meeting, from the bridge number, with cvw's own port to answer.
    EXPECT_EQ(sent(), lines{desk_invite});
    ASSERT_EQ(sip_.invites.size(), 1u);
    EXPECT_EQ(sip_.invites[0].from_display, "cvw: meeting Weekly sync");
    EXPECT_EQ(sip_.invites[0].from_uri, "sip:+14255550199@pbx.test");
    const auto offer = body(desk_leg, "invite");
    EXPECT_GE(audio_port(offer), 47000) << offer;
    EXPECT_LE(audio_port(offer), 47999) << offer;
    EXPECT_EQ(reported_meeting(), lines{"dialing_out"});
    EXPECT_EQ(last_meeting_report().meeting_id, "m-4821");
    EXPECT_EQ(last_meeting_report().subject, "Weekly sync");
    EXPECT_EQ(last_meeting_report().number, desk_number);
    EXPECT_EQ(last_meeting_report().started_at_ms, started);

    deliver(desk_leg, kind::provisional, 180);
    EXPECT_EQ(sent(), lines{});
    EXPECT_EQ(reported_meeting(), lines{});
    clock_.advance(2000);

    // Picked up: a seat for the address and codec the phone answered with; nothing moves yet.
    deliver(desk_leg, kind::success, 200, desk_meeting_answer);
    EXPECT_EQ(sent(), lines{"ack 1"});
    EXPECT_EQ(mixer_.take(), lines{seat_asked});
    EXPECT_EQ(reported_meeting(), lines{"joining"});

    // The seat: the phone is re-INVITEd to it with that one codec and no telephone-event, once the
    // ACK of its answer has had 100 ms (a proxy's parallel workers could deliver it second).
    mixer_.seat(43010);
    EXPECT_EQ(sent(), lines{});
    clock_.advance(99);
    EXPECT_EQ(sent(), lines{});
    clock_.advance(1);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    const auto to_mixer = body(desk_leg, "reinvite");
    EXPECT_EQ(audio_port(to_mixer), 43010) << to_mixer;
    EXPECT_NE(to_mixer.find("c=IN IP4 127.0.0.1"), std::string::npos) << to_mixer;
    EXPECT_NE(to_mixer.find("m=audio 43010 RTP/AVP 0\r\n"), std::string::npos) << to_mixer;
    EXPECT_EQ(to_mixer.find("telephone-event"), std::string::npos) << to_mixer;
    EXPECT_EQ(session_of(to_mixer), session_of(offer)); // one session on the leg, its version raised
    EXPECT_GT(version_of(to_mixer), version_of(offer));
    EXPECT_EQ(reported_meeting(), lines{"moving"});
    EXPECT_EQ(last_meeting_report().joined_at_ms, 0);
    EXPECT_EQ(ports_->in_use(), 1u);

    // Only once the phone took it is the user in the meeting; cvw's own port is closed then.
    clock_.advance(300);
    deliver(desk_leg, kind::success, 200, desk_meeting_answer);
    EXPECT_EQ(sent(), lines{"ack 1"});
    EXPECT_EQ(reported_meeting(), lines{"in_meeting"});
    EXPECT_EQ(last_meeting_report().joined_at_ms, started + 2400);
    EXPECT_EQ(ports_->in_use(), 0u);
    ASSERT_TRUE(call->seat().has_value());
    EXPECT_EQ(call->seat()->id, 11u);

    // Leave: the phone is hung up and the seat given back.
    call->hang_up();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), lines{"ended left"});
    EXPECT_EQ(english(last_meeting_report()), "You left the meeting.");
    EXPECT_EQ(last_update().kind(), call::call_kind::meeting_join);
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, a_phone_that_hangs_up_in_the_meeting_gives_its_seat_back) {
    auto call = in_meeting();
    deliver(desk_leg, kind::bye);
    EXPECT_EQ(sent(), lines{});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), lines{"ended phone_hung_up"});
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, leaving_while_the_seat_is_asked_for_gives_it_back_when_it_comes) {
    auto call = seat_waiting();
    call->hang_up();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(reported_meeting(), lines{"ended left"});
    EXPECT_EQ(mixer_.take(), lines{});
    deliver(desk_leg, kind::released);
    EXPECT_FALSE(call->finished()) << "a seat is still asked for";
    mixer_.seat();
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(sent(), lines{}) << "no re-INVITE for a phone already hung up";
    EXPECT_TRUE(call->finished());
    expect_nothing_left(*call, {});
}

TEST_F(meeting_join_driver, a_mixer_that_refuses_the_seat_hangs_up_the_phone) {
    auto call = seat_waiting();
    mixer_.refuse();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(reported_meeting(), lines{"ended mixer_unavailable"});
    EXPECT_EQ(english(last_meeting_report()), "The meeting service is unavailable right now.");
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, the_mixer_going_away_while_a_seat_is_asked_for_ends_the_join) {
    auto call = seat_waiting();
    call->mixer_lost();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(reported_meeting(), lines{"ended mixer_unavailable"});
    mixer_.refuse(); // the mixer's late answer to a seat asked of it before it went
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, the_mixer_going_away_in_the_meeting_hangs_up_the_phone) {
    auto call = in_meeting();
    call->mixer_lost();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"}); // harmless to a mixer that is gone, needed by one that is back
    EXPECT_EQ(reported_meeting(), lines{"ended mixer_unavailable"});
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, a_bridge_that_hangs_up_on_the_seat_ends_the_join_and_is_owed_nothing) {
    auto call = in_meeting();
    mixer_.lose();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{}); // the seat is gone already
    EXPECT_EQ(reported_meeting(), lines{"ended bridge_hung_up"});
    EXPECT_EQ(english(last_meeting_report()), "The meeting bridge hung up.");
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, a_phone_in_the_meeting_is_muted_and_unmuted_in_the_mixer) {
    auto call = in_meeting();
    std::vector<bool> answers;
    call->set_muted(true, [&](bool ok) { answers.push_back(ok); });
    EXPECT_EQ(mixer_.take(), lines{"mute 11 on"});
    EXPECT_EQ(reported_meeting(), lines{"in_meeting"}) << "the roster hears of it";
    EXPECT_TRUE(std::get<call::meeting_join_progress>(last_update().progress).muted);
    call->set_muted(true, [&](bool ok) { answers.push_back(ok); });
    EXPECT_EQ(mixer_.take(), lines{"mute 11 on"});
    EXPECT_EQ(reported_meeting(), lines{}) << "muted already: nothing to tell";
    call->set_muted(false, [&](bool ok) { answers.push_back(ok); });
    EXPECT_EQ(mixer_.take(), lines{"mute 11 off"});
    EXPECT_EQ(reported_meeting(), lines{"in_meeting"});
    EXPECT_FALSE(std::get<call::meeting_join_progress>(last_update().progress).muted);
    EXPECT_EQ(answers, (std::vector<bool>{true, true, true}));
    EXPECT_EQ(sent(), lines{}) << "muting is the mixer's business, not the phone's";

    call->hang_up();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), lines{"ended left"});
    EXPECT_FALSE(std::get<call::meeting_join_progress>(last_update().progress).muted);
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, talking_heard_on_the_way_in_is_told_once_the_phone_is_in_the_meeting) {
    auto call = seat_waiting();
    mixer_.seat();
    mixer_.talk(true); // the phone talks while its re-INVITE is under way
    EXPECT_EQ(talked(), lines{}) << "not in the meeting yet: the roster would drop it";
    clock_.advance(100);
    deliver(desk_leg, kind::success, 200, desk_meeting_answer);
    EXPECT_EQ(sent(), (lines{"reinvite 1 sdp", "ack 1"}));
    EXPECT_EQ(reported_meeting(), (lines{"moving", "in_meeting"}));
    const auto meeting = std::get<call::meeting_join_progress>(last_update().progress).meeting_id;
    EXPECT_EQ(talked(), lines{meeting + " " + call->id() + " on"});
    EXPECT_FALSE(std::get<call::meeting_join_progress>(last_update().progress).muted);

    mixer_.talk(false);
    EXPECT_EQ(talked(), lines{meeting + " " + call->id() + " off"});
    EXPECT_EQ(reported_meeting(), lines{}) << "talk is no step of the call: no update, no log, no presence";
    mixer_.talk(true);
    EXPECT_EQ(talked(), lines{meeting + " " + call->id() + " on"});

    call->hang_up();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), (lines{"leave 11"}));
    EXPECT_EQ(reported_meeting(), lines{"ended left"});
    mixer_.talk(false); // a late word from the tap, after the join ended
    EXPECT_EQ(talked(), lines{});
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, a_mute_the_mixer_refuses_or_that_comes_before_the_seat_changes_nothing) {
    auto call = seat_waiting();
    std::vector<bool> answers;
    EXPECT_FALSE(call->set_muted(true, [&](bool ok) { answers.push_back(ok); })) << "no seat yet";
    EXPECT_EQ(mixer_.take(), lines{});
    mixer_.seat();
    clock_.advance(100);
    deliver(desk_leg, kind::success, 200, desk_meeting_answer);
    EXPECT_EQ(sent(), (lines{"reinvite 1 sdp", "ack 1"}));
    EXPECT_EQ(reported_meeting(), (lines{"moving", "in_meeting"}));
    mixer_.refuse_mutes = true;
    call->set_muted(true, [&](bool ok) { answers.push_back(ok); });
    EXPECT_EQ(mixer_.take(), lines{"mute 11 on"});
    EXPECT_EQ(reported_meeting(), lines{});
    EXPECT_EQ(answers, (std::vector<bool>{false})) << "only the mixer's refusal: a mute never asked is not answered";
    call->hang_up();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), lines{"ended left"});
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, removed_by_the_organizer_hangs_up_the_phone) {
    auto removed = in_meeting();
    removed->removed();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), lines{"ended removed"});
    EXPECT_EQ(english(last_meeting_report()), "The organizer removed you from the meeting.");
    expect_nothing_left(*removed, {desk_leg});
}

TEST_F(meeting_join_driver, a_phone_that_moves_its_rtp_when_moved_to_the_mixer_is_hung_up) {
    auto call = seat_waiting();
    mixer_.seat();
    clock_.advance(100);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    // Janus sends to the address given at join; a phone now listening elsewhere would hear nothing.
    deliver(desk_leg, kind::success, 200, desk_meeting_moved);
    EXPECT_EQ(sent(), (lines{"ack 1", "bye 1"}));
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), (lines{"moving", "ended move_failed"}));
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, leaving_while_the_move_waits_behind_the_ack_sends_no_reinvite) {
    auto call = seat_waiting();
    mixer_.seat();
    call->hang_up();
    clock_.advance(200);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), (lines{"moving", "ended left"}));
    deliver(desk_leg, kind::released);
    EXPECT_TRUE(call->finished());
}

TEST_F(meeting_join_driver, a_phone_that_refuses_the_move_is_hung_up) {
    auto call = seat_waiting();
    mixer_.seat();
    clock_.advance(100);
    EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    deliver(desk_leg, kind::failure, 488);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), (lines{"moving", "ended move_failed"}));
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, a_phone_re_invite_in_the_meeting_is_answered_with_its_seat) {
    auto call = in_meeting();
    const auto seat_offer = body(desk_leg, "reinvite");
    deliver(desk_leg, kind::invite, 0, phone_sdp("desk", 5555, "192.0.2.50", 40050, "sendonly"));
    EXPECT_EQ(sent(), lines{"respond 1 200 sdp"});
    const auto answer = body(desk_leg, "respond");
    EXPECT_EQ(audio_port(answer), 43010) << answer;
    EXPECT_EQ(session_of(answer), session_of(seat_offer));
    EXPECT_GT(version_of(answer), version_of(seat_offer));
    deliver(desk_leg, kind::ack);
    EXPECT_EQ(reported_meeting(), lines{});
    call->hang_up();
    sent();
    mixer_.take();
    reported_meeting();
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, an_unanswered_or_busy_phone_never_asks_for_a_seat) {
    auto busy = join_meeting();
    deliver(desk_leg, kind::failure, 486);
    EXPECT_EQ(reported_meeting(), (lines{"dialing_out", "ended phone_busy"}));
    EXPECT_EQ(sent(), lines{desk_invite});
    expect_nothing_left(*busy, {desk_leg});

    auto unanswered = join_meeting();
    deliver(2, kind::provisional, 180); // a CANCEL waits for the first provisional (RFC 3261 §9.1)
    sent();
    clock_.advance(desk_ring_ms);
    EXPECT_EQ(sent(), lines{"cancel 2"});
    EXPECT_EQ(reported_meeting(), (lines{"dialing_out", "ended phone_no_answer"}));
    EXPECT_EQ(mixer_.take(), lines{});
    expect_nothing_left(*unanswered, {2});
}

TEST_F(meeting_join_driver, shutdown_hangs_up_and_gives_the_seat_back) {
    auto call = in_meeting();
    call->stop();
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), lines{"ended server_stopped"});
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, a_callback_number_the_dial_plan_forbids_is_never_rung) {
    auto call = std::make_shared<server::calls::meeting_join>(
        env_, mixer_, "call-x",
        server::calls::caller{.user_id = user_id,
                              .display_name = "Alice Smith",
                              .number = "1001",
                              .policy = {.enabled = true, .callback_number = "+4420794600", .caller_id = caller_id},
                              .username = "alice"},
        server::calls::meeting_details{.meeting_id = "m-4821", .room = 4821, .subject = "Weekly sync"}, plan_,
        call::meeting_join::timeouts{}, clock_.now_ms());
    call->start();
    EXPECT_EQ(sent(), lines{});
    EXPECT_EQ(reported_meeting(), lines{"ended callback_not_allowed"});
    EXPECT_TRUE(call->finished());
}

TEST_F(meeting_join_driver, voicemail_that_never_presses_the_digit_is_hung_up_without_a_seat) {
    auto call = join_meeting('1');
    deliver(desk_leg, kind::success, 200, desk_meeting_answer);
    EXPECT_EQ(sent(), (lines{desk_invite, "ack 1"}));
    EXPECT_EQ(reported_meeting(), (lines{"dialing_out", "confirming"}));
    clock_.advance(9'999);
    EXPECT_EQ(sent(), lines{});
    clock_.advance(1);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer_.take(), lines{});
    EXPECT_EQ(reported_meeting(), lines{"ended not_confirmed"});
    expect_nothing_left(*call, {desk_leg});
}

TEST_F(meeting_join_driver, the_confirm_digit_as_an_rfc_4733_event_on_cvws_port_takes_the_seat) {
    auto phone = loopback_phone(ioc_);
    auto call = join_meeting('1');
    const auto cvw_port = audio_port(body(desk_leg, "invite"));
    deliver(desk_leg, kind::success, 200, phone_sdp("desk", 5555, "127.0.0.1", phone.local_endpoint().port()));
    EXPECT_EQ(reported_meeting(), (lines{"dialing_out", "confirming"}));
    press(phone, cvw_port, "51"); // a wrong key first, then the right one
    until_a_seat_is_asked_for();
    EXPECT_EQ(mixer_.take(), lines{"join room=4821 codec=pcmu phone=127.0.0.1:" +
                                   std::to_string(phone.local_endpoint().port()) + " display=Alice Smith"});
    EXPECT_EQ(reported_meeting(), lines{"joining"});
    call->hang_up();
    mixer_.seat();
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
}

TEST_F(meeting_join_driver, the_confirm_digit_as_tones_in_the_audio_takes_the_seat) {
    // A phone that offers no telephone-event: its keys are tones in its G.711 audio.
    auto phone = loopback_phone(ioc_);
    auto call = join_meeting('1');
    const auto cvw_port = audio_port(body(desk_leg, "invite"));
    const auto port = std::to_string(phone.local_endpoint().port());
    deliver(desk_leg, kind::success, 200,
            "v=0\r\no=desk 5555 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio " + port +
                " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n");
    EXPECT_EQ(reported_meeting(), (lines{"dialing_out", "confirming"}));

    // A wrong key, then the right one, in 20 ms packets as a phone sends its audio.
    const auto audio = dtmf_audio("51");
    std::uint16_t sequence = 0;
    for (std::size_t at = 0; at < audio.size(); at += 160) {
        std::array<std::uint8_t, server::media::rtp_header_size + 160> bytes{};
        server::media::write_rtp_header(
            std::span<std::uint8_t, server::media::rtp_header_size>(bytes.data(), server::media::rtp_header_size),
            {.marker = at == 0,
             .payload_type = 0,
             .sequence = sequence++,
             .timestamp = static_cast<std::uint32_t>(at),
             .ssrc = 7,
             .payload = {}});
        std::copy_n(audio.begin() + static_cast<std::ptrdiff_t>(at), std::min<std::size_t>(160, audio.size() - at),
                    bytes.begin() + server::media::rtp_header_size);
        phone.send_to(net::buffer(bytes), net::ip::udp::endpoint(net::ip::make_address("127.0.0.1"),
                                                                 static_cast<unsigned short>(cvw_port)));
    }
    until_a_seat_is_asked_for();
    EXPECT_EQ(mixer_.take(), lines{"join room=4821 codec=pcmu phone=127.0.0.1:" + port + " display=Alice Smith"});
    EXPECT_EQ(reported_meeting(), lines{"joining"});
    call->hang_up();
    mixer_.seat();
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
}

TEST_F(meeting_join_driver, a_dial_in_keys_its_conference_and_pin_and_only_then_takes_a_seat) {
    auto phone = loopback_phone(ioc_);
    auto call = dial_in(""); // a late offer: cvw offers its port, the ACK answers
    EXPECT_EQ(sent(), lines{"respond 100 200 sdp"});
    const auto cvw_port = audio_port(body(caller_leg, "respond"));
    EXPECT_GE(cvw_port, 47000);
    deliver(caller_leg, kind::ack, 0, phone_sdp("caller", 3333, "127.0.0.1", phone.local_endpoint().port()));
    EXPECT_EQ(reported_meeting(), lines{}) << "in no meeting before the PIN";

    press(phone, cvw_port, "99#"); // no such conference: asked again
    press(phone, cvw_port, "123456#4321#");
    until_a_seat_is_asked_for();
    EXPECT_EQ(entries_done(), lines{"admitted wrong=1"});
    EXPECT_EQ(mixer_.take(),
              lines{"join room=4821 codec=pcmu phone=127.0.0.1:" + std::to_string(phone.local_endpoint().port()) +
                    " display=+1425\u2022\u2022\u2022\u2022\u202277"});
    EXPECT_EQ(reported_meeting(), lines{"joining"});
    EXPECT_EQ(last_update().user_id, 0) << "an outside caller";
    EXPECT_EQ(last_meeting_report().meeting_id, "m-4821");
    EXPECT_EQ(last_meeting_report().number, "+14255550177");

    mixer_.seat(43010);
    EXPECT_EQ(sent(), lines{"reinvite 100 sdp"});
    EXPECT_EQ(audio_port(body(caller_leg, "reinvite")), 43010);
    call->hang_up();
    EXPECT_EQ(sent(), lines{"bye 100"});
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
    EXPECT_EQ(reported_meeting(), (lines{"moving", "ended left"}));
    expect_nothing_left(*call, {caller_leg});
}

TEST_F(meeting_join_driver, a_dial_in_that_hangs_up_after_a_wrong_pin_counts_it_and_reports_nothing) {
    trace_capture trace;
    auto phone = loopback_phone(ioc_);
    auto call = dial_in(phone_sdp("caller", 3333, "127.0.0.1", phone.local_endpoint().port()));
    EXPECT_EQ(sent(), lines{"respond 100 200 sdp"});
    const auto answer = body(caller_leg, "respond");
    EXPECT_NE(answer.find("RTP/AVP 0 101\r\n"), std::string::npos) << "its G.711 and its telephone-event type\n"
                                                                   << answer;
    deliver(caller_leg, kind::ack);
    const std::string keys = "123456#1111#";
    press(phone, audio_port(answer), keys);
    const auto keys_taken = [&] {
        return std::ranges::count_if(trace.calls, [](const std::string& l) {
            return l.find("/pin ") != std::string::npos && l.find("event=key_pressed") != std::string::npos;
        });
    };
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
         keys_taken() < static_cast<long>(keys.size()) && std::chrono::steady_clock::now() < until;)
        ioc_.run_for(std::chrono::milliseconds(10));
    EXPECT_NE(trace.calls.back().find("to=asking_pin"), std::string::npos) << "the PIN is asked for again";
    deliver(caller_leg, kind::bye);
    EXPECT_EQ(entries_done(), lines{"caller_hung_up wrong=1"});
    EXPECT_EQ(sent(), lines{});
    EXPECT_EQ(mixer_.take(), lines{}) << "nothing reached the mixer";
    EXPECT_TRUE(call->ended());
    expect_nothing_left(*call, {caller_leg});
}

TEST_F(meeting_join_driver, a_dial_in_whose_media_moves_while_keying_is_heard_at_its_new_address) {
    // cvw's own click-to-call to the bridge: the desk phone is connected with an offerless re-INVITE.
    auto old_phone = loopback_phone(ioc_);
    auto desk_phone = loopback_phone(ioc_);
    auto call = dial_in(phone_sdp("caller", 3333, "127.0.0.1", old_phone.local_endpoint().port()));
    EXPECT_EQ(sent(), lines{"respond 100 200 sdp"});
    const auto cvw_port = audio_port(body(caller_leg, "respond"));
    deliver(caller_leg, kind::ack);

    deliver(caller_leg, kind::invite);
    EXPECT_EQ(sent(), lines{"respond 100 200 sdp"}) << "answered with an offer of the same port";
    EXPECT_EQ(audio_port(body(caller_leg, "respond")), cvw_port);
    deliver(caller_leg, kind::ack, 0, phone_sdp("desk", 4444, "127.0.0.1", desk_phone.local_endpoint().port()));

    press(desk_phone, cvw_port, "123456#4321#"); // heard from the new address, and seated there
    until_a_seat_is_asked_for();
    EXPECT_EQ(entries_done(), lines{"admitted wrong=0"});
    EXPECT_EQ(mixer_.take(),
              lines{"join room=4821 codec=pcmu phone=127.0.0.1:" + std::to_string(desk_phone.local_endpoint().port()) +
                    " display=+1425\u2022\u2022\u2022\u2022\u202277"});
    call->hang_up();
    mixer_.seat();
    EXPECT_EQ(mixer_.take(), lines{"leave 11"});
}

} // namespace
} // namespace cvw::test
