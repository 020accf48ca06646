#include "sip/own_call_ids.hpp"

#include <sodium.h>

namespace cvw::server::sip {
namespace {

constexpr std::string_view prefix = "cvw-";
constexpr std::size_t nonce_hex = 16, tag_hex = 16;

std::string to_hex(const unsigned char* data, std::size_t size) {
    std::string hex(size * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), data, size);
    hex.pop_back();
    return hex;
}

} // namespace

own_call_ids::own_call_ids(std::string_view key_hex) {
    std::size_t got = 0;
    if (key_hex.size() != 2 * sizeof key_ ||
        sodium_hex2bin(key_, sizeof key_, key_hex.data(), key_hex.size(), nullptr, &got, nullptr) != 0 ||
        got != sizeof key_)
        randombytes_buf(key_, sizeof key_);
}

std::string own_call_ids::tag(std::string_view nonce) const {
    unsigned char mac[tag_hex / 2];
    crypto_generichash(mac, sizeof mac, reinterpret_cast<const unsigned char*>(nonce.data()), nonce.size(), key_,
                       sizeof key_);
    return to_hex(mac, sizeof mac);
}

std::string own_call_ids::make(std::string_view host) const {
    unsigned char raw[nonce_hex / 2];
    randombytes_buf(raw, sizeof raw);
    const auto nonce = to_hex(raw, sizeof raw);
    return std::string(prefix) + nonce + "-" + tag(nonce) + "@" + std::string(host);
}

bool own_call_ids::mine(std::string_view call_id) const {
    if (call_id.size() < prefix.size() + nonce_hex + 1 + tag_hex || call_id.substr(0, prefix.size()) != prefix)
        return false;
    const auto nonce = call_id.substr(prefix.size(), nonce_hex);
    const auto given = call_id.substr(prefix.size() + nonce_hex + 1, tag_hex);
    if (call_id[prefix.size() + nonce_hex] != '-') return false;
    const auto expected = tag(nonce);
    return sodium_memcmp(expected.data(), given.data(), tag_hex) == 0;
}

} // namespace cvw::server::sip
