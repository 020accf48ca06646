#include "media/early_media_relay.hpp"

#include "media/rtp_socket.hpp"

namespace cvw::server::media {

namespace net = boost::asio;

std::optional<g711_payload> parse_g711_rtp(std::span<const std::uint8_t> packet) {
    if (packet.size() < 12 || (packet[0] >> 6) != 2) return std::nullopt;
    std::size_t header = 12 + 4 * static_cast<std::size_t>(packet[0] & 0x0f); // CSRC list
    if (packet[0] & 0x10) {                                                   // header extension
        if (packet.size() < header + 4) return std::nullopt;
        header += 4 + 4 * (static_cast<std::size_t>(packet[header + 2]) << 8 | packet[header + 3]);
    }
    std::size_t end = packet.size();
    if (packet[0] & 0x20) { // padding: its length is the last byte
        if (packet.back() == 0 || packet.back() > end) return std::nullopt;
        end -= packet.back();
    }
    const int payload_type = packet[1] & 0x7f;
    if (header >= end || (payload_type != 0 && payload_type != 8)) return std::nullopt;
    return g711_payload{payload_type, packet.subspan(header, end - header)};
}

std::shared_ptr<early_media_relay> early_media_relay::open(net::any_io_executor ex, rtp_port_pool& pool,
                                                           const std::string& address) {
    auto relay = std::make_shared<early_media_relay>(ex, pool);
    const auto port = bind_rtp_socket(relay->socket_, pool, address);
    if (!port) return nullptr;
    relay->port_ = *port;
    return relay;
}

early_media_relay::early_media_relay(net::any_io_executor ex, rtp_port_pool& pool) : socket_(ex), pool_(pool) {}

early_media_relay::~early_media_relay() {
    if (port_ > 0) pool_.give_back(port_);
}

void early_media_relay::start(net::ip::address source, sink on_audio) {
    source_ = source;
    on_audio_ = std::move(on_audio);
    receive();
}

void early_media_relay::close() {
    on_audio_ = nullptr;
    boost::system::error_code ec;
    socket_.close(ec);
}

void early_media_relay::receive() {
    if (!socket_.is_open()) return;
    socket_.async_receive_from(net::buffer(buffer_), sender_,
                               [self = shared_from_this()](boost::system::error_code ec, std::size_t size) {
                                   if (ec == net::error::operation_aborted || !self->socket_.is_open()) return;
                                   // Only the callee's address may inject audio toward the desk phone.
                                   if (!ec && self->on_audio_ && self->sender_.address() == self->source_) {
                                       if (auto rtp = parse_g711_rtp(std::span(self->buffer_.data(), size)))
                                           self->on_audio_(rtp->bytes, rtp->payload_type);
                                   }
                                   self->receive();
                               });
}

} // namespace cvw::server::media
