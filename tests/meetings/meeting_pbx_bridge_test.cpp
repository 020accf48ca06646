// The PBX backend through the real parts: no Janus; the PBX's conference bridge is a sipp UAS at
// extension 8000 of Kamailio, whose audio port is a UDP socket of the test. Alice's desk phone is
// baresip, sending a 400 Hz tone. What the bridge received, in the order it arrived, shows that
// cvw keyed the conference ID and PIN in from its own port before the phone was put through, and
// that the phone's audio then reached the bridge straight from the phone.
#include "../sip/baresip_phone.hpp"
#include "../sip/call_fixture.hpp"
#include "../sip/tone_analysis.hpp"
#include "media/telephone_event.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <spandsp.h>

#include <atomic>
#include <mutex>
#include <regex>
#include <thread>

namespace cvw::test {
namespace {

namespace net = boost::asio;
using udp = net::ip::udp;
using namespace std::chrono_literals;
using answer = baresip_phone::answer;

constexpr const char* bridge_extension = "8000";
constexpr const char* bridge_number = "+14255550199";
constexpr int alice_tone = 400;

int audio_port_of(const std::string& message) {
    std::smatch m;
    return std::regex_search(message, m, std::regex("m=audio ([0-9]+)")) ? std::stoi(m[1]) : 0;
}

/** The bridge's audio port: every packet it gets, from whom, in the order they came. */
class bridge_media {
public:
    struct packet {
        udp::endpoint from;
        std::vector<std::uint8_t> bytes;
        int payload_type() const { return bytes[1] & 0x7f; }
        bool marker() const { return (bytes[1] & 0x80) != 0; }
    };

    bridge_media() : socket_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
        socket_.non_blocking(true);
        reader_ = std::thread([this] {
            std::array<std::uint8_t, 1500> buffer{};
            while (!stop_) {
                udp::endpoint from;
                boost::system::error_code ec;
                const auto n = socket_.receive_from(net::buffer(buffer), from, 0, ec);
                if (ec) {
                    std::this_thread::sleep_for(2ms);
                    continue;
                }
                if (n < 12) continue;
                std::lock_guard lock(mutex_);
                packets_.push_back({from, {buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n)}});
            }
        });
    }
    ~bridge_media() {
        stop_ = true;
        reader_.join();
    }
    bridge_media(const bridge_media&) = delete;
    bridge_media& operator=(const bridge_media&) = delete;

    std::uint16_t port() const { return socket_.local_endpoint().port(); }
    std::vector<packet> packets() const {
        std::lock_guard lock(mutex_);
        return packets_;
    }

private:
    net::io_context ioc_;
    udp::socket socket_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::vector<packet> packets_;
    std::thread reader_;
};

class meeting_pbx_bridge : public call_fixture {
protected:
    void SetUp() override {
        call_fixture::SetUp();
        meetings.backend = server::meetings_config::mixer_backend::pbx;
        meetings.bridge_uri = "sip:" + std::string(bridge_extension) + "@127.0.0.1:" + std::to_string(pbx.port());
        meetings.bridge_number = bridge_number;
        meetings.prompts = CVW_PROMPTS_DIR;
    }

    std::vector<json> meeting_states_until(const std::string& final_state) {
        return events_until("meeting_state", final_state, 20s);
    }

    /** The next event of `type` Alice hears, past whatever else; nothing if none comes within 5 s. */
    std::optional<json> next_of(const std::string& type) {
        std::optional<json> m;
        while ((m = alice->receive(5s)) && (*m)["type"] != type) {}
        return m;
    }

    void expect_no_seats_left() {
        auto& calls = server->get().calls();
        for (int i = 0; i < 300 && calls.bridge_seats() > 0; ++i) std::this_thread::sleep_for(20ms);
        EXPECT_EQ(calls.bridge_seats(), 0u);
        expect_nothing_left();
    }

    bridge_media media;
};

