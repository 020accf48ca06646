#include "media/early_media_relay.hpp"

#include "media/rtp_socket.hpp"

#include <random>

namespace cvw::server::media {

namespace net = boost::asio;

std::optional<g711_payload> parse_g711_rtp(std::span<const std::uint8_t> packet) {
    const auto rtp = parse_rtp(packet);
    if (!rtp || (rtp->payload_type != 0 && rtp->payload_type != 8)) return std::nullopt;
    return g711_payload{rtp->payload_type, rtp->payload};
}

std::shared_ptr<early_media_relay> early_media_relay::open(const net::any_io_executor& ex,
                                                           std::shared_ptr<rtp_port_pool> pool,
                                                           const std::string& address) {
    auto relay = std::make_shared<early_media_relay>(ex, std::move(pool));
    const auto port = bind_rtp_socket(relay->socket_, *relay->pool_, address);
    if (!port) return nullptr;
    relay->port_ = *port;
    return relay;
}

early_media_relay::early_media_relay(const net::any_io_executor& ex, std::shared_ptr<rtp_port_pool> pool)
    : socket_(ex), pool_(std::move(pool)) {}

early_media_relay::~early_media_relay() {
    if (port_ > 0) pool_->give_back(port_);
}

void early_media_relay::start(net::ip::udp::endpoint callee, int telephone_event_type, sink on_audio) {
    callee_ = std::move(callee);
    on_audio_ = std::move(on_audio);
    if (telephone_event_type >= 0) {
        static thread_local std::mt19937 rd{std::random_device{}()}; // seeded once: see ringback_stream
        events_.emplace(telephone_event_type, static_cast<std::uint32_t>(rd()), static_cast<std::uint16_t>(rd()),
                        static_cast<std::uint32_t>(rd()));
    }
    receive();
}

void early_media_relay::send_telephone_event(const rtp_packet& event) {
    if (!events_ || !socket_.is_open()) return;
    const auto packet = events_->forward(event);
    if (!packet) return;
    boost::system::error_code ec;
    socket_.send_to(net::buffer(packet->data(), packet->size()), callee_, 0, ec); // UDP here does not block
    if (!ec) ++events_sent_;
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
                                   if (!ec && self->on_audio_ && self->sender_.address() == self->callee_.address()) {
                                       if (auto rtp = parse_g711_rtp(std::span(self->buffer_.data(), size)))
                                           self->on_audio_(rtp->bytes, rtp->payload_type);
                                   }
                                   self->receive();
                               });
}

} // namespace cvw::server::media
