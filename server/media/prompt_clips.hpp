// The dial-in bridge's prompts as cvw plays them: speech made at build time from the catalog
// (server/prompts.cmake), or distinct beeps for any prompt whose recording is missing.
#pragma once

#include "cvw/meeting/pin_entry_types.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

namespace cvw::server::media {

/** 8 kHz mono linear samples, shared by every call that plays them. */
using clip = std::shared_ptr<const std::vector<std::int16_t>>;

class prompt_clips {
public:
    /** Beeps for every prompt. */
    prompt_clips();
    /**
     * Reads `<dir>/<language>/<name>.raw` (16-bit little-endian) for every prompt; one missing,
     * empty or longer than `longest_seconds` stays beeps, and is logged once here.
     */
    static prompt_clips load(const std::filesystem::path& dir, std::string_view language);

    const clip& of(meeting::pin_entry::prompt p) const { return clips_.at(static_cast<std::size_t>(p)); }
    /** Whether `p` is speech (not the beeps that stand in for it). */
    bool spoken(meeting::pin_entry::prompt p) const { return spoken_.at(static_cast<std::size_t>(p)); }

    static constexpr int longest_seconds = 30;

private:
    static constexpr std::size_t count = 5; // the prompts of meeting::pin_entry::prompt
    std::array<clip, count> clips_;
    std::array<bool, count> spoken_{};
};

} // namespace cvw::server::media
