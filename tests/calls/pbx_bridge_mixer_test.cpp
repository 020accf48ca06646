// The PBX backend's mixer against a fake SIP port and a manual clock: each seat is a call to the
// bridge URI from cvw's port, keyed in, then pointed at the phone; every way it can go wrong
// refuses the seat and leaves nothing behind. One test sends real keys to a UDP socket.
#include "call_driver_fixture.hpp"
#include "calls/pbx_bridge_mixer.hpp"
#include "media/telephone_event.hpp"

#include <boost/asio/ip/udp.hpp>

#include <regex>

namespace cvw::test {
namespace {

namespace net = boost::asio;
using server::mixer_participant;
using server::calls::pbx_bridge_mixer;
using namespace std::chrono_literals;

/** The bridge answers cvw's offer (40060) and the re-INVITE with the phone's address (40061). */
const std::string bridge_answer = phone_sdp("bridge", 6666, "192.0.2.60", 40060);
const std::string bridge_takes_phone = phone_sdp("bridge", 6666, "192.0.2.60", 40061);
const std::string bridge_without_keys =
    "v=0\r\no=bridge 6666 1 IN IP4 192.0.2.60\r\ns=-\r\nc=IN IP4 192.0.2.60\r\nt=0 0\r\nm=audio 40060 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";
constexpr server::sip::leg_id bridge_leg = 1;

class pbx_bridge_mixer_test : public call_driver_test {
protected:
    /** A mixer whose keys are `keys` (empty: none to send); the bridge URI names the conference. */
    void make_mixer(std::string keys) {
        mixer = std::make_unique<pbx_bridge_mixer>(
            env_, server::calls::bridge_settings{.uri_template = "sip:conf-{conference_id}@pbx.test",
                                                 .keys_template = std::move(keys),
                                                 .caller_number = "+14255550199",
                                                 .timeouts = {}});
    }

    /** Alice's phone (192.0.2.50:40050, PCMA) asks for a seat in conference 4821007, PIN 9931. */
    void ask() {
        mixer->join({.room = 4821, .conference_id = "4821007", .pin = "9931"}, "Alice Smith", server::g711::pcma,
                    {.ip = "192.0.2.50", .port = 40050}, [this](std::optional<mixer_participant> s) {
                        answers.push_back(s ? "seat " + s->mixer_rtp.ip + ":" + std::to_string(s->mixer_rtp.port)
                                            : "refused");
                        if (s) seat = *s;
                    });
    }

    void bridge(kind what, int status = 0, std::string sdp = {}, server::sip::leg_id leg = bridge_leg) {
        const server::sip::leg_event e{
            .leg = leg, .what = what, .status = status, .phrase = {}, .sdp = std::move(sdp), .caller = {}};
        EXPECT_TRUE(mixer->on_leg_event(e));
        ioc_.poll();
        ioc_.restart();
    }

    /** The seat asked for, answered by the bridge and keyed in (no keys): the re-INVITE is out. */
    void up_to_the_reinvite() {
        make_mixer("");
        ask();
        EXPECT_EQ(sent(), lines{"invite 1 to=sip:conf-4821007@pbx.test sdp"});
        bridge(kind::success, 200, bridge_answer);
        sent();
        clock_.advance(300);
        ioc_.poll();
        ioc_.restart();
        EXPECT_EQ(sent(), lines{"reinvite 1 sdp"});
    }

    void up_to_the_seat() {
        up_to_the_reinvite();
        bridge(kind::success, 200, bridge_takes_phone);
        EXPECT_EQ(sent(), lines{"ack 1"});
        EXPECT_EQ(answers, lines{"seat 192.0.2.60:40061"});
        answers.clear();
    }

    lines taken_answers() { return std::exchange(answers, {}); }

