// RFC 4733 telephone-events (DTMF digits sent as RTP events rather than tones): reading an event
// and passing a phone's events on into another RTP stream that cvw owns.
#pragma once

#include "media/rtp_packet.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace cvw::server::media {

/** One event block (RFC 4733 §2.3). Events 0-9 are the digits, 10 '*', 11 '#', 12-15 'A'-'D'. */
struct telephone_event {
    int event = 0;
    bool end = false;
    int volume = 0;             // -dBm0, 0..63
    std::uint16_t duration = 0; // in timestamp units (1/8000 s)
};

/** The first event block of a payload; nullopt unless the payload is whole 4-byte blocks. */
std::optional<telephone_event> parse_telephone_event(std::span<const std::uint8_t> payload);

/** '0'-'9', '*', '#', 'A'-'D', or '?' for the other events (flash, modem tones, ...). */
char dtmf_character(int event);
/** The other way: 0-9, '*' 10, '#' 11, 'A'-'D' 12-15; -1 for anything else. */
int telephone_event_code(char key);

/**
 * Re-sends a phone's telephone-events as packets of cvw's own stream toward another peer, the way
 * an RTP translator does: cvw's SSRC and the peer's payload type, with sequence numbers and
 * timestamps shifted by offsets fixed at the first packet. So each event keeps one timestamp,
 * the spacing between events is kept, and the end packet's retransmissions (RFC 4733 §2.5.1.4)
 * stay recognisable as such. The event blocks themselves pass unchanged.
 */
class telephone_event_forwarder {
public:
    static constexpr std::size_t max_payload = 64;

    telephone_event_forwarder(int payload_type, std::uint32_t ssrc, std::uint16_t first_sequence,
                              std::uint32_t first_timestamp);

    /** The packet to send for `in`, or nullopt (and nothing counted) when `in` carries no valid event. */
    std::optional<std::span<const std::uint8_t>> forward(const rtp_packet& in);

private:
    int payload_type_;
    std::uint32_t ssrc_;
    std::uint16_t first_sequence_;
    std::uint32_t first_timestamp_;
    struct offsets {
        std::uint16_t sequence;
        std::uint32_t timestamp;
    };
    std::optional<offsets> offsets_;
    std::array<std::uint8_t, rtp_header_size + max_payload> packet_{};
};

} // namespace cvw::server::media
