#include "store/key_store.hpp"

#include "random_hex.hpp"

namespace cvw::server {

std::string key_store::get_or_create(const std::string& name, std::size_t bytes) {
    const auto hex = random_hex(bytes);
    // A key someone else made first wins: every process on this database agrees on one.
    db_.prepare("INSERT OR IGNORE INTO server_keys (name, value) VALUES (?, ?)").bind(1, name).bind(2, hex).run();
    auto read = db_.prepare("SELECT value FROM server_keys WHERE name = ?");
    read.bind(1, name);
    return read.step() ? read.text(0) : hex;
}

} // namespace cvw::server
