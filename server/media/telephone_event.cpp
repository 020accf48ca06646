#include "media/telephone_event.hpp"

#include <algorithm>
#include <string_view>

namespace cvw::server::media {

std::optional<telephone_event> parse_telephone_event(std::span<const std::uint8_t> payload) {
    if (payload.empty() || payload.size() % 4 != 0) return std::nullopt;
    return telephone_event{payload[0], (payload[1] & 0x80) != 0, payload[1] & 0x3f,
                           static_cast<std::uint16_t>(payload[2] << 8 | payload[3])};
}

namespace {
constexpr std::string_view dtmf_keys = "0123456789*#ABCD"; ///< by event code
} // namespace

char dtmf_character(int event) {
    return event >= 0 && event < static_cast<int>(dtmf_keys.size()) ? dtmf_keys[static_cast<std::size_t>(event)] : '?';
}

int telephone_event_code(char key) {
    const auto at = dtmf_keys.find(key);
    return at != std::string_view::npos ? static_cast<int>(at) : -1;
}

telephone_event_forwarder::telephone_event_forwarder(int payload_type, std::uint32_t ssrc, std::uint16_t first_sequence,
                                                     std::uint32_t first_timestamp)
    : payload_type_(payload_type), ssrc_(ssrc), first_sequence_(first_sequence), first_timestamp_(first_timestamp) {}

std::optional<std::span<const std::uint8_t>> telephone_event_forwarder::forward(const rtp_packet& in) {
    if (!parse_telephone_event(in.payload) || in.payload.size() > max_payload) return std::nullopt;
    // Unsigned wrap-around is the intent in all of this arithmetic.
    if (!offsets_)
        offsets_ = {static_cast<std::uint16_t>(first_sequence_ - in.sequence), first_timestamp_ - in.timestamp};
    const rtp_packet out{in.marker,
                         payload_type_,
                         static_cast<std::uint16_t>(in.sequence + offsets_->sequence),
                         in.timestamp + offsets_->timestamp,
                         ssrc_,
                         {}};
    write_rtp_header(std::span<std::uint8_t, rtp_header_size>(packet_.data(), rtp_header_size), out);
    std::ranges::copy(in.payload, packet_.begin() + rtp_header_size);
    return std::span<const std::uint8_t>(packet_.data(), rtp_header_size + in.payload.size());
}

} // namespace cvw::server::media
