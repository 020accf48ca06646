// The meeting mixer through the real parts: Janus AudioBridge started as scripts/janus.sh starts
// it, cvw's client over its WebSocket API, and phones that send tones as plain G.711 RTP. Mixing
// is judged by the audio each phone hears.
#include "../sip/tone_analysis.hpp"
#include "meetings/audio_bridge.hpp"
#include "meetings/audio_bridge_mixer.hpp"
#include "meetings/relaying_mixer.hpp"
#include "rtp_tone_phone.hpp"
#include "test_janus.hpp"
#include "log.hpp"
#include "test_server.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <future>
#include <map>
#include <thread>

namespace cvw::test {
namespace {

using namespace std::chrono_literals;
using server::audio_bridge;
using server::janus_error;
using server::mixer_participant;
using clock = std::chrono::steady_clock;

constexpr int low = 400, mid = 1000, high = 1800;

/** Waits for a callback's value; a test that never hears back fails instead of hanging. */
template <class T> T await(std::future<T>& f, std::chrono::milliseconds within = 5s) {
    if (f.wait_for(within) != std::future_status::ready) throw std::runtime_error("no answer from the mixer");
    return f.get();
}

/** Which tones sound in most 100 ms windows of what a phone heard. */
std::vector<int> steady_tones(const std::vector<std::int16_t>& audio) {
    const auto windows = tones_by_window(audio, 100, {low, mid, high});
    std::vector<int> out;
    if (windows.empty()) return out;
    for (int hz : {low, mid, high}) {
        const auto with = std::count_if(windows.begin(), windows.end(),
                                        [hz](const auto& w) { return std::ranges::find(w, hz) != w.end(); });
        if (with * 10 >= static_cast<long>(windows.size()) * 8) out.push_back(hz);
    }
    return out;
}

class janus_mixer : public ::testing::Test {
protected:
    void SetUp() override {
        server::set_log_enabled(false);
        bridge = std::make_unique<audio_bridge>(
            std::make_shared<server::janus_client>(ioc.get_executor(), janus.settings()), janus.admin_key());
        bridge->start([this](bool available) {
            std::lock_guard lock(mutex);
            links.push_back(available);
            changed.notify_all();
        });
        thread = std::thread([this] { ioc.run(); });
        ASSERT_TRUE(wait_for_link(true)) << janus.log();
    }
    void TearDown() override {
        bridge->stop();
        work.reset();
        thread.join();
        server::set_log_enabled(true);
    }

    /** Waits until the link's last change is `available`. */
    bool wait_for_link(bool available, std::chrono::milliseconds within = 10s) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, within, [&] { return !links.empty() && links.back() == available; });
    }

    std::optional<janus_error> create_room(std::uint64_t room, audio_bridge& b) {
        std::promise<std::optional<janus_error>> p;
        auto f = p.get_future();
        b.create_room(room, 16000, [&p](std::optional<janus_error> e) { p.set_value(std::move(e)); });
        return await(f);
    }
    std::optional<janus_error> create_room(std::uint64_t room) { return create_room(room, *bridge); }

    result<mixer_participant, janus_error> join(std::uint64_t room, const std::string& name, rtp_tone_phone& phone) {
        std::promise<result<mixer_participant, janus_error>> p;
        auto f = p.get_future();
        bridge->join(room, name, server::g711::pcmu, {.ip = "127.0.0.1", .port = phone.port()},
                     [&p](result<mixer_participant, janus_error> r) { p.set_value(std::move(r)); });
        return await(f);
    }

    /** The room's members; throws when the mixer refuses (no such room). */
    std::vector<server::room_member> members(std::uint64_t room) {
        std::promise<result<std::vector<server::room_member>, janus_error>> p;
        auto f = p.get_future();
        bridge->members(room,
                        [&p](result<std::vector<server::room_member>, janus_error> r) { p.set_value(std::move(r)); });
        auto r = await(f);
        if (!r) throw std::runtime_error("members refused: " + r.error().reason);
        return std::move(*r);
    }

    template <class Condition> static bool eventually(Condition done) {
        for (auto until = clock::now() + 5s; clock::now() < until; std::this_thread::sleep_for(20ms))
            if (done()) return true;
        return false;
    }

    std::optional<janus_error> mute(std::uint64_t room, std::uint64_t id) {
        std::promise<std::optional<janus_error>> p;
        auto f = p.get_future();
        bridge->mute(room, id, true, [&p](std::optional<janus_error> e) { p.set_value(std::move(e)); });
        return await(f);
    }

    temp_dir dir;
    test_janus janus{dir.path};
    boost::asio::io_context ioc;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{ioc.get_executor()};
    std::unique_ptr<audio_bridge> bridge;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<bool> links;
};

