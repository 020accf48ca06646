#include "rtp_tone_phone.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <spandsp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <stdexcept>

namespace cvw::test {

namespace {

constexpr int samples_per_packet = 160; // 20 ms at 8 kHz
constexpr std::size_t rtp_header = 12;

} // namespace

rtp_tone_phone::rtp_tone_phone(int tone_hz) : tone_hz_(tone_hz) {
    fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0)
        throw std::runtime_error("rtp_tone_phone: cannot bind a UDP socket");
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { run(); });
}

rtp_tone_phone::~rtp_tone_phone() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
}

void rtp_tone_phone::send_to(std::uint16_t port) { target_ = port; }

std::vector<std::int16_t> rtp_tone_phone::heard_since(std::chrono::steady_clock::time_point since) const {
    std::lock_guard lock(mutex_);
    std::vector<std::int16_t> out;
    for (const auto& f : heard_)
        if (f.at >= since) out.insert(out.end(), f.samples.begin(), f.samples.end());
    return out;
}

void rtp_tone_phone::run() {
    std::uint16_t seq = 1;
    std::uint32_t timestamp = 0, sample = 0;
    const std::uint32_t ssrc = 0x10000 + static_cast<std::uint32_t>(tone_hz_);
    auto next = std::chrono::steady_clock::now();
    while (!stop_) {
        // Real-time pacing of the media itself: one packet per 20 ms, as a phone sends.
        if (const auto to = target_.load(); to != 0 && std::chrono::steady_clock::now() >= next) {
            std::array<std::uint8_t, rtp_header + samples_per_packet> p{};
            p[0] = 0x80;
            p[1] = 0; // PCMU
            p[2] = static_cast<std::uint8_t>(seq >> 8), p[3] = static_cast<std::uint8_t>(seq);
            for (int i = 0; i < 4; ++i) p[4 + i] = static_cast<std::uint8_t>(timestamp >> (24 - 8 * i));
            for (int i = 0; i < 4; ++i) p[8 + i] = static_cast<std::uint8_t>(ssrc >> (24 - 8 * i));
            for (int i = 0; i < samples_per_packet; ++i, ++sample)
                p[rtp_header + i] = linear_to_ulaw(
                    static_cast<int>(6000 * std::sin(2 * M_PI * tone_hz_ * static_cast<double>(sample) / 8000.0)));
            sockaddr_in a{};
            a.sin_family = AF_INET;
            a.sin_port = htons(to);
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            ::sendto(fd_, p.data(), p.size(), 0, reinterpret_cast<const sockaddr*>(&a), sizeof a);
            ++seq, timestamp += samples_per_packet;
            next += std::chrono::milliseconds(20);
        } else if (to == 0) {
            next = std::chrono::steady_clock::now();
        }
        pollfd pfd{.fd = fd_, .events = POLLIN, .revents = 0};
        if (::poll(&pfd, 1, 5) <= 0) continue;
        std::array<std::uint8_t, 2048> in{};
        sockaddr_in from{};
        socklen_t len = sizeof from;
        const auto n = ::recvfrom(fd_, in.data(), in.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n <= static_cast<ssize_t>(rtp_header)) continue;
        if (ntohs(from.sin_port) != target_.load()) {
            ++strangers_;
            continue;
        }
        frame f{.at = std::chrono::steady_clock::now(), .samples = {}};
        for (ssize_t i = rtp_header; i < n; ++i) f.samples.push_back(ulaw_to_linear(in[static_cast<std::size_t>(i)]));
        std::lock_guard lock(mutex_);
        heard_.push_back(std::move(f));
    }
}

} // namespace cvw::test
