#include "tone_analysis.hpp"

#include <cmath>

namespace cvw::test {

namespace {

/** Share of the window's energy at `hz` (about 1 for a pure tone, 0.5 each for two equal ones). */
double tone_share(const std::int16_t* x, int n, int hz) {
    const double w = 2 * M_PI * hz / 8000.0, k = 2 * std::cos(w);
    double s1 = 0, s2 = 0, energy = 0;
    for (int i = 0; i < n; ++i) {
        const double s = x[i] + k * s1 - s2;
        s2 = s1;
        s1 = s;
        energy += double(x[i]) * x[i];
    }
    const double power = s1 * s1 + s2 * s2 - k * s1 * s2;
    return energy > 0 ? 2 * power / (n * energy) : 0;
}

} // namespace

std::vector<std::vector<int>> tones_by_window(const std::vector<std::int16_t>& samples, int window_ms,
                                              const std::vector<int>& frequencies) {
    const int n = 8 * window_ms;
    std::vector<std::vector<int>> out;
    for (std::size_t at = 0; at + n <= samples.size(); at += n) {
        double energy = 0;
        for (int i = 0; i < n; ++i) energy += double(samples[at + i]) * samples[at + i];
        auto& present = out.emplace_back();
        if (std::sqrt(energy / n) < 100) continue; // silence
        for (int hz : frequencies)
            if (tone_share(&samples[at], n, hz) > 0.2) present.push_back(hz);
    }
    return out;
}

} // namespace cvw::test
