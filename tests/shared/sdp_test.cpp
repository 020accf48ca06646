// SDP helpers: endpoints, origin rewriting, offers.
#include "cvw/sdp/sdp.hpp"

#include <gtest/gtest.h>

namespace cvw::sdp {

constexpr const char* phone = "v=0\r\no=phone 4242 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\n"
                              "m=audio 16000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n";

TEST(sdp, reads_the_audio_endpoint) {
    EXPECT_EQ(audio_of(phone), (audio_endpoint{"10.0.0.5", 16000, {8, 0, 101}}));
    // media-level c= wins over session-level
    EXPECT_EQ(
        audio_of("v=0\nc=IN IP4 1.1.1.1\nm=video 5000 RTP/AVP 96\nm=audio 6000 RTP/AVP 0\nc=IN IP4 2.2.2.2\n")->address,
        "2.2.2.2");
    EXPECT_FALSE(audio_of("v=0\r\nc=IN IP4 1.1.1.1\r\nm=audio 0 RTP/AVP 0\r\n").has_value());    // rejected stream
    EXPECT_FALSE(audio_of("v=0\r\nc=IN IP4 0.0.0.0\r\nm=audio 4000 RTP/AVP 0\r\n").has_value()); // hold, no address
    EXPECT_FALSE(audio_of("").has_value());
    EXPECT_FALSE(audio_of("garbage\nm=audio notaport RTP/AVP 0\n").has_value());
}

TEST(sdp, finds_the_telephone_event_payload_type) {
    EXPECT_EQ(audio_of("v=0\r\nc=IN IP4 1.1.1.1\r\nm=audio 4000 RTP/AVP 0 96\r\na=rtpmap:96 Telephone-Event/8000\r\n")
                  ->telephone_event,
              96);
    // Not offered: the phone lists no rtpmap for it, maps it at another rate, or outside the m= line.
    EXPECT_EQ(audio_of(phone)->telephone_event, -1);
    EXPECT_EQ(audio_of("v=0\nc=IN IP4 1.1.1.1\nm=audio 4000 RTP/AVP 0 97\na=rtpmap:97 telephone-event/48000\n")
                  ->telephone_event,
              -1);
    EXPECT_EQ(
        audio_of("v=0\nc=IN IP4 1.1.1.1\nm=audio 4000 RTP/AVP 0\na=rtpmap:101 telephone-event/8000\n")->telephone_event,
        -1);
    EXPECT_EQ(audio_of("v=0\nc=IN IP4 1.1.1.1\na=rtpmap:101 telephone-event/8000\nm=audio 4000 RTP/AVP 0 101\n")
                  ->telephone_event,
              -1);
}

TEST(sdp, origin_rewrites_keep_one_session_per_leg_with_rising_versions) {
    origin leg{777, 1, "192.0.2.10"};
    const auto first = rewrite_origin(phone, leg);
    EXPECT_NE(first.find("o=cvw 777 2 IN IP4 192.0.2.10\r\n"), std::string::npos);
    EXPECT_EQ(first.find("o=phone"), std::string::npos);
    EXPECT_NE(first.find("m=audio 16000 RTP/AVP 8 0 101\r\n"), std::string::npos);
    const auto second = rewrite_origin(phone, leg);
    EXPECT_NE(second.find("o=cvw 777 3 "), std::string::npos);
}

TEST(sdp, our_offer_is_g711_with_telephone_events) {
    origin leg{1, 0, "127.0.0.1"};
    const auto offer = make_offer(leg, "127.0.0.1", 20002);
    EXPECT_EQ(audio_of(offer), (audio_endpoint{"127.0.0.1", 20002, {0, 8, 101}, 101}));
    EXPECT_NE(offer.find("o=cvw 1 1 IN IP4 127.0.0.1"), std::string::npos);
    EXPECT_NE(offer.find("a=rtpmap:101 telephone-event/8000"), std::string::npos);
}

TEST(sdp, a_mixer_offer_keeps_the_one_codec_the_phone_joined_with) {
    origin leg{2, 4, "127.0.0.1"};
    const auto pcma = make_single_codec_offer(leg, "127.0.0.9", 43010, 8);
    EXPECT_EQ(audio_of(pcma), (audio_endpoint{"127.0.0.9", 43010, {8}, -1}));
    EXPECT_NE(pcma.find("o=cvw 2 5 IN IP4 127.0.0.1"), std::string::npos);
    EXPECT_NE(pcma.find("a=rtpmap:8 PCMA/8000"), std::string::npos);
    EXPECT_EQ(pcma.find("telephone-event"), std::string::npos);
    const auto pcmu = make_single_codec_offer(leg, "127.0.0.9", 43012, 0);
    EXPECT_EQ(audio_of(pcmu), (audio_endpoint{"127.0.0.9", 43012, {0}, -1}));
    EXPECT_NE(pcmu.find("o=cvw 2 6 IN IP4 127.0.0.1"), std::string::npos);
}

TEST(sdp, an_answer_takes_the_offers_first_g711_and_its_telephone_event_type) {
    origin leg{3, 0, "127.0.0.1"};
    const auto answer = make_answer(leg, "127.0.0.1", 20004, {"10.0.0.5", 4000, {9, 8, 0, 96}, 96});
    EXPECT_EQ(audio_of(answer), (audio_endpoint{"127.0.0.1", 20004, {8, 96}, 96}));
    EXPECT_NE(answer.find("a=rtpmap:8 PCMA/8000"), std::string::npos);
    EXPECT_NE(answer.find("a=fmtp:96 0-15"), std::string::npos);
    EXPECT_NE(answer.find("o=cvw 3 1 IN IP4 127.0.0.1"), std::string::npos);
    const auto plain = make_answer(leg, "127.0.0.1", 20004, {"10.0.0.5", 4000, {0}, -1});
    EXPECT_EQ(audio_of(plain), (audio_endpoint{"127.0.0.1", 20004, {0}, -1}));
    EXPECT_EQ(plain.find("telephone-event"), std::string::npos);
}

TEST(sdp, a_rejection_declines_the_stream) {
    origin leg{5, 0, "127.0.0.1"};
    const auto r = make_rejection(leg);
    EXPECT_FALSE(audio_of(r).has_value());
    EXPECT_NE(r.find("m=audio 0 RTP/AVP 0"), std::string::npos);
}

TEST(sdp, picks_the_first_g711_codec_of_the_answer) {
    EXPECT_EQ(pick_g711({"a", 1, {101, 8, 0}}), 8);
    EXPECT_EQ(pick_g711({"a", 1, {9, 101}}), -1);
}

} // namespace cvw::sdp
