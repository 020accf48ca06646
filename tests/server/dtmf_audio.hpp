// Keys as a phone sends them in its audio: DTMF tones made by spandsp, as G.711 bytes, for tests of
// cvw's in-band key detection (units, driver tests, and files sipp streams).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cvw::test {

/**
 * `keys` as tones (100 ms on, 100 ms off), after `silence_ms` of silence; each '.' among them is
 * 300 ms more silence. µ-law, or A-law when `alaw`.
 */
std::vector<std::uint8_t> dtmf_audio(const std::string& keys, int silence_ms = 200, bool alaw = false);
/** A steady `hz` tone for `ms`, µ-law: a voice or a prompt, never a key. */
std::vector<std::uint8_t> tone_audio(int hz, int ms);

} // namespace cvw::test
