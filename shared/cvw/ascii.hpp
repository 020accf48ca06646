// ASCII case folding, for the protocol words, keys and markers the core compares (never for names).
#pragma once

#include <string>
#include <string_view>

namespace cvw {

inline std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace cvw
