// Binds a UDP socket to a free even port taken from the pool.
#pragma once

#include "media/rtp_port_pool.hpp"

#include <boost/asio/ip/udp.hpp>

#include <optional>
#include <string>

namespace cvw::server::media {

/**
 * Opens `socket` on `address` at a port from `pool` and returns the port; nullopt when no free port
 * can be bound. A port something outside cvw holds is skipped and not counted as in use.
 */
std::optional<int> bind_rtp_socket(boost::asio::ip::udp::socket& socket, rtp_port_pool& pool,
                                   const std::string& address);

} // namespace cvw::server::media
