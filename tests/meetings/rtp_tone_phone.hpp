// A phone for mixer tests: one UDP socket on 127.0.0.1 that sends a G.711 µ-law tone every 20 ms
// to wherever it is pointed, and keeps all it hears with the time it arrived.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace cvw::test {

class rtp_tone_phone {
public:
    explicit rtp_tone_phone(int tone_hz);
    ~rtp_tone_phone();
    rtp_tone_phone(const rtp_tone_phone&) = delete;
    rtp_tone_phone& operator=(const rtp_tone_phone&) = delete;

    std::uint16_t port() const { return port_; }
    /** Starts sending to 127.0.0.1:`port` (the mixer's port for this phone). */
    void send_to(std::uint16_t port);
    /** The linear audio heard since `since`, in arrival order. */
    std::vector<std::int16_t> heard_since(std::chrono::steady_clock::time_point since) const;
    /** Packets heard from anywhere other than the port it sends to (a mixer must not leak others' streams). */
    int strangers() const { return strangers_; }

private:
    void run();

    int tone_hz_;
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<std::uint16_t> target_{0};
    std::atomic<bool> stop_{false};
    std::atomic<int> strangers_{0};
    struct frame {
        std::chrono::steady_clock::time_point at;
        std::vector<std::int16_t> samples;
    };
    mutable std::mutex mutex_;
    std::vector<frame> heard_;
    std::thread thread_;
};

} // namespace cvw::test
