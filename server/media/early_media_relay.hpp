// Receives the callee's early media (RTP sent after a 183 with SDP) on cvw's second port of a call
// and hands each G.711 payload on, to be played to the desk phone in place of the ringback.
#pragma once

#include "media/rtp_port_pool.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace cvw::server::media {

/** The G.711 payload of an RTP packet; nullopt for anything else (bad header, other codecs, DTMF). */
struct g711_payload {
    int payload_type;
    std::span<const std::uint8_t> bytes;
};
std::optional<g711_payload> parse_g711_rtp(std::span<const std::uint8_t> packet);

/** All methods run on the executor it was given (the call's strand). */
class early_media_relay : public std::enable_shared_from_this<early_media_relay> {
public:
    using sink = std::function<void(std::span<const std::uint8_t> payload, int payload_type)>;

    /** nullptr when no port is free. */
    static std::shared_ptr<early_media_relay> open(boost::asio::any_io_executor ex, rtp_port_pool& pool,
                                                   const std::string& address);
    ~early_media_relay();

    int port() const { return port_; }
    /** Passes on G.711 packets that come from `source` (the address in the callee's SDP). */
    void start(boost::asio::ip::address source, sink on_audio);
    /** Stops receiving; the port goes back to the pool when the last reference drops. */
    void close();

    early_media_relay(boost::asio::any_io_executor ex, rtp_port_pool& pool);

private:
    void receive();

    boost::asio::ip::udp::socket socket_;
    rtp_port_pool& pool_;
    int port_ = -1;
    boost::asio::ip::address source_;
    boost::asio::ip::udp::endpoint sender_;
    sink on_audio_;
    std::array<std::uint8_t, 1500> buffer_{};
};

} // namespace cvw::server::media
