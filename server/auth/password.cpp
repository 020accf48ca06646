// libsodium-backed password hashing and token generation.
#include "auth/password.hpp"

#include <sodium.h>

namespace cvw::server {

bool init_crypto() { return sodium_init() >= 0; }

std::optional<std::string> hash_password(const std::string& password) {
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::nullopt;
    return std::string(out);
}

bool verify_password(const std::string& hash, const std::string& password) {
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void burn_verify_time(const std::string& password) {
    static const std::string dummy = hash_password("cvw-timing-equaliser").value_or("");
    verify_password(dummy, password);
}

std::string random_token(std::size_t bytes) {
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_encoded_len(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    return out;
}

std::string random_password() {
    static constexpr char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789"; // no look-alikes
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i && i % 4 == 0) out += '-';
        out += alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    }
    return out;
}

std::string token_digest(const std::string& token) {
    std::string out(crypto_generichash_BYTES, '\0');
    crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                       reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    return out;
}

} // namespace cvw::server
