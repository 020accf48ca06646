#include "store/key_store.hpp"

#include <sodium.h>

#include <vector>

namespace cvw::server {

std::string key_store::get_or_create(const std::string& name, std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string hex(bytes * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
    hex.pop_back();
    // A key someone else made first wins: every process on this database agrees on one.
    db_.prepare("INSERT OR IGNORE INTO server_keys (name, value) VALUES (?, ?)").bind(1, name).bind(2, hex).run();
    auto read = db_.prepare("SELECT value FROM server_keys WHERE name = ?");
    read.bind(1, name);
    return read.step() ? read.text(0) : hex;
}

} // namespace cvw::server
