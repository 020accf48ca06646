// Random ids for things that must not repeat anywhere, here or in another process: libsodium's
// generator, written as lowercase hex.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <string>
#include <vector>

namespace cvw::server {

/** `bytes` random bytes as 2·`bytes` hex digits. */
inline std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
    hex.pop_back();
    return hex;
}

} // namespace cvw::server
