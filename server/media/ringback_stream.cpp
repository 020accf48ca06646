// Ringback over RTP: spandsp makes the tone and the G.711 bytes; Asio paces and sends them.
#include "media/ringback_stream.hpp"

#include "log.hpp"

#include <spandsp.h>

#include <random>

namespace cvw::server::media {

namespace net = boost::asio;

namespace {
constexpr int samples_per_packet = 160; // 20 ms at 8 kHz
constexpr auto packet_interval = std::chrono::milliseconds(20);
} // namespace

std::shared_ptr<ringback_stream> ringback_stream::open(net::any_io_executor ex, rtp_port_pool& pool,
                                                        const std::string& address) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        auto port = pool.take();
        if (!port) return nullptr;
        auto stream = std::make_shared<ringback_stream>(ex, pool, *port);
        boost::system::error_code ec;
        stream->socket_.open(net::ip::udp::v4(), ec);
        if (!ec)
            stream->socket_.bind({net::ip::make_address(address, ec), static_cast<unsigned short>(*port)}, ec);
        if (!ec) return stream;
        // Taken by something outside cvw: keep it out of the pool until restart, try the next one.
        stream->port_ = -1;
    }
    return nullptr;
}

ringback_stream::ringback_stream(net::any_io_executor ex, rtp_port_pool& pool, int port)
    : socket_(ex), timer_(ex), pool_(pool), port_(port) {
    std::random_device rd;
    ssrc_ = rd();
    sequence_ = static_cast<std::uint16_t>(rd());
    // North American ringback: 440 + 480 Hz at -19 dBm0, 2 s on, 4 s off.
    tone_descriptor_ = tone_gen_descriptor_init(nullptr, 440, -19, 480, -19, 2000, 4000, 0, 0, 1);
    tone_ = tone_gen_init(nullptr, tone_descriptor_);
}

ringback_stream::~ringback_stream() {
    if (encoder_) g711_free(encoder_);
    tone_gen_free(tone_);
    tone_gen_descriptor_free(tone_descriptor_);
    if (port_ > 0) pool_.give_back(port_);
}

void ringback_stream::start(net::ip::udp::endpoint remote, int payload_type) {
    remote_ = remote;
    payload_type_ = payload_type;
    if (encoder_) g711_free(encoder_);
    encoder_ = g711_init(nullptr, payload_type == 8 ? G711_ALAW : G711_ULAW);
    playing_ = true;
    next_ = std::chrono::steady_clock::now();
    tick();
}

void ringback_stream::stop() {
    playing_ = false;
    timer_.cancel();
}

void ringback_stream::close() {
    stop();
    boost::system::error_code ec;
    socket_.close(ec);
}

void ringback_stream::tick() {
    if (!playing_ || !socket_.is_open()) return;
    std::array<std::uint8_t, 12 + samples_per_packet> packet{};
    packet[0] = 0x80; // RTP version 2
    packet[1] = static_cast<std::uint8_t>(payload_type_ | (sent_ == 0 ? 0x80 : 0)); // marker on the first
    packet[2] = static_cast<std::uint8_t>(sequence_ >> 8);
    packet[3] = static_cast<std::uint8_t>(sequence_);
    for (int i = 0; i < 4; ++i) {
        packet[4 + i] = static_cast<std::uint8_t>(timestamp_ >> (24 - 8 * i));
        packet[8 + i] = static_cast<std::uint8_t>(ssrc_ >> (24 - 8 * i));
    }
    std::array<std::int16_t, samples_per_packet> pcm{};
    tone_gen(tone_, pcm.data(), samples_per_packet);
    g711_encode(encoder_, packet.data() + 12, pcm.data(), samples_per_packet);
    boost::system::error_code ec;
    socket_.send_to(net::buffer(packet), remote_, 0, ec); // UDP to loopback/LAN does not block
    if (!ec) ++sent_;
    ++sequence_;
    timestamp_ += samples_per_packet;

    next_ += packet_interval; // paced from the start time, so the stream does not drift
    timer_.expires_at(next_);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec) self->tick();
    });
}

} // namespace cvw::server::media
