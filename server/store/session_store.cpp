// SQL for sign-in sessions.
#include "store/session_store.hpp"

namespace cvw::server {

void session_store::add(const std::string& token_hash, std::int64_t user_id, std::int64_t now_ms,
                        std::int64_t expires_ms) {
    db_.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
        .bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()))
        .bind(2, user_id)
        .bind(3, now_ms)
        .bind(4, expires_ms)
        .run();
}

std::optional<std::int64_t> session_store::user_of(const std::string& token_hash, std::int64_t now_ms) {
    auto s = db_.prepare("SELECT s.user_id FROM sessions s JOIN users u ON u.id = s.user_id"
                         " WHERE s.token_hash = ? AND s.expires_at > ? AND u.enabled = 1");
    s.bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size())).bind(2, now_ms);
    if (!s.step()) return std::nullopt;
    const auto id = s.integer(0);
    s.reset();
    return id;
}

void session_store::remove(const std::string& token_hash) {
    db_.prepare("DELETE FROM sessions WHERE token_hash = ?")
        .bind_blob(1, token_hash.data(), static_cast<int>(token_hash.size()))
        .run();
}

void session_store::remove_expired(std::int64_t now_ms) {
    db_.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, now_ms).run();
}

} // namespace cvw::server
