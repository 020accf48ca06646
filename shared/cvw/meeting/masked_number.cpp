#include "cvw/meeting/masked_number.hpp"

#include <algorithm>

namespace cvw::meeting {

std::string masked_number(std::string_view number) {
    constexpr std::string_view hidden = "\u2022";
    constexpr std::size_t shown_tail = 2, shown_head = 5;
    const std::size_t n = number.size();
    const std::size_t tail = n <= 4 ? std::min<std::size_t>(n, 1) : shown_tail;
    const std::size_t head = n <= 4 ? 0 : std::min(shown_head, n - tail - 2); // at least two hidden
    std::string out(number.substr(0, head));
    for (std::size_t i = head; i < n - tail; ++i) out += hidden;
    out += number.substr(n - tail);
    return out;
}

} // namespace cvw::meeting
