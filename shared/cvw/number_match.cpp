#include "cvw/number_match.hpp"

#include "cvw/ascii.hpp"

#include <algorithm>
#include <array>

namespace cvw {

namespace {

struct split_number {
    std::string_view main;
    std::string_view extension; ///< digits only; empty when none was written
};

/** Splits "<number> <marker> <digits>" at the last extension marker followed only by digits. */
split_number split_extension(std::string_view text) {
    const auto folded = ascii_lower(text);
    // Longest first, so "ext." is not read as "ext" followed by ".".
    constexpr std::array<std::string_view, 6> markers{";ext=", "extension", "ext.", "ext", "x", "#"};
    for (const auto marker : markers) {
        const auto at = folded.rfind(marker);
        if (at == std::string::npos || at == 0) continue;
        auto rest = text.substr(at + marker.size());
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == ':')) rest.remove_prefix(1);
        if (rest.empty() || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        return {text.substr(0, at), rest};
    }
    return {text, {}};
}

} // namespace

std::vector<std::string> directory_numbers(std::string_view text, const dial_plan& plan) {
    std::vector<std::string> out;
    const auto [main, extension] = split_extension(text);
    if (!extension.empty()) {
        if (auto n = plan.normalize(extension); n && n->kind == number_kind::extension) out.push_back(n->number);
    }
    auto trimmed = main;
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == ',')) trimmed.remove_suffix(1);
    if (auto n = plan.normalize(trimmed); n && std::find(out.begin(), out.end(), n->number) == out.end())
        out.push_back(n->number);
    return out;
}

} // namespace cvw
