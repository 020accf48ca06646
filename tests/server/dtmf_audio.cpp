#include "dtmf_audio.hpp"

#include <spandsp.h>

#include <cmath>

namespace cvw::test {

std::vector<std::uint8_t> dtmf_audio(const std::string& keys, int silence_ms, bool alaw) {
    std::vector<std::int16_t> linear(static_cast<std::size_t>(silence_ms) * 8, 0);
    dtmf_tx_state_t* tx = dtmf_tx_init(nullptr);
    dtmf_tx_set_timing(tx, 100, 100);
    for (const char key : keys) {
        if (key == '.') {
            linear.resize(linear.size() + 2400, 0);
            continue;
        }
        dtmf_tx_put(tx, &key, 1);
        std::int16_t block[160];
        for (int n; (n = dtmf_tx(tx, block, 160)) > 0;) linear.insert(linear.end(), block, block + n);
    }
    dtmf_tx_free(tx);
    linear.resize(linear.size() + 1600, 0); // 200 ms of silence after the last key
    std::vector<std::uint8_t> out(linear.size());
    for (std::size_t i = 0; i < linear.size(); ++i)
        out[i] = alaw ? linear_to_alaw(linear[i]) : linear_to_ulaw(linear[i]);
    return out;
}

std::vector<std::uint8_t> tone_audio(int hz, int ms) {
    std::vector<std::uint8_t> out(static_cast<std::size_t>(ms) * 8);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] =
            linear_to_ulaw(static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * hz * static_cast<double>(i) / 8000)));
    return out;
}

} // namespace cvw::test
