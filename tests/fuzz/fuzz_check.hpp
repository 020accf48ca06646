// How a fuzz target states a property of the code it drives: a broken one aborts with the condition,
// which libFuzzer reports as a crash and saves the input for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace cvw::fuzz {

[[noreturn]] inline void property_broken(const char* condition, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: property broken: %s\n", file, line, condition);
    std::abort();
}

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace cvw::fuzz

#define CVW_FUZZ_REQUIRE(condition)                                                                                    \
    ((condition) ? void(0) : ::cvw::fuzz::property_broken(#condition, __FILE__, __LINE__))
