#include "media/rtp_socket.hpp"

namespace cvw::server::media {

namespace net = boost::asio;

std::optional<int> bind_rtp_socket(net::ip::udp::socket& socket, rtp_port_pool& pool, const std::string& address) {
    boost::system::error_code ec;
    const auto ip = net::ip::make_address(address, ec);
    if (ec) return std::nullopt;
    for (int attempt = 0; attempt < 8; ++attempt) {
        auto port = pool.take();
        if (!port) return std::nullopt;
        if (socket.is_open()) socket.close(ec);
        socket.open(net::ip::udp::v4(), ec);
        if (!ec) socket.bind({ip, static_cast<unsigned short>(*port)}, ec);
        if (!ec) return port;
        // Held by something outside cvw: hand it back (the round-robin moves on) and try the next.
        pool.give_back(*port);
    }
    return std::nullopt;
}

} // namespace cvw::server::media
