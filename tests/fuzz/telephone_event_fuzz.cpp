// Fuzzes the RFC 4733 reader and forwarder with a stream of RTP packets from a phone. One input is
// a series of packets, each preceded by its length in one byte. Every event cvw forwards reads
// back unchanged in cvw's own stream, with one fixed sequence and timestamp offset per stream.
#include "fuzz_check.hpp"
#include "media/rtp_packet.hpp"
#include "media/telephone_event.hpp"

#include <algorithm>
#include <optional>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cvw::server::media;
    constexpr int payload_type = 101;
    constexpr std::uint32_t ssrc = 0x0c0ffee0;
    telephone_event_forwarder forwarder(payload_type, ssrc, 1000, 160000);
    std::optional<std::uint16_t> sequence_shift;
    std::optional<std::uint32_t> timestamp_shift;

    std::span<const std::uint8_t> rest(data, size);
    while (!rest.empty()) {
        const std::size_t length = std::min<std::size_t>(rest[0], rest.size() - 1);
        const auto in = parse_rtp(rest.subspan(1, length));
        rest = rest.subspan(1 + length);
        if (!in) continue;

        const auto event = parse_telephone_event(in->payload);
        if (event) {
            CVW_FUZZ_REQUIRE(event->event >= 0 && event->event <= 255);
            CVW_FUZZ_REQUIRE(event->volume >= 0 && event->volume <= 63);
            const char key = dtmf_character(event->event);
            CVW_FUZZ_REQUIRE((event->event < 16) == (key != '?'));
        }
        const auto out = forwarder.forward(*in);
        CVW_FUZZ_REQUIRE(out.has_value() == (event && in->payload.size() <= telephone_event_forwarder::max_payload));
        if (!out) continue;
        const auto sent = parse_rtp(*out);
        CVW_FUZZ_REQUIRE(sent && sent->payload_type == payload_type && sent->ssrc == ssrc &&
                         sent->marker == in->marker && std::ranges::equal(sent->payload, in->payload));
        const auto seq = static_cast<std::uint16_t>(sent->sequence - in->sequence);
        const std::uint32_t ts = sent->timestamp - in->timestamp;
        if (!sequence_shift) sequence_shift = seq, timestamp_shift = ts;
        CVW_FUZZ_REQUIRE(seq == *sequence_shift && ts == *timestamp_shift);
    }
    return 0;
}
