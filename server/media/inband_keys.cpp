#include "media/inband_keys.hpp"

#include <spandsp.h>

#include <array>

namespace cvw::server::media {

inband_keys::inband_keys(std::function<void(char)> on_key)
    : on_key_(std::move(on_key)), receiver_(dtmf_rx_init(nullptr, &inband_keys::on_digits, this)) {}

inband_keys::~inband_keys() { dtmf_rx_free(receiver_); }

void inband_keys::on_digits(void* self, const char* digits, int count) {
    auto* keys = static_cast<inband_keys*>(self);
    for (int i = 0; i < count; ++i) keys->on_key_(digits[i]);
}

void inband_keys::feed(std::span<const std::uint8_t> payload, int payload_type) {
    if (payload_type != 0 && payload_type != 8) return;
    std::array<std::int16_t, 480> linear{}; // up to 60 ms of 8 kHz audio per packet
    for (std::size_t at = 0; at < payload.size(); at += linear.size()) {
        const auto n = std::min(linear.size(), payload.size() - at);
        for (std::size_t i = 0; i < n; ++i)
            linear[i] = payload_type == 0 ? ulaw_to_linear(payload[at + i]) : alaw_to_linear(payload[at + i]);
        dtmf_rx(receiver_, linear.data(), static_cast<int>(n));
    }
}

} // namespace cvw::server::media
