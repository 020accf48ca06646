// RTP headers and RFC 4733 telephone-events: reading them and re-sending a phone's DTMF as cvw's stream.
#include "media/rtp_packet.hpp"
#include "media/telephone_event.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace cvw::server::media {
namespace {

using bytes = std::vector<std::uint8_t>;

/** A phone's telephone-event packet, as the sipp sample capture of digit 1 has them. */
bytes event_packet(bool marker, std::uint16_t seq, std::uint32_t ts, int event, bool end, std::uint16_t duration) {
    bytes p{0x80,
            static_cast<std::uint8_t>(101 | (marker ? 0x80 : 0)),
            static_cast<std::uint8_t>(seq >> 8),
            static_cast<std::uint8_t>(seq),
            static_cast<std::uint8_t>(ts >> 24),
            static_cast<std::uint8_t>(ts >> 16),
            static_cast<std::uint8_t>(ts >> 8),
            static_cast<std::uint8_t>(ts),
            0x0e,
            0x05,
            0x38,
            0x4e,
            static_cast<std::uint8_t>(event),
            static_cast<std::uint8_t>(10 | (end ? 0x80 : 0)),
            static_cast<std::uint8_t>(duration >> 8),
            static_cast<std::uint8_t>(duration)};
    return p;
}

TEST(rtp_packet, reads_the_header_fields) {
    const auto p = event_packet(true, 0x1f30, 0x33e0, 1, false, 0);
    const auto rtp = parse_rtp(p);
    ASSERT_TRUE(rtp);
    EXPECT_TRUE(rtp->marker);
    EXPECT_EQ(rtp->payload_type, 101);
    EXPECT_EQ(rtp->sequence, 0x1f30);
    EXPECT_EQ(rtp->timestamp, 0x33e0u);
    EXPECT_EQ(rtp->ssrc, 0x0e05384eu);
    EXPECT_EQ(rtp->payload.size(), 4u);
}

TEST(rtp_packet, a_written_header_reads_back) {
    std::array<std::uint8_t, rtp_header_size + 1> p{};
    write_rtp_header(std::span<std::uint8_t, rtp_header_size>(p.data(), rtp_header_size),
                     {false, 8, 0xfffe, 0xdeadbeef, 42, {}});
    p.back() = 0xd5;
    const auto rtp = parse_rtp(p);
    ASSERT_TRUE(rtp);
    EXPECT_FALSE(rtp->marker);
    EXPECT_EQ(rtp->payload_type, 8);
    EXPECT_EQ(rtp->sequence, 0xfffe);
    EXPECT_EQ(rtp->timestamp, 0xdeadbeefu);
    EXPECT_EQ(rtp->ssrc, 42u);
    EXPECT_EQ(rtp->payload[0], 0xd5);
}

TEST(telephone_event, reads_digit_end_volume_and_duration) {
    const std::array<std::uint8_t, 4> start{1, 0x0a, 0x01, 0x40};
    const auto e = parse_telephone_event(start);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->event, 1);
    EXPECT_FALSE(e->end);
    EXPECT_EQ(e->volume, 10);
    EXPECT_EQ(e->duration, 320);
    const std::array<std::uint8_t, 8> two_blocks{11, 0x8a, 0x03, 0x20, 11, 0x8a, 0x03, 0x20}; // redundant end
    EXPECT_TRUE(parse_telephone_event(two_blocks)->end);
    EXPECT_FALSE(parse_telephone_event(std::span<const std::uint8_t>{}));
    EXPECT_FALSE(parse_telephone_event(std::span(start.data(), 3))); // not whole 4-byte blocks
}

TEST(telephone_event, names_the_keys) {
    EXPECT_EQ(dtmf_character(0), '0');
    EXPECT_EQ(dtmf_character(9), '9');
    EXPECT_EQ(dtmf_character(10), '*');
    EXPECT_EQ(dtmf_character(11), '#');
    EXPECT_EQ(dtmf_character(15), 'D');
    EXPECT_EQ(dtmf_character(16), '?'); // flash
    EXPECT_EQ(dtmf_character(-1), '?');
}

TEST(telephone_event_forwarder, resends_events_as_one_stream_of_cvws_own) {
    telephone_event_forwarder forwarder(96, 0x11223344, 65534, 1000);
    // Digit 1 (start, update, end sent three times with one sequence number, as the sipp sample
    // capture has it), then digit 2 800 samples and some audio packets later.
    const std::vector<bytes> in{
        event_packet(true, 7, 50000, 1, false, 160), event_packet(false, 8, 50000, 1, false, 320),
        event_packet(false, 9, 50000, 1, true, 480), event_packet(false, 9, 50000, 1, true, 480),
        event_packet(false, 9, 50000, 1, true, 480), event_packet(true, 30, 50800, 2, false, 160)};
    std::vector<bytes> out_bytes;
    for (const auto& packet : in) {
        const auto sent = forwarder.forward(*parse_rtp(packet));
        ASSERT_TRUE(sent);
        out_bytes.emplace_back(sent->begin(), sent->end());
    }
    const std::vector<std::uint16_t> sequences{65534, 65535, 0, 0, 0, 21}; // wraps; repeats and gaps kept
    for (std::size_t i = 0; i < out_bytes.size(); ++i) {
        const auto out = *parse_rtp(out_bytes[i]);
        EXPECT_EQ(out.payload_type, 96);
        EXPECT_EQ(out.ssrc, 0x11223344u);
        EXPECT_EQ(out.sequence, sequences[i]);
        EXPECT_EQ(out.timestamp, i < 5 ? 1000u : 1800u); // one timestamp per event, spacing kept
        EXPECT_EQ(out.marker, i == 0 || i == 5);
        EXPECT_EQ(bytes(out.payload.begin(), out.payload.end()),
                  bytes(in[i].end() - 4, in[i].end())); // blocks unchanged
    }
}

TEST(telephone_event_forwarder, skips_packets_that_are_not_events) {
    telephone_event_forwarder forwarder(101, 1, 10, 0);
    auto broken = event_packet(true, 1, 0, 1, false, 160);
    broken.pop_back(); // three bytes of payload
    EXPECT_FALSE(forwarder.forward(*parse_rtp(broken)));
    bytes oversized = event_packet(true, 1, 0, 1, false, 160);
    oversized.resize(rtp_header_size + telephone_event_forwarder::max_payload + 4);
    EXPECT_FALSE(forwarder.forward(*parse_rtp(oversized)));
    const auto sent = forwarder.forward(*parse_rtp(event_packet(true, 2, 0, 1, false, 160)));
    ASSERT_TRUE(sent);
    EXPECT_EQ(parse_rtp(*sent)->sequence, 10); // the offsets come from the first packet forwarded
}

} // namespace
} // namespace cvw::server::media