    std::unique_ptr<pbx_bridge_mixer> mixer;
    lines answers;
    mixer_participant seat;
};

TEST_F(pbx_bridge_mixer_test, calls_the_bridge_from_cvws_port_then_points_it_at_the_phone) {
    up_to_the_reinvite();
    const auto& invite = sip_.invites.at(0);
    EXPECT_EQ(invite.from_uri, "sip:+14255550199@pbx.test");
    EXPECT_EQ(invite.from_display, "Alice Smith");
    const auto offer = sdp::audio_of(invite.sdp);
    ASSERT_TRUE(offer);
    EXPECT_EQ(offer->address, "127.0.0.1"); // cvw's own port first, to key from
    EXPECT_GE(offer->port, 47000);
    EXPECT_EQ(offer->payload_types.front(), 8); // the phone's law first
    EXPECT_GE(offer->telephone_event, 0);
    // The re-INVITE names the phone itself, in its one codec: the bridge and the phone talk directly.
    const auto pointed = sdp::audio_of(body(bridge_leg, "reinvite"));
    ASSERT_TRUE(pointed);
    EXPECT_EQ(pointed->address, "192.0.2.50");
    EXPECT_EQ(pointed->port, 40050);
    EXPECT_EQ(pointed->payload_types, std::vector<int>{8});
    EXPECT_EQ(answers, lines{});
    EXPECT_EQ(ports_->in_use(), 1u);

    bridge(kind::success, 200, bridge_takes_phone);
    EXPECT_EQ(sent(), lines{"ack 1"});
    EXPECT_EQ(taken_answers(), lines{"seat 192.0.2.60:40061"});
    EXPECT_EQ(seat.room, 4821u);
    EXPECT_EQ(ports_->in_use(), 0u); // cvw's port is given back with the seat
    EXPECT_EQ(mixer->seats(), 1u);
}

TEST_F(pbx_bridge_mixer_test, leaving_hangs_up_on_the_bridge_and_forgets_the_seat_once_released) {
    up_to_the_seat();
    mixer->leave(seat);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(mixer->seats(), 1u);
    bridge(kind::released);
    EXPECT_EQ(mixer->seats(), 0u);
    mixer->leave(seat); // once more: nothing
    EXPECT_EQ(sent(), lines{});
    EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(pbx_bridge_mixer_test, the_bridge_hanging_up_on_a_seat_tells_its_watcher) {
    up_to_the_seat();
    int lost = 0;
    mixer->watch_lost(seat, [&] { ++lost; });
    bridge(kind::bye);
    EXPECT_EQ(lost, 1);
    bridge(kind::released);
    EXPECT_EQ(mixer->seats(), 0u);
    mixer->leave(seat); // the join gives it back later: nothing left to send
    EXPECT_EQ(sent(), lines{});
}

TEST_F(pbx_bridge_mixer_test, a_seat_the_bridge_hung_up_on_before_it_was_watched_is_told_lost_at_once) {
    up_to_the_seat();
    bridge(kind::bye);
    int lost = 0;
    mixer->watch_lost(seat, [&] { ++lost; });
    ioc_.poll();
    ioc_.restart();
    EXPECT_EQ(lost, 1);
    bridge(kind::released);
    mixer->watch_lost(seat, [&] { ++lost; }); // forgotten by now: told all the same
    ioc_.poll();
    EXPECT_EQ(lost, 2);
}

TEST_F(pbx_bridge_mixer_test, a_bridge_that_refuses_or_never_answers_gives_no_seat) {
    make_mixer("{conference_id}#{pin}#");
    ask();
    sent();
    bridge(kind::failure, 486);
    EXPECT_EQ(taken_answers(), lines{"refused"});
    bridge(kind::released);
    EXPECT_EQ(mixer->seats(), 0u);
    EXPECT_EQ(ports_->in_use(), 0u);

    ask();
    EXPECT_EQ(sent(), lines{"invite 2 to=sip:conf-4821007@pbx.test sdp"});
    bridge(kind::provisional, 100, {}, 2);
    clock_.advance(15'000);
    ioc_.poll();
    EXPECT_EQ(sent(), lines{"cancel 2"});
    EXPECT_EQ(taken_answers(), lines{"refused"});
    EXPECT_EQ(ports_->in_use(), 0u);
}

TEST_F(pbx_bridge_mixer_test, a_bridge_answering_just_as_the_seat_is_given_up_is_hung_up) {
    make_mixer("");
    ask();
    bridge(kind::provisional, 180);
    mixer->stop();
    ioc_.poll();
    ioc_.restart();
    EXPECT_EQ(sent(), (lines{"invite 1 to=sip:conf-4821007@pbx.test sdp", "cancel 1"}));
    EXPECT_EQ(taken_answers(), lines{"refused"});
    bridge(kind::success, 200, bridge_answer); // the 200 crossed the CANCEL: the leg's machine ends it
    EXPECT_EQ(sent(), (lines{"ack 1", "bye 1"}));
    bridge(kind::released);
    EXPECT_EQ(mixer->seats(), 0u);
    EXPECT_EQ(ports_->in_use(), 0u);
}

TEST_F(pbx_bridge_mixer_test, a_bridge_that_takes_no_telephone_events_is_hung_up_when_there_are_keys) {
    make_mixer("{conference_id}#{pin}#");
    ask();
    sent();
    bridge(kind::success, 200, bridge_without_keys);
    EXPECT_EQ(sent(), (lines{"ack 1", "bye 1"})); // the 2xx is ACKed before the BYE
    EXPECT_EQ(taken_answers(), lines{"refused"});
    bridge(kind::released);
    EXPECT_EQ(mixer->seats(), 0u);
    EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(pbx_bridge_mixer_test, a_bridge_that_refuses_the_phone_is_hung_up) {
    up_to_the_reinvite();
    bridge(kind::failure, 488);
    EXPECT_EQ(sent(), lines{"bye 1"});
    EXPECT_EQ(taken_answers(), lines{"refused"});
}

TEST_F(pbx_bridge_mixer_test, muting_is_refused_as_the_bridge_is_the_pbxs) {
    up_to_the_seat();
    std::optional<bool> muted;
    mixer->mute(seat, true, [&](bool ok) { muted = ok; });
    ioc_.poll();
    EXPECT_EQ(muted, false);
    EXPECT_EQ(sent(), lines{});
}

TEST_F(pbx_bridge_mixer_test, the_bridge_refreshing_its_session_keeps_it_pointed_at_the_phone) {
    up_to_the_seat();
    bridge(kind::invite, 0, bridge_takes_phone);
    EXPECT_EQ(sent(), lines{"respond 1 200 sdp"});
    const auto answer = sdp::audio_of(body(bridge_leg, "respond"));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->address, "192.0.2.50");
    EXPECT_EQ(answer->port, 40050);
}

TEST_F(pbx_bridge_mixer_test, a_bridge_reinvite_cvw_cannot_take_is_refused_and_the_seat_stays) {
    up_to_the_reinvite();
    bridge(kind::invite, 0, bridge_takes_phone); // glare with cvw's own re-INVITE
    EXPECT_EQ(sent(), lines{"respond 1 491"});
    bridge(kind::success, 200, bridge_takes_phone);
    sent();
    EXPECT_EQ(taken_answers(), lines{"seat 192.0.2.60:40061"});
    bridge(kind::invite, 0,
           bridge_without_keys.substr(0, bridge_without_keys.find("m=audio")) +
               "m=audio 40062 RTP/AVP 18\r\na=rtpmap:18 G729/8000\r\n");
    EXPECT_EQ(sent(), lines{"respond 1 488"}); // no G.711: the phone could not follow
    EXPECT_EQ(mixer->seats(), 1u);
    mixer->leave(seat);
    EXPECT_EQ(sent(), lines{"bye 1"});
}

TEST_F(pbx_bridge_mixer_test, stopping_cancels_what_is_under_way_and_hangs_up_what_is_seated) {
    up_to_the_seat();
    ask();
    EXPECT_EQ(sent(), lines{"invite 2 to=sip:conf-4821007@pbx.test sdp"});
    bridge(kind::provisional, 180, {}, 2);
    mixer->stop();
    ioc_.poll();
    EXPECT_EQ(sent(), (lines{"bye 1", "cancel 2"}));
    EXPECT_EQ(taken_answers(), lines{"refused"});
    EXPECT_EQ(clock_.pending(), 0u);
}

TEST_F(pbx_bridge_mixer_test, the_conference_id_and_pin_go_to_the_bridge_as_rfc_4733_events_from_cvws_port) {
    net::ip::udp::socket ivr(ioc_, {net::ip::make_address("127.0.0.1"), 0});
    ivr.non_blocking(true);
    const auto ivr_port = ivr.local_endpoint().port();
    make_mixer("{pin}#");
    ask();
    const auto cvw_port = sdp::audio_of(sip_.invites.at(0).sdp)->port;
    bridge(kind::success, 200, phone_sdp("bridge", 6666, "127.0.0.1", ivr_port));
    EXPECT_EQ(sent(), (lines{"invite 1 to=sip:conf-4821007@pbx.test sdp", "ack 1"}));
    clock_.advance(300); // the IVR's moment to listen
    // The keys go out in real time, 20 ms a packet: five keys, about a second.
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (sent().empty() && std::chrono::steady_clock::now() < deadline) ioc_.run_one_for(50ms);
    const auto pointed = sdp::audio_of(body(bridge_leg, "reinvite"));
    ASSERT_TRUE(pointed) << "no re-INVITE to the phone after the keys";
    EXPECT_EQ(pointed->address, "192.0.2.50");

    std::string keys;
    std::array<std::uint8_t, 1500> buffer{};
    net::ip::udp::endpoint from;
    boost::system::error_code ec;
    for (auto n = ivr.receive_from(net::buffer(buffer), from, 0, ec); !ec;
         n = ivr.receive_from(net::buffer(buffer), from, 0, ec)) {
        EXPECT_EQ(from.port(), cvw_port);
        const auto rtp = server::media::parse_rtp(std::span(buffer.data(), n));
        ASSERT_TRUE(rtp);
        EXPECT_EQ(rtp->payload_type, 101); // the bridge's telephone-event type
        const auto e = server::media::parse_telephone_event(rtp->payload);
        ASSERT_TRUE(e);
        if (rtp->marker) keys += server::media::dtmf_character(e->event);
    }
    EXPECT_EQ(keys, "9931#");
}

} // namespace
} // namespace cvw::test