TEST_F(janus_mixer, each_phone_hears_the_others_and_never_itself) {
    ASSERT_EQ(create_room(1001), std::nullopt);
    rtp_tone_phone a(low), b(mid), c(high);
    std::vector<std::pair<rtp_tone_phone*, mixer_participant>> joined;
    for (auto* phone : {&a, &b, &c}) {
        auto p = join(1001, "phone", *phone);
        ASSERT_TRUE(p.ok()) << p.error().reason;
        EXPECT_EQ(p->mixer_rtp.ip, "127.0.0.1");
        EXPECT_NE(p->mixer_rtp.port, 0);
        phone->send_to(p->mixer_rtp.port);
        joined.emplace_back(phone, *p);
    }
    // The mixer buffers about 120 ms per participant; judge a second of steady mix after that.
    const auto settled = clock::now() + 600ms;
    std::this_thread::sleep_until(settled + 1s);
    EXPECT_EQ(steady_tones(a.heard_since(settled)), (std::vector<int>{mid, high}));
    EXPECT_EQ(steady_tones(b.heard_since(settled)), (std::vector<int>{low, high}));
    EXPECT_EQ(steady_tones(c.heard_since(settled)), (std::vector<int>{low, mid}));
    for (auto* phone : {&a, &b, &c}) EXPECT_EQ(phone->strangers(), 0);
    ASSERT_EQ(members(1001).size(), 3U);
    for (const auto& [phone, p] : joined) bridge->leave(p);
    // Leaving frees the seats; the room goes when asked, and nothing of it is left.
    EXPECT_TRUE(eventually([&] { return members(1001).empty(); }));
    std::promise<std::optional<janus_error>> destroyed;
    auto gone = destroyed.get_future();
    bridge->destroy_room(1001, [&destroyed](std::optional<janus_error> e) { destroyed.set_value(std::move(e)); });
    EXPECT_EQ(await(gone), std::nullopt);
    EXPECT_THROW(members(1001), std::runtime_error) << "a destroyed room has no members to list";
}

TEST_F(janus_mixer, a_muted_phone_is_no_longer_heard_but_still_hears) {
    ASSERT_EQ(create_room(1002), std::nullopt);
    rtp_tone_phone a(low), b(mid), c(high);
    std::vector<mixer_participant> joined;
    for (auto* phone : {&a, &b, &c}) {
        auto p = join(1002, "phone", *phone);
        ASSERT_TRUE(p.ok()) << p.error().reason;
        phone->send_to(p->mixer_rtp.port);
        joined.push_back(*p);
    }
    std::this_thread::sleep_until(clock::now() + 800ms);
    ASSERT_EQ(mute(1002, joined[1].id), std::nullopt);
    // Within a second of the mute, nobody hears b any more; b still hears both others.
    const auto after = clock::now() + 1s;
    std::this_thread::sleep_until(after + 1s);
    EXPECT_EQ(steady_tones(a.heard_since(after)), (std::vector<int>{high}));
    EXPECT_EQ(steady_tones(c.heard_since(after)), (std::vector<int>{low}));
    EXPECT_EQ(steady_tones(b.heard_since(after)), (std::vector<int>{low, high}));
    for (const auto& p : joined) bridge->leave(p);
}

TEST_F(janus_mixer, a_room_id_that_is_taken_is_refused_with_its_own_code) {
    ASSERT_EQ(create_room(1007), std::nullopt);
    const auto again = create_room(1007);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->code, audio_bridge::room_exists);
}

TEST_F(janus_mixer, the_calls_mixer_port_makes_the_room_with_its_first_seat_and_drops_it_with_its_last) {
    boost::asio::io_context calls; // the calls' strand: seats are answered there, never on the mixer's thread
    const auto calls_work = boost::asio::make_work_guard(calls);
    server::audio_bridge_mixer port(*bridge, calls.get_executor(), 16000);
    rtp_tone_phone a(low);
    std::optional<mixer_participant> seat;
    bool answered = false;
    port.join({.room = 1006}, "Alice Smith", server::g711::pcma, {.ip = "127.0.0.1", .port = a.port()},
              [&](std::optional<mixer_participant> s) {
                  answered = true;
                  seat = std::move(s);
              });
    for (auto until = clock::now() + 5s; !answered && clock::now() < until;) calls.run_for(20ms);
    ASSERT_TRUE(seat.has_value());
    EXPECT_EQ(seat->room, 1006U);
    EXPECT_EQ(seat->mixer_rtp.ip, "127.0.0.1");
    const auto in_room = members(1006);
    ASSERT_EQ(in_room.size(), 1U);
    EXPECT_EQ(in_room[0].display, "Alice Smith");
    EXPECT_EQ(in_room[0].id, seat->id);
    EXPECT_EQ(port.rooms(), 1u);
    port.leave(*seat);
    EXPECT_EQ(port.rooms(), 0u);
    EXPECT_TRUE(eventually([&] {
        try {
            members(1006);
            return false;
        } catch (const std::runtime_error&) {
            return true; // no such room any more
        }
    }));

    // A seat the mixer cannot give, for it is gone: answered all the same, and no room is counted.
    janus.kill();
    ASSERT_TRUE(wait_for_link(false, 5s));
    answered = false;
    port.join({.room = 1008}, "Nobody", server::g711::pcmu, {.ip = "127.0.0.1", .port = a.port()},
              [&](std::optional<mixer_participant> s) {
                  answered = true;
                  seat = std::move(s);
              });
    for (auto until = clock::now() + 5s; !answered && clock::now() < until;) calls.run_for(20ms);
    EXPECT_TRUE(answered);
    EXPECT_FALSE(seat.has_value());
    EXPECT_EQ(port.rooms(), 0u);
}

