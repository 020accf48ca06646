// Fuzzes the RTP header reader with any datagram that reaches a media port: the payload it finds
// lies inside the packet, and a header cvw writes from what it read reads back the same.
#include "fuzz_check.hpp"
#include "media/rtp_packet.hpp"

#include <algorithm>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cvw::server::media;
    const auto packet = parse_rtp(std::span(data, size));
    if (!packet) return 0;
    CVW_FUZZ_REQUIRE(!packet->payload.empty());
    CVW_FUZZ_REQUIRE(packet->payload.data() >= data + rtp_header_size &&
                     packet->payload.data() + packet->payload.size() <= data + size);
    CVW_FUZZ_REQUIRE(packet->payload_type >= 0 && packet->payload_type <= 127);

    std::vector<std::uint8_t> copy(rtp_header_size);
    write_rtp_header(std::span<std::uint8_t, rtp_header_size>(copy.data(), rtp_header_size), *packet);
    copy.insert(copy.end(), packet->payload.begin(), packet->payload.end());
    const auto again = parse_rtp(copy);
    CVW_FUZZ_REQUIRE(again && again->marker == packet->marker && again->payload_type == packet->payload_type &&
                     again->sequence == packet->sequence && again->timestamp == packet->timestamp &&
                     again->ssrc == packet->ssrc && std::ranges::equal(again->payload, packet->payload));
    return 0;
}
