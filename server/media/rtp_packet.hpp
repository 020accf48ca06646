// The fixed RTP header (RFC 3550 §5.1): reading a received packet and writing one cvw sends.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace cvw::server::media {

inline constexpr std::size_t rtp_header_size = 12;

struct rtp_packet {
    bool marker = false;
    int payload_type = 0;
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t ssrc = 0;
    std::span<const std::uint8_t> payload; // after CSRCs and header extension, before padding
};

/** nullopt for anything that is not a well-formed RTP version 2 packet with a payload. */
std::optional<rtp_packet> parse_rtp(std::span<const std::uint8_t> packet);

/** Writes the 12-byte header (no CSRCs, no extension, no padding) of `p` into `out`. */
void write_rtp_header(std::span<std::uint8_t, rtp_header_size> out, const rtp_packet& p);

} // namespace cvw::server::media
