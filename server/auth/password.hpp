// Password hashing with libsodium's argon2id, and random secrets for cookies and demo accounts.
#pragma once

#include <optional>
#include <string>

namespace cvw::server {

/** Must be called once before any other function here. Returns false if libsodium cannot start. */
bool init_crypto();

/** An argon2id hash string (interactive limits); nullopt only when memory cannot be had. */
std::optional<std::string> hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);
/** Spends the same time as a failed verify, so unknown usernames cannot be told apart by timing. */
void burn_verify_time(const std::string& password);

/** A URL-safe random token with `bytes` bytes of entropy. */
std::string random_token(std::size_t bytes = 32);
/** A password people can type: 4 groups of 4 lowercase letters and digits. */
std::string random_password();
/** A fixed-size digest of a session token, which is what the store keeps. */
std::string token_digest(const std::string& token);

} // namespace cvw::server
