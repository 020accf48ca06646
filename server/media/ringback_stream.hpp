// The server's own media endpoint toward the desk phone: plays ringback (G.711, 20 ms packets), or
// the callee's early media in its place, as one RTP stream (one SSRC, continuous sequence numbers);
// and hears the desk phone's keys while it does: RFC 4733 events, or tones in its audio.
#pragma once

#include "media/inband_keys.hpp"
#include "media/key_sequence.hpp"
#include "media/prompt_clips.hpp"
#include "media/rtp_packet.hpp"
#include "media/rtp_port_pool.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>

struct tone_gen_state_s;
struct tone_gen_descriptor_s;
struct g711_state_s;

namespace cvw::server::media {

/** What cvw plays from its own port: ringback while a callee rings, or a prompt to press a key. */
enum class tone { ringback, key_prompt };

/**
 * Binds an RTP port from the pool on construction and returns it on destruction. All methods run
 * on the executor it was given (the call's strand).
 */
class ringback_stream : public std::enable_shared_from_this<ringback_stream> {
public:
    /** nullptr when no port is free or it cannot be bound. */
    static std::shared_ptr<ringback_stream> open(const boost::asio::any_io_executor& ex,
                                                 std::shared_ptr<rtp_port_pool> pool, const std::string& address);
    ~ringback_stream();

    int port() const { return port_; }
    /** Starts sending `which` to `remote` with G.711 payload type 0 (PCMU) or 8 (PCMA). */
    void start(boost::asio::ip::udp::endpoint remote, int payload_type, tone which = tone::ringback);
    void stop();
    /** The phone moved its media: what plays now goes on to `remote`, in that G.711 law. */
    void redirect(boost::asio::ip::udp::endpoint remote, int payload_type);
    /**
     * Plays `sound` once to `remote` with payload type 0 or 8 in place of any tone, then falls
     * silent and calls `finished`. stop(), start() or another play_once first: `finished` is never called.
     */
    void play_once(boost::asio::ip::udp::endpoint remote, int payload_type, clip sound, std::function<void()> finished);
    /**
     * Sends `keys` to `remote` as telephone-events of payload type `telephone_event_type`, in place of
     * any tone, then falls silent and calls `finished` (never called after stop(), start() or another
     * play). The stream's G.711 law stays `payload_type`'s for what it sends later.
     */
    void send_keys(boost::asio::ip::udp::endpoint remote, int payload_type, int telephone_event_type, key_sequence keys,
                   std::function<void()> finished);
    /**
     * Sends one relayed G.711 payload (type 0 or 8) in place of the tone, converting the companding
     * law when the desk phone chose the other one. The tone stays off from the first call on.
     */
    void play_relayed(std::span<const std::uint8_t> payload, int payload_type);
    /**
     * Hands on each telephone-event packet (payload type `telephone_event_type`) the desk phone
     * sends from `source`; everything else it sends (its audio) is read and dropped.
     */
    void listen_for_telephone_events(boost::asio::ip::address source, int telephone_event_type,
                                     std::function<void(const rtp_packet&)> on_event);
    /** Hands on each key `source` sends as tones in its G.711 audio (phones without telephone-event). */
    void listen_for_inband_keys(boost::asio::ip::address source, std::function<void(char)> on_key);
    /** Stops and closes the socket; the port goes back to the pool when the last reference drops. */
    void close();

    std::uint64_t packets_sent() const { return sent_; }

    ringback_stream(const boost::asio::any_io_executor& ex, std::shared_ptr<rtp_port_pool> pool);

    static constexpr std::size_t max_payload = 480; // 60 ms of G.711

private:
    /** Sends from now on to `remote` in that G.711 law, starting with a packet at once. */
    void aim(boost::asio::ip::udp::endpoint remote, int payload_type);
    void tick();
    /** One packet time of the clip or the tone. */
    void send_audio();
    void send(std::span<const std::uint8_t> payload, bool marker);
    /** Sends the next step of keys_, if it has one; false once every key was sent. */
    bool send_next_key();
    void receive();

    boost::asio::ip::udp::socket socket_;
    boost::asio::steady_timer timer_;
    std::shared_ptr<rtp_port_pool> pool_;
    int port_ = -1;
    boost::asio::ip::udp::endpoint remote_;
    int payload_type_ = 0;
    tone tone_kind_ = tone::ringback;
    clip clip_;                        ///< played once instead of the tone while set
    std::size_t clip_at_ = 0;          ///< the next sample of clip_ to send
    std::optional<key_sequence> keys_; ///< sent instead of the tone while set
    int keys_type_ = -1;               ///< their telephone-event payload type
    std::uint32_t key_timestamp_ = 0;  ///< the RTP timestamp of the key being sent
    std::function<void()> finished_;   ///< called once clip_ or keys_ was sent to its end
    bool playing_ = false;
    bool relaying_ = false;
    std::chrono::steady_clock::time_point next_;
    std::uint16_t sequence_ = 0;
    std::uint32_t timestamp_ = 0;
    std::uint32_t ssrc_ = 0;
    std::atomic<std::uint64_t> sent_{0};
    boost::asio::ip::address event_source_;
    int telephone_event_type_ = -1;
    std::function<void(const rtp_packet&)> on_event_;
    std::unique_ptr<inband_keys> inband_keys_;
    boost::asio::ip::udp::endpoint sender_;
    std::array<std::uint8_t, 1500> received_{};
    tone_gen_descriptor_s* tone_descriptor_ = nullptr;
    tone_gen_state_s* tone_ = nullptr;
    g711_state_s* encoder_ = nullptr;
};

} // namespace cvw::server::media
