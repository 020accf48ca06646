// The meetings benchmark's phones' audio: one UDP endpoint per phone on 127.0.0.1, all served by
// one thread. In each room one phone speaks (a 200 ms burst at the start of every second) and the
// others send silence; every endpoint sends a G.711 µ-law frame every 20 ms once it knows its seat.
// It measures what the mixer adds (a burst's first loud frame sent to the first loud frame each
// listener hears), and whether each phone's mix arrives without gaps.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace cvw::bench {

class meeting_audio {
public:
    /** `phones` endpoints, `room_size` to a room in order; the first of each room speaks. */
    meeting_audio(int phones, int room_size);
    ~meeting_audio();
    meeting_audio(const meeting_audio&) = delete;
    meeting_audio& operator=(const meeting_audio&) = delete;

    /** The port phone `i` listens on (its desk number carries it). */
    std::uint16_t port(int i) const { return phones_[static_cast<std::size_t>(i)]->port; }
    /** Phone listening on `port` was moved to its seat at 127.0.0.1:`seat`: it sends there from now on. */
    void seated(std::uint16_t port, std::uint16_t seat);

    struct results {
        std::vector<double> latency_ms; ///< burst onset to each listener's first loud frame
        long bursts_missed = 0;         ///< listener-bursts with no loud frame within 900 ms
        long frames_expected = 0;       ///< 50 a second for each seated phone over the window
        long frames_received = 0;
        long phones_with_gaps = 0; ///< phones that went 100 ms or more without a frame
        double longest_gap_ms = 0;
    };
    /** Starts a measurement window: counters start over. */
    void start_window();
    /** Ends it and returns what it measured. */
    results end_window();

private:
    struct phone {
        boost::asio::ip::udp::socket socket;
        std::uint16_t port = 0;
        std::uint16_t seat = 0; ///< 0 until seated
        int room = 0;
        bool speaker = false;
        std::uint16_t sequence = 0;
        std::uint32_t timestamp = 0;
        std::array<std::uint8_t, 1500> in{};
        boost::asio::ip::udp::endpoint from;
        bool awaiting_burst = false; ///< a listener: the room's current burst not heard yet
        std::chrono::steady_clock::time_point last_frame{};
        long received = 0;
        double longest_gap_ms = 0;
        explicit phone(boost::asio::io_context& ioc) : socket(ioc) {}
    };

    void tick();
    void send_frame(phone& p, bool loud);
    void receive(phone& p);
    void heard(phone& p, std::size_t bytes);

    boost::asio::io_context ioc_;
    std::vector<std::unique_ptr<phone>> phones_;
    std::vector<std::chrono::steady_clock::time_point> onset_; ///< by room: the current burst's first loud frame
    boost::asio::steady_timer timer_;
    std::chrono::steady_clock::time_point next_tick_;
    long ticks_ = 0;
    bool measuring_ = false;
    std::chrono::steady_clock::time_point window_start_{};
    results window_;
    std::thread thread_;
};

} // namespace cvw::bench
