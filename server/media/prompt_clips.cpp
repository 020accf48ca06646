#include "media/prompt_clips.hpp"

#include "log.hpp"

#include <cmath>
#include <fstream>
#include <numbers>

namespace cvw::server::media {

namespace {

using meeting::pin_entry::prompt;

constexpr int rate = 8000;

/** `count` beeps of `hz` (on and off `ms` each), then a second of quiet before keys are awaited. */
clip beeps(int hz, int count, int ms) {
    std::vector<std::int16_t> out;
    const int on = rate * ms / 1000;
    for (int b = 0; b < count; ++b) {
        for (int i = 0; i < on; ++i)
            out.push_back(static_cast<std::int16_t>(6000 * std::sin(2 * std::numbers::pi * hz * i / rate)));
        out.insert(out.end(), static_cast<std::size_t>(on), 0);
    }
    out.insert(out.end(), rate, 0);
    return std::make_shared<const std::vector<std::int16_t>>(std::move(out));
}

/** Beeps that tell the prompts apart: one for the ID, two for the PIN, three low ones for a wrong entry. */
clip beeps_for(prompt p) {
    switch (p) {
    case prompt::enter_conference: return beeps(1400, 1, 300);
    case prompt::enter_pin: return beeps(1400, 2, 150);
    case prompt::wrong_conference:
    case prompt::wrong_pin: return beeps(480, 3, 150);
    case prompt::goodbye: return beeps(660, 1, 600);
    }
    return beeps(1400, 1, 300);
}

clip read_clip(const std::filesystem::path& file) {
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(file, ec);
    if (ec || bytes < 2 || bytes > std::uintmax_t{prompt_clips::longest_seconds} * rate * 2) return nullptr;
    std::ifstream in(file, std::ios::binary);
    std::vector<std::int16_t> samples(static_cast<std::size_t>(bytes / 2));
    std::vector<unsigned char> raw(samples.size() * 2);
    if (!in.read(reinterpret_cast<char*>(raw.data()), static_cast<std::streamsize>(raw.size()))) return nullptr;
    for (std::size_t i = 0; i < samples.size(); ++i) // little-endian, whatever this machine is
        samples[i] = static_cast<std::int16_t>(raw[2 * i] | (raw[2 * i + 1] << 8));
    return std::make_shared<const std::vector<std::int16_t>>(std::move(samples));
}

} // namespace

prompt_clips::prompt_clips() {
    for (std::size_t i = 0; i < count; ++i) clips_[i] = beeps_for(static_cast<prompt>(i));
}

prompt_clips prompt_clips::load(const std::filesystem::path& dir, std::string_view language) {
    prompt_clips out;
    std::string missing;
    for (std::size_t i = 0; i < count; ++i) {
        const auto name = meeting::pin_entry::to_string(static_cast<prompt>(i));
        const auto file = dir / language / (std::string(name) + ".raw");
        if (auto speech = read_clip(file)) {
            out.clips_[i] = std::move(speech);
            out.spoken_[i] = true;
        } else {
            missing += (missing.empty() ? "" : ", ") + std::string(name);
        }
    }
    if (!missing.empty())
        log_warn("dial-in prompts " + missing + " not found in " + (dir / language).string() + ": beeps instead");
    return out;
}

} // namespace cvw::server::media
