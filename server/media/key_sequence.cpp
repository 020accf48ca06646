// Key timing as diallers use it: long enough for any IVR's detector, short enough that a
// conference ID and PIN of a dozen keys are through in under three seconds.
#include "media/key_sequence.hpp"

#include "media/telephone_event.hpp"

#include <algorithm>

namespace cvw::server::media {

namespace {
constexpr int samples_per_packet = 160; // 20 ms at 8 kHz
constexpr int volume = 10;              // -10 dBm0, as phones send keys
} // namespace

bool key_sequence::valid(std::string_view keys) {
    return std::ranges::all_of(keys, [](char k) { return k == ',' || telephone_event_code(k) >= 0; });
}

std::optional<key_sequence> key_sequence::of(std::string_view keys) {
    if (!valid(keys)) return std::nullopt;
    return key_sequence(std::string(keys));
}

std::optional<key_sequence::step> key_sequence::next() {
    if (at_ >= keys_.size()) return std::nullopt;
    const char key = keys_[at_];
    const int length = key == ',' ? pause_packets : packets_per_key + end_packets + gap_packets;
    const int tick = tick_++;
    if (tick_ == length) {
        ++at_;
        tick_ = 0;
    }
    if (key == ',' || tick >= packets_per_key + end_packets) return step{};
    const bool end = tick >= packets_per_key;
    const int duration = samples_per_packet * (end ? packets_per_key : tick + 1);
    return step{.event = true,
                .starts_event = tick == 0,
                .payload = {static_cast<std::uint8_t>(telephone_event_code(key)),
                            static_cast<std::uint8_t>((end ? 0x80 : 0) | volume),
                            static_cast<std::uint8_t>(duration >> 8), static_cast<std::uint8_t>(duration & 0xff)}};
}

} // namespace cvw::server::media
