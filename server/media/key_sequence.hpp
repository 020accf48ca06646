// Keys to send as RFC 4733 telephone-events, one 20 ms packet time at a time: what a dialler sends
// into a conference bridge's IVR (its conference ID and PIN) from cvw's own RTP stream.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvw::server::media {

/**
 * Each key is 100 ms of event packets (the marker on the first), then its end packet sent three
 * times (RFC 4733 §2.5.1.4), then 60 ms of nothing before the next key. A ',' is a 500 ms pause,
 * as diallers write it.
 */
class key_sequence {
public:
    /** What to send in one packet time. */
    struct step {
        bool event = false;                    ///< false: a pause, send nothing
        bool starts_event = false;             ///< the event's first packet: its RTP timestamp is now, marker set
        std::array<std::uint8_t, 4> payload{}; ///< the event block
    };

    /** Nothing unless every character is 0-9, *, #, A-D or ','. */
    static std::optional<key_sequence> of(std::string_view keys);
    /** Whether `keys` is a sequence of() takes. */
    static bool valid(std::string_view keys);

    /** The next packet time's step, or nothing once every key was sent. */
    std::optional<step> next();

    static constexpr int packets_per_key = 5;
    static constexpr int end_packets = 3;
    static constexpr int gap_packets = 3;
    static constexpr int pause_packets = 25;

private:
    explicit key_sequence(std::string keys) : keys_(std::move(keys)) {}

    std::string keys_;
    std::size_t at_ = 0; ///< the key being sent
    int tick_ = 0;       ///< packet times into it
};

} // namespace cvw::server::media
