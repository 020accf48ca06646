#include "media/rtp_packet.hpp"

namespace cvw::server::media {

namespace {
std::uint32_t read32(std::span<const std::uint8_t> b, std::size_t at) {
    return std::uint32_t{b[at]} << 24 | std::uint32_t{b[at + 1]} << 16 | std::uint32_t{b[at + 2]} << 8 | b[at + 3];
}
} // namespace

std::optional<rtp_packet> parse_rtp(std::span<const std::uint8_t> packet) {
    if (packet.size() < rtp_header_size || (packet[0] >> 6) != 2) return std::nullopt;
    std::size_t header = rtp_header_size + 4 * static_cast<std::size_t>(packet[0] & 0x0f); // CSRC list
    if (packet[0] & 0x10) {                                                                // header extension
        if (packet.size() < header + 4) return std::nullopt;
        header += 4 + 4 * (static_cast<std::size_t>(packet[header + 2]) << 8 | packet[header + 3]);
    }
    std::size_t end = packet.size();
    if (packet[0] & 0x20) { // padding: its length is the last byte
        if (packet.back() == 0 || packet.back() > end) return std::nullopt;
        end -= packet.back();
    }
    if (header >= end) return std::nullopt;
    return rtp_packet{
        (packet[1] & 0x80) != 0, packet[1] & 0x7f,  static_cast<std::uint16_t>(packet[2] << 8 | packet[3]),
        read32(packet, 4),       read32(packet, 8), packet.subspan(header, end - header)};
}

void write_rtp_header(std::span<std::uint8_t, rtp_header_size> out, const rtp_packet& p) {
    out[0] = 0x80; // version 2
    out[1] = static_cast<std::uint8_t>((p.payload_type & 0x7f) | (p.marker ? 0x80 : 0));
    out[2] = static_cast<std::uint8_t>(p.sequence >> 8);
    out[3] = static_cast<std::uint8_t>(p.sequence);
    for (std::size_t i = 0; i < 4; ++i) {
        out[4 + i] = static_cast<std::uint8_t>(p.timestamp >> (24 - 8 * i));
        out[8 + i] = static_cast<std::uint8_t>(p.ssrc >> (24 - 8 * i));
    }
}

} // namespace cvw::server::media