TEST_F(janus_mixer, the_relay_passes_audio_both_ways_hears_who_talks_and_gives_its_ports_back) {
    boost::asio::io_context calls;
    const auto calls_work = boost::asio::make_work_guard(calls);
    server::audio_bridge_mixer seats(*bridge, calls.get_executor(), 16000);
    const auto first_port = free_port_block(8);
    auto ports = std::make_shared<server::media::rtp_port_pool>(first_port, first_port + 7);
    server::relaying_mixer relay(seats, ioc.get_executor(), calls.get_executor(), ports, "127.0.0.1");
    rtp_tone_phone talker(low);
    rtp_tone_phone silent(0); // sends digital silence
    std::map<std::uint16_t, std::optional<mixer_participant>> seat;
    for (auto* phone : {&talker, &silent}) {
        bool answered = false;
        relay.join({.room = 1009}, "phone", server::g711::pcmu, {.ip = "127.0.0.1", .port = phone->port()},
                   [&](std::optional<mixer_participant> s) {
                       answered = true;
                       seat[phone->port()] = std::move(s);
                   });
        for (auto until = clock::now() + 5s; !answered && clock::now() < until;) calls.run_for(20ms);
        ASSERT_TRUE(seat[phone->port()].has_value());
    }
    const auto& talker_seat = *seat[talker.port()];
    const auto& silent_seat = *seat[silent.port()];
    // Each phone is sent to a port of cvw's, which stands in for the seat.
    for (const auto* s : {&talker_seat, &silent_seat}) {
        EXPECT_EQ(s->mixer_rtp.ip, "127.0.0.1");
        EXPECT_GE(s->mixer_rtp.port, first_port);
        EXPECT_LE(s->mixer_rtp.port, first_port + 7);
    }
    EXPECT_EQ(ports->in_use(), 2u);
    std::vector<std::pair<std::string, bool>> heard;
    relay.watch_talking(talker_seat, [&](bool t) { heard.emplace_back("talker", t); });
    relay.watch_talking(silent_seat, [&](bool t) { heard.emplace_back("silent", t); });
    const auto started = clock::now();
    talker.send_to(talker_seat.mixer_rtp.port);
    silent.send_to(silent_seat.mixer_rtp.port);

    for (auto until = clock::now() + 5s; heard.empty() && clock::now() < until;) calls.run_for(20ms);
    ASSERT_EQ(heard, (std::vector<std::pair<std::string, bool>>{{"talker", true}}));
    calls.run_for(2s);
    EXPECT_EQ(heard.size(), 1u) << "the silent phone never talks, the talker does not stop";

    // The mix came back through the relay: the silent phone hears the tone, from the port it sends to.
    EXPECT_EQ(steady_tones(silent.heard_since(started + 1s)), std::vector<int>{low});
    EXPECT_EQ(silent.strangers(), 0);
    EXPECT_EQ(talker.strangers(), 0);

    // Leaving gives both ports back, and the room goes with its last seat.
    relay.leave(talker_seat);
    relay.leave(silent_seat);
    EXPECT_EQ(relay.relays(), 0u);
    EXPECT_TRUE(eventually([&] { return ports->in_use() == 0; }));
    EXPECT_EQ(seats.rooms(), 0u);
}

TEST_F(janus_mixer, only_the_admin_key_creates_rooms) {
    audio_bridge stranger(std::make_shared<server::janus_client>(ioc.get_executor(), janus.settings()), "not-the-key");
    std::promise<void> up;
    stranger.start([&up, once = std::make_shared<std::once_flag>()](bool available) {
        if (available) std::call_once(*once, [&up] { up.set_value(); });
    });
    auto f = up.get_future();
    ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
    const auto refused = create_room(1003, stranger);
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->what, janus_error::kind::refused);
    EXPECT_NE(refused->code, 0);
    stranger.stop();
}

TEST_F(janus_mixer, a_lost_mixer_is_noticed_refused_and_found_again) {
    ASSERT_EQ(create_room(1004), std::nullopt);
    const auto killed = clock::now();
    janus.kill();
    ASSERT_TRUE(wait_for_link(false, 5s));
    EXPECT_LT(clock::now() - killed, 5s);
    rtp_tone_phone a(low);
    const auto refused = join(1004, "phone", a);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().what, janus_error::kind::unavailable);

    janus.start();
    ASSERT_TRUE(wait_for_link(true)) << janus.log();
    // A restarted Janus has no rooms: the old one is gone, and a new one works.
    auto gone = join(1004, "phone", a);
    ASSERT_FALSE(gone.ok());
    EXPECT_EQ(gone.error().what, janus_error::kind::refused);
    ASSERT_EQ(create_room(1005), std::nullopt);
    auto p = join(1005, "phone", a);
    ASSERT_TRUE(p.ok()) << p.error().reason;
    bridge->leave(*p);
}

} // namespace
} // namespace cvw::test
