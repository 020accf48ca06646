// Ringback over RTP: spandsp makes the tone and the G.711 bytes; Asio paces and sends them.
#include "media/ringback_stream.hpp"

#include "log.hpp"
#include "media/rtp_socket.hpp"

#include <spandsp.h>

#include <boost/asio/post.hpp>

#include <algorithm>
#include <random>
#include <utility>

namespace cvw::server::media {

namespace net = boost::asio;

namespace {
constexpr int samples_per_packet = 160; // 20 ms at 8 kHz
constexpr auto packet_interval = std::chrono::milliseconds(20);
} // namespace

std::shared_ptr<ringback_stream>
ringback_stream::open(const net::any_io_executor& ex, std::shared_ptr<rtp_port_pool> pool, const std::string& address) {
    auto stream = std::make_shared<ringback_stream>(ex, std::move(pool));
    const auto port = bind_rtp_socket(stream->socket_, *stream->pool_, address);
    if (!port) return nullptr;
    stream->port_ = *port;
    return stream;
}

ringback_stream::ringback_stream(const net::any_io_executor& ex, std::shared_ptr<rtp_port_pool> pool)
    : socket_(ex), timer_(ex), pool_(std::move(pool)) {
    // Seeded once per thread: a random_device per stream cost a system call per call.
    static thread_local std::mt19937 rd{std::random_device{}()};
    ssrc_ = static_cast<std::uint32_t>(rd());
    sequence_ = static_cast<std::uint16_t>(rd());
    // North American ringback: 440 + 480 Hz at -19 dBm0, 2 s on, 4 s off.
    tone_descriptor_ = tone_gen_descriptor_init(nullptr, 440, -19, 480, -19, 2000, 4000, 0, 0, 1);
    tone_ = tone_gen_init(nullptr, tone_descriptor_);
}

ringback_stream::~ringback_stream() {
    if (encoder_) g711_free(encoder_);
    tone_gen_free(tone_);
    tone_gen_descriptor_free(tone_descriptor_);
    if (port_ > 0) pool_->give_back(port_);
}

void ringback_stream::start(net::ip::udp::endpoint remote, int payload_type, tone which) {
    clip_.reset();
    keys_.reset();
    finished_ = nullptr;
    if (which != tone_kind_) {
        tone_gen_free(tone_);
        tone_gen_descriptor_free(tone_descriptor_);
        // Ringback as in the constructor; the key prompt: two short 1400 Hz beeps every 3 s.
        tone_descriptor_ = which == tone::ringback
                               ? tone_gen_descriptor_init(nullptr, 440, -19, 480, -19, 2000, 4000, 0, 0, 1)
                               : tone_gen_descriptor_init(nullptr, 1400, -13, 0, 0, 200, 200, 200, 2400, 1);
        tone_ = tone_gen_init(nullptr, tone_descriptor_);
        tone_kind_ = which;
    }
    aim(std::move(remote), payload_type);
}

void ringback_stream::redirect(net::ip::udp::endpoint remote, int payload_type) {
    remote_ = std::move(remote);
    if (encoder_ && payload_type == payload_type_) return;
    payload_type_ = payload_type;
    if (encoder_) g711_free(encoder_);
    encoder_ = g711_init(nullptr, payload_type == 8 ? G711_ALAW : G711_ULAW);
}

void ringback_stream::aim(net::ip::udp::endpoint remote, int payload_type) {
    redirect(std::move(remote), payload_type);
    playing_ = true;
    next_ = std::chrono::steady_clock::now();
    tick();
}

void ringback_stream::play_once(net::ip::udp::endpoint remote, int payload_type, clip sound,
                                std::function<void()> finished) {
    clip_ = std::move(sound);
    clip_at_ = 0;
    keys_.reset();
    finished_ = std::move(finished);
    aim(std::move(remote), payload_type);
}

void ringback_stream::send_keys(net::ip::udp::endpoint remote, int payload_type, int telephone_event_type,
                                key_sequence keys, std::function<void()> finished) {
    clip_.reset();
    keys_ = std::move(keys);
    keys_type_ = telephone_event_type;
    finished_ = std::move(finished);
    aim(std::move(remote), payload_type);
}

bool ringback_stream::send_next_key() {
    const auto step = keys_->next();
    if (!step) return false;
    if (step->starts_event) key_timestamp_ = timestamp_;
    if (step->event) {
        // Every packet of one key carries the timestamp of its start (RFC 4733 §2.5.1.2).
        std::array<std::uint8_t, rtp_header_size + 4> packet{};
        write_rtp_header(std::span<std::uint8_t, rtp_header_size>(packet.data(), rtp_header_size),
                         {step->starts_event, keys_type_, sequence_++, key_timestamp_, ssrc_, {}});
        std::ranges::copy(step->payload, packet.begin() + rtp_header_size);
        boost::system::error_code ec;
        socket_.send_to(net::buffer(packet), remote_, 0, ec);
        if (!ec) ++sent_;
    }
    timestamp_ += samples_per_packet; // the media clock runs on through keys and pauses alike
    return true;
}

void ringback_stream::stop() {
    clip_.reset();
    keys_.reset();
    finished_ = nullptr;
    playing_ = false;
    timer_.cancel();
}

void ringback_stream::close() {
    stop();
    boost::system::error_code ec;
    socket_.close(ec);
}

void ringback_stream::play_relayed(std::span<const std::uint8_t> payload, int payload_type) {
    if (!socket_.is_open() || remote_.port() == 0 || payload.empty() || payload.size() > max_payload) return;
    const bool first = !relaying_;
    relaying_ = true;
    stop();
    std::array<std::uint8_t, max_payload> converted;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        // Both ends speak G.711; only the companding law may differ.
        if (payload_type == payload_type_) converted[i] = payload[i];
        else converted[i] = payload_type_ == 8 ? ulaw_to_alaw(payload[i]) : alaw_to_ulaw(payload[i]);
    }
    send(std::span(converted.data(), payload.size()), first);
}

