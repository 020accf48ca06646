// A real softphone for tests: baresip registered at the test PBX, sending a sine tone as its
// microphone and recording what it hears to a WAV file, so tests can check the audio itself.
#pragma once

#include "child_process.hpp"
#include "tone_analysis.hpp"
#include "test_pbx.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cvw::test {

class baresip_phone {
public:
    enum class answer { automatically, on_command, with_early_media };

    /** Starts baresip as `user` at the PBX and waits until it is registered. */
    baresip_phone(const std::filesystem::path& dir, const std::string& user, const test_pbx& pbx, answer mode,
                  int tone_hz);

    /** A console command such as "/accept" or "/hangup". */
    void command(const std::string& line) const;
    /** baresip's output, including its SIP trace. */
    std::string log() const;
    /** What the phone played to its user: 8 kHz mono samples from the start of its one call. */
    std::vector<std::int16_t> heard() const;
    std::uint16_t rtp_port_min() const { return rtp_min_; }
    std::uint16_t rtp_port_max() const { return rtp_min_ + rtp_port_count - 1; }

private:
    static constexpr int rtp_port_count = 10;
    std::filesystem::path dir_;
    std::uint16_t console_port_ = 0;
    std::uint16_t rtp_min_ = 0;
    std::unique_ptr<child_process> process_;
};

} // namespace cvw::test
