// Keys pressed on a phone that sends them as tones in its audio rather than as RFC 4733 events:
// spandsp's DTMF receiver over the G.711 the phone sends.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

struct dtmf_rx_state_s;

namespace cvw::server::media {

class inband_keys {
public:
    /** `on_key` gets '0'-'9', '*', '#' or 'A'-'D', once per key press, on the caller's thread. */
    explicit inband_keys(std::function<void(char)> on_key);
    ~inband_keys();
    inband_keys(const inband_keys&) = delete;
    inband_keys& operator=(const inband_keys&) = delete;

    /** One RTP payload of G.711: type 0 (PCMU) or 8 (PCMA); other types are not audio here and are skipped. */
    void feed(std::span<const std::uint8_t> payload, int payload_type);

private:
    static void on_digits(void* self, const char* digits, int count);

    std::function<void(char)> on_key_;
    dtmf_rx_state_s* receiver_ = nullptr;
};

} // namespace cvw::server::media