void ringback_stream::send(std::span<const std::uint8_t> payload, bool marker) {
    std::array<std::uint8_t, rtp_header_size + max_payload> packet{};
    write_rtp_header(std::span<std::uint8_t, rtp_header_size>(packet.data(), rtp_header_size),
                     {marker, payload_type_, sequence_, timestamp_, ssrc_, {}});
    std::ranges::copy(payload, packet.begin() + rtp_header_size);
    boost::system::error_code ec;
    socket_.send_to(net::buffer(packet.data(), rtp_header_size + payload.size()), remote_, 0,
                    ec); // UDP here does not block
    if (!ec) ++sent_;
    ++sequence_;
    timestamp_ += static_cast<std::uint32_t>(payload.size()); // one byte per sample in G.711
}

void ringback_stream::listen_for_telephone_events(net::ip::address source, int telephone_event_type,
                                                  std::function<void(const rtp_packet&)> on_event) {
    const bool listening = on_event_ || inband_keys_;
    event_source_ = std::move(source);
    telephone_event_type_ = telephone_event_type;
    on_event_ = std::move(on_event);
    if (!listening) receive();
}

void ringback_stream::listen_for_inband_keys(net::ip::address source, std::function<void(char)> on_key) {
    const bool listening = on_event_ || inband_keys_;
    event_source_ = std::move(source);
    inband_keys_ = std::make_unique<inband_keys>(std::move(on_key));
    if (!listening) receive();
}

void ringback_stream::receive() {
    if (!socket_.is_open()) return;
    socket_.async_receive_from(net::buffer(received_), sender_,
                               [self = shared_from_this()](boost::system::error_code ec, std::size_t size) {
                                   if (ec == net::error::operation_aborted || !self->socket_.is_open()) return;
                                   // Only the desk phone's own address may send keys (into the callee's IVR, or cvw's).
                                   if (!ec && self->sender_.address() == self->event_source_) {
                                       const auto rtp = parse_rtp(std::span(self->received_.data(), size));
                                       if (rtp && self->on_event_ && rtp->payload_type == self->telephone_event_type_)
                                           self->on_event_(*rtp);
                                       else if (rtp && self->inband_keys_)
                                           self->inband_keys_->feed(rtp->payload, rtp->payload_type);
                                   }
                                   self->receive();
                               });
}

void ringback_stream::tick() {
    if (!playing_ || !socket_.is_open()) return;
    if (keys_ ? !send_next_key() : clip_ && clip_at_ >= clip_->size()) {
        // The clip or the keys were sent to their end: silence, and whoever waited hears of it.
        playing_ = false;
        clip_.reset();
        keys_.reset();
        if (auto done = std::exchange(finished_, nullptr)) net::post(timer_.get_executor(), std::move(done));
        return;
    }
    if (!keys_) send_audio();

    next_ += packet_interval; // paced from the start time, so the stream does not drift
    timer_.expires_at(next_);
    timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec) self->tick();
    });
}

void ringback_stream::send_audio() {
    std::array<std::int16_t, samples_per_packet> pcm{};
    std::array<std::uint8_t, samples_per_packet> encoded{};
    if (clip_) {
        const auto n = std::min<std::size_t>(samples_per_packet, clip_->size() - clip_at_);
        std::copy_n(clip_->begin() + static_cast<std::ptrdiff_t>(clip_at_), n, pcm.begin()); // the rest stays silence
        clip_at_ += n;
    } else {
        tone_gen(tone_, pcm.data(), samples_per_packet);
    }
    g711_encode(encoder_, encoded.data(), pcm.data(), samples_per_packet);
    send(encoded, sent_ == 0); // marker on the first packet
}

} // namespace cvw::server::media
