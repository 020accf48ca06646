// Percentiles of measured samples, the way every benchmark here reports them.
#pragma once

#include <cstddef>
#include <vector>

namespace cvw::bench {

/** The p-th percentile (nearest rank below) of samples already sorted ascending; 0 when empty. */
inline double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    return sorted[static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1))];
}

} // namespace cvw::bench
