// cvw's second port of a call, facing the callee while it plays early media (RTP sent after a 183
// with SDP): hands each G.711 payload on, to be played to the desk phone in place of the ringback,
// and sends the desk phone's DTMF (RFC 4733 events) the other way, so the caller can answer an IVR.
#pragma once

#include "media/rtp_packet.hpp"
#include "media/rtp_port_pool.hpp"
#include "media/telephone_event.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <atomic>
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
    static std::shared_ptr<early_media_relay> open(const boost::asio::any_io_executor& ex,
                                                   std::shared_ptr<rtp_port_pool> pool, const std::string& address);
    ~early_media_relay();

    int port() const { return port_; }
    /**
     * Passes on G.711 packets that come from the address of `callee` (the endpoint in its SDP).
     * `telephone_event_type` is the callee's payload type for RFC 4733 events; -1 when it has none.
     */
    void start(boost::asio::ip::udp::endpoint callee, int telephone_event_type, sink on_audio);
    /** Sends one of the desk phone's telephone-event packets on to the callee (if it takes events). */
    void send_telephone_event(const rtp_packet& event);
    std::uint64_t telephone_events_sent() const { return events_sent_; }
    /** Stops receiving; the port goes back to the pool when the last reference drops. */
    void close();

    early_media_relay(const boost::asio::any_io_executor& ex, std::shared_ptr<rtp_port_pool> pool);

private:
    void receive();

    boost::asio::ip::udp::socket socket_;
    std::shared_ptr<rtp_port_pool> pool_;
    int port_ = -1;
    boost::asio::ip::udp::endpoint callee_;
    std::optional<telephone_event_forwarder> events_;
    std::atomic<std::uint64_t> events_sent_{0};
    boost::asio::ip::udp::endpoint sender_;
    sink on_audio_;
    std::array<std::uint8_t, 1500> buffer_{};
};

} // namespace cvw::server::media