TEST_F(meeting_pbx_bridge, the_bridge_is_keyed_in_from_cvw_then_talks_to_the_phone_directly) {
    const auto scenario =
        filled_scenario(dir.path, "meeting_bridge.xml", {{"MEDIA_PORT", std::to_string(media.port())}});
    sipp_phone bridge(dir.path, scenario, bridge_extension, pbx);
    baresip_phone alice_desk(dir.path, alice_phone, pbx, answer::automatically, alice_tone);
    start_server();
    ASSERT_TRUE(server->get().calls().meetings_available());

    alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
    const auto states = meeting_states_until("in_meeting");
    ASSERT_FALSE(states.empty());
    EXPECT_EQ(names(states), (std::vector<std::string>{"dialing_out", "joining", "moving", "in_meeting"}));
    const auto joined = states.back();
    ASSERT_EQ(joined["state"], "in_meeting") << joined.dump();
    alice->send(json{{"type", "get_meeting"}, {"meeting_id", joined["meeting_id"]}});
    const auto info = next_of("meeting_info");
    ASSERT_TRUE(info.has_value());
    const auto conference_id = (*info)["dial_in"]["conference_id"].get<std::string>();
    const auto pin = (*info)["dial_in"]["pin"].get<std::string>();
    ASSERT_FALSE(conference_id.empty());

    // The bridge was called at its URI, showing the bridge number and Alice's name, on cvw's port.
    const auto bridge_invites = received(bridge.messages(), "INVITE ");
    ASSERT_EQ(bridge_invites.size(), 2u) << bridge.messages();
    EXPECT_EQ(bridge_invites[0].rfind("INVITE sip:8000@", 0), 0u) << bridge_invites[0];
    EXPECT_NE(header(bridge_invites[0], "From").find("\"Alice Smith\" <sip:" + std::string(bridge_number) + "@"),
              std::string::npos)
        << bridge_invites[0];
    EXPECT_TRUE(offers_cvw_media(bridge_invites[0])) << bridge_invites[0];
    const int keying_port = audio_port_of(bridge_invites[0]);
    // Then re-INVITEd to Alice's phone itself (its one codec, no telephone-event).
    const int phone_port = audio_port_of(bridge_invites[1]);
    EXPECT_FALSE(offers_cvw_media(bridge_invites[1])) << bridge_invites[1];
    EXPECT_EQ(bridge_invites[1].find("telephone-event"), std::string::npos) << bridge_invites[1];

    // Let the phone's tone flow a while, then read what the bridge got, in order.
    std::this_thread::sleep_for(1500ms);
    const auto packets = media.packets();
    std::string keys;
    std::size_t first_from_phone = packets.size();
    std::vector<std::int16_t> heard;
    for (std::size_t i = 0; i < packets.size(); ++i) {
        const auto& p = packets[i];
        if (p.from.port() == keying_port) {
            EXPECT_EQ(first_from_phone, packets.size()) << "cvw sent after the phone was put through";
            EXPECT_EQ(p.payload_type(), 101) << "cvw sends the bridge nothing but the keys";
            if (p.payload_type() == 101 && p.marker()) keys += server::media::dtmf_character(p.bytes[12]);
            continue;
        }
        EXPECT_EQ(p.from.port(), phone_port) << "from nobody but cvw and the phone";
        if (first_from_phone == packets.size()) first_from_phone = i;
        if (p.payload_type() == 0)
            for (std::size_t b = 12; b < p.bytes.size(); ++b) heard.push_back(ulaw_to_linear(p.bytes[b]));
    }
    EXPECT_EQ(keys, conference_id + "#" + pin + "#");
    ASSERT_LT(first_from_phone, packets.size()) << "the phone's audio never reached the bridge";
    int with_tone = 0;
    for (const auto& w : tones_by_window(heard, 100, {alice_tone, 1000})) with_tone += w.empty() ? 0 : 1;
    EXPECT_GE(with_tone, 8) << "the bridge hears Alice's tone from her phone";

    // Mute is the bridge's, at the phone: refused, with a reason.
    alice->send(json{{"type", "mute_participant"},
                     {"meeting_id", joined["meeting_id"]},
                     {"participant_id", joined["call_id"]},
                     {"muted", true}});
    const auto refused = next_of("error");
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ((*refused)["code"], "not_allowed");
    EXPECT_EQ((*refused)["detail"], "bridge_mutes");

    // Leave: BYE to the phone and to the bridge; nothing of either is left.
    alice->send(json{{"type", "hang_up"}, {"call_id", joined["call_id"]}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["reason"], "left");
    EXPECT_EQ(bridge.finished(10s), 0) << bridge.messages();
    expect_no_seats_left();
}

TEST_F(meeting_pbx_bridge, the_bridge_hanging_up_on_the_phone_ends_its_join) {
    const auto scenario =
        filled_scenario(dir.path, "meeting_bridge_hangs_up.xml", {{"MEDIA_PORT", std::to_string(media.port())}});
    sipp_phone bridge(dir.path, scenario, bridge_extension, pbx);
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    start_server();

    alice->send(json{{"type", "meet_now"}, {"subject", "Weekly sync"}});
    EXPECT_EQ(last_of(meeting_states_until("in_meeting"))["state"], "in_meeting");
    const auto ended = last_of(meeting_states_until("ended"));
    EXPECT_EQ(ended["reason"], "bridge_hung_up") << ended.dump();
    EXPECT_EQ(bridge.finished(10s), 0) << bridge.messages();
    EXPECT_EQ(desk.finished(10s), 0) << desk.messages();
    EXPECT_EQ(received(desk.messages(), "BYE ").size(), 1u) << desk.messages();
    expect_no_seats_left();
}

} // namespace
} // namespace cvw::test
