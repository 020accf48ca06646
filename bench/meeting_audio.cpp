#include "meeting_audio.hpp"

#include "cvw/meeting/talk_detector.hpp"

#include <boost/asio/post.hpp>
#include <spandsp.h>

#include <algorithm>
#include <cmath>
#include <future>

namespace cvw::bench {

namespace net = boost::asio;
using udp = net::ip::udp;
using clock_type = std::chrono::steady_clock;

namespace {

constexpr auto frame = std::chrono::milliseconds(20);
constexpr std::size_t samples_per_frame = 160;
constexpr long frames_per_second = 50;
constexpr long burst_frames = 10; ///< 200 ms of tone at the start of each second
constexpr double loud_dbov = -30; ///< a listener hears the burst once a frame is this loud
constexpr auto missed_after = std::chrono::milliseconds(900);
constexpr auto gap = std::chrono::milliseconds(100);

double ms(clock_type::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

} // namespace

meeting_audio::meeting_audio(int phones, int room_size)
    : onset_(static_cast<std::size_t>((phones + room_size - 1) / room_size)), timer_(ioc_) {
    for (int i = 0; i < phones; ++i) {
        auto p = std::make_unique<phone>(ioc_);
        p->socket.open(udp::v4());
        p->socket.bind({net::ip::make_address("127.0.0.1"), 0});
        p->port = p->socket.local_endpoint().port();
        p->room = i / room_size;
        p->speaker = i % room_size == 0;
        receive(*p);
        phones_.push_back(std::move(p));
    }
    next_tick_ = clock_type::now() + frame;
    timer_.expires_at(next_tick_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) tick();
    });
    thread_ = std::thread([this] { ioc_.run(); });
}

meeting_audio::~meeting_audio() {
    ioc_.stop();
    thread_.join();
}

void meeting_audio::seated(std::uint16_t port, std::uint16_t seat) {
    net::post(ioc_, [this, port, seat] {
        for (auto& p : phones_)
            if (p->port == port) p->seat = seat;
    });
}

void meeting_audio::start_window() {
    std::promise<void> done;
    net::post(ioc_, [this, &done] {
        window_ = {};
        for (auto& p : phones_) {
            p->received = 0;
            p->longest_gap_ms = 0;
            p->last_frame = {};
        }
        window_start_ = clock_type::now();
        measuring_ = true;
        done.set_value();
    });
    done.get_future().wait();
}

meeting_audio::results meeting_audio::end_window() {
    std::promise<results> done;
    net::post(ioc_, [this, &done] {
        measuring_ = false;
        const double seconds = ms(clock_type::now() - window_start_) / 1000.0;
        for (const auto& p : phones_) {
            if (!p->seat) continue;
            window_.frames_expected += static_cast<long>(seconds * frames_per_second);
            window_.frames_received += p->received;
            if (p->longest_gap_ms >= ms(gap)) ++window_.phones_with_gaps;
            window_.longest_gap_ms = std::max(window_.longest_gap_ms, p->longest_gap_ms);
        }
        done.set_value(window_);
    });
    return done.get_future().get();
}

void meeting_audio::tick() {
    const auto now = clock_type::now();
    const long in_second = ticks_ % frames_per_second;
    for (auto& p : phones_) {
        if (!p->seat) continue;
        const bool loud = p->speaker && in_second < burst_frames;
        if (p->speaker && in_second == 0) {
            // A new burst: every listener of the room waits for it (one not heard yet is missed).
            onset_[static_cast<std::size_t>(p->room)] = now;
            for (auto& l : phones_)
                if (l->room == p->room && !l->speaker && l->seat) {
                    if (l->awaiting_burst && measuring_) ++window_.bursts_missed;
                    l->awaiting_burst = true;
                }
        }
        send_frame(*p, loud);
    }
    if (measuring_) {
        // A phone's gap so far counts even when no frame has ended it yet.
        for (auto& p : phones_)
            if (p->seat && p->last_frame != clock_type::time_point{})
                p->longest_gap_ms = std::max(p->longest_gap_ms, ms(now - p->last_frame));
        for (auto& l : phones_)
            if (l->awaiting_burst && now - onset_[static_cast<std::size_t>(l->room)] > missed_after) {
                l->awaiting_burst = false;
                ++window_.bursts_missed;
            }
    }
    ++ticks_;
    // Paced on the clock, not on the last wake-up, so a late tick does not slow the stream.
    next_tick_ += frame;
    timer_.expires_at(next_tick_);
    timer_.async_wait([this](boost::system::error_code ec) {
        if (!ec) tick();
    });
}

void meeting_audio::send_frame(phone& p, bool loud) {
    std::array<std::uint8_t, 12 + samples_per_frame> packet{};
    packet[0] = 0x80;
    packet[1] = 0; // PCMU
    packet[2] = static_cast<std::uint8_t>(p.sequence >> 8);
    packet[3] = static_cast<std::uint8_t>(p.sequence & 0xff);
    for (int i = 0; i < 4; ++i)
        packet[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(p.timestamp >> (24 - 8 * i));
    const std::uint32_t ssrc = 0xbe000000u + p.port;
    for (int i = 0; i < 4; ++i)
        packet[8 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ssrc >> (24 - 8 * i));
    for (std::size_t i = 0; i < samples_per_frame; ++i) {
        const double sample =
            loud ? 8000 * std::sin(2 * M_PI * 700 * static_cast<double>(p.timestamp + i) / 8000.0) : 0;
        packet[12 + i] = linear_to_ulaw(static_cast<int>(sample));
    }
    ++p.sequence;
    p.timestamp += samples_per_frame;
    boost::system::error_code ec;
    p.socket.send_to(net::buffer(packet), udp::endpoint(net::ip::make_address("127.0.0.1"), p.seat), 0, ec);
}

void meeting_audio::receive(phone& p) {
    p.socket.async_receive_from(net::buffer(p.in), p.from, [this, &p](boost::system::error_code ec, std::size_t n) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) heard(p, n);
        receive(p);
    });
}

void meeting_audio::heard(phone& p, std::size_t bytes) {
    const auto now = clock_type::now();
    if (bytes <= 12) return;
    if (measuring_) {
        ++p.received;
        if (p.last_frame != clock_type::time_point{})
            p.longest_gap_ms = std::max(p.longest_gap_ms, ms(now - p.last_frame));
    }
    p.last_frame = now;
    if (!p.awaiting_burst) return;
    std::array<std::int16_t, 1500> linear{};
    const std::size_t samples = std::min(bytes - 12, linear.size());
    for (std::size_t i = 0; i < samples; ++i) linear[i] = ulaw_to_linear(p.in[12 + i]);
    if (meeting::level_dbov(std::span<const std::int16_t>(linear.data(), samples)) < loud_dbov) return;
    p.awaiting_burst = false;
    if (measuring_) window_.latency_ms.push_back(ms(now - onset_[static_cast<std::size_t>(p.room)]));
}

} // namespace cvw::bench
