// The desk phone's keys (RFC 4733 telephone-events) reach the callee's IVR while it still plays early
// media: cvw receives them on its ringback port and sends them on from its relay port, re-stamped as
// its own stream with the callee's payload type. The "IVR" is a UDP socket of the test, named in the
// callee's 183, so the test sees exactly what arrived.
#include "call_fixture.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

namespace cvw::test {
namespace {

namespace net = boost::asio;
using udp = net::ip::udp;
using namespace std::chrono_literals;

struct received_packet {
    std::vector<std::uint8_t> bytes;
    udp::endpoint from;
    int payload_type() const { return bytes[1] & 0x7f; }
    bool marker() const { return (bytes[1] & 0x80) != 0; }
    std::uint32_t timestamp() const { return word(4); }
    std::uint32_t ssrc() const { return word(8); }
    int event() const { return bytes[12]; }
    bool end() const { return (bytes[13] & 0x80) != 0; }
    std::uint32_t word(std::size_t at) const {
        return std::uint32_t{bytes[at]} << 24 | std::uint32_t{bytes[at + 1]} << 16 | std::uint32_t{bytes[at + 2]} << 8 |
               bytes[at + 3];
    }
};

int audio_port_of(const std::string& message) {
    std::smatch m;
    return std::regex_search(message, m, std::regex("m=audio ([0-9]+)")) ? std::stoi(m[1]) : 0;
}

class early_media_dtmf : public call_fixture {
protected:
    /**
     * Alice calls 1002, whose IVR maps payload type 96 to `encoding_96`; her desk phone presses 1 and #
     * during the early media, and a stranger sends key 5 at cvw's ringback port meanwhile. Returns
     * what reached the IVR in 3.5 s; then Alice hangs up and nothing may be left.
     */
    std::vector<received_packet> press_keys_during_early_media(const std::string& encoding_96) {
        net::io_context ioc;
        udp::socket ivr(ioc, {net::ip::make_address("127.0.0.1"), 0});
        udp::socket stranger(ioc, {net::ip::make_address("127.0.0.2"), 0});
        ivr.non_blocking(true);
        const auto callee_scenario = filled_scenario(
            dir.path, "callee_ivr.xml",
            {{"MEDIA_PORT", std::to_string(ivr.local_endpoint().port())}, {"ENCODING_96", encoding_96}});
        sipp_phone desk(dir.path, "desk_phone_dtmf.xml", alice_phone, pbx);
        sipp_phone bob(dir.path, callee_scenario, "1002", pbx);
        start_server();
        place("1002");
        const auto calling = last_state_until("calling_callee");
        EXPECT_EQ(calling["state"], "calling_callee") << calling.dump();
        const auto desk_invites = received(desk.messages(), "INVITE ");
        EXPECT_EQ(desk_invites.size(), 1u);
        const auto ringback_port = desk_invites.empty() ? 0 : audio_port_of(desk_invites[0]);

        std::vector<received_packet> out;
        const std::array<std::uint8_t, 16> key_5{0x80, 0xe5, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 0x8a, 0, 160};
        const auto start = std::chrono::steady_clock::now();
        for (int tick = 0; std::chrono::steady_clock::now() - start < 3500ms; ++tick) {
            if (tick % 20 == 0 && ringback_port > 0) // every 200 ms
                stranger.send_to(net::buffer(key_5),
                                 {net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(ringback_port)});
            std::array<std::uint8_t, 1500> buffer;
            udp::endpoint from;
            boost::system::error_code ec;
            for (auto n = ivr.receive_from(net::buffer(buffer), from, 0, ec); !ec;
                 n = ivr.receive_from(net::buffer(buffer), from, 0, ec))
                out.push_back({{buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n)}, from});
            std::this_thread::sleep_for(10ms);
        }

        alice->send(json{{"type", "hang_up"}, {"call_id", calling["call_id"]}});
        EXPECT_EQ(last_state_until("ended")["reason"], "cancelled_by_user"); // Bob never answered
        EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
        EXPECT_EQ(bob.finished(10s), 0) << bob.messages();
        expect_nothing_left();
        const auto bob_invites = received(bob.messages(), "INVITE ");
        relay_port = bob_invites.empty() ? 0 : audio_port_of(bob_invites[0]);
        return out;
    }

    int relay_port = 0; ///< cvw's port in its offer to the callee
};

TEST_F(early_media_dtmf, the_desk_phones_keys_reach_the_callees_ivr_while_it_rings) {
    const auto packets = press_keys_during_early_media("telephone-event/8000");
    ASSERT_EQ(packets.size(), 20u) << pbx.log(); // sipp's captures of 1 and # are ten packets each
    EXPECT_TRUE(offers_cvw_media("m=audio " + std::to_string(relay_port)));
    for (std::size_t i = 0; i < packets.size(); ++i) {
        const auto& p = packets[i];
        SCOPED_TRACE(i);
        EXPECT_EQ(p.from, udp::endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(relay_port)));
        EXPECT_EQ(p.bytes.size(), 16u);
        EXPECT_EQ(p.payload_type(), 96); // the IVR's type, not the desk phone's 101
        EXPECT_EQ(p.ssrc(), packets[0].ssrc());
        EXPECT_NE(p.ssrc(), 0x0e05384eu);      // cvw's own stream, not the phone's
        EXPECT_EQ(p.event(), i < 10 ? 1 : 11); // 1, then #; never the stranger's 5
        EXPECT_EQ(p.marker(), i == 0 || i == 10);
        EXPECT_EQ(p.end(), i % 10 >= 7); // the end packet, sent three times
        EXPECT_EQ(p.timestamp(), packets[i < 10 ? 0 : 10].timestamp());
    }
    EXPECT_EQ(packets[10].timestamp() - packets[0].timestamp(), 0x169e0u - 0x33e0u); // the phone's spacing
}

TEST_F(early_media_dtmf, an_ivr_without_telephone_events_gets_none) {
    EXPECT_TRUE(press_keys_during_early_media("AMR/8000").empty());
}

} // namespace
} // namespace cvw::test
