// SQL for the directory.
#include "store/user_store.hpp"

namespace cvw::server {
namespace {

constexpr const char* columns =
    "id, username, display_name, extension, number, password_hash, enabled, availability, callback_number, language, "
    "do_not_disturb_calls";

user_record read_user(const statement& s) {
    return {s.integer(0),      s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
            s.integer(6) != 0, s.text(7), s.text(8), s.text(9), s.text(10)};
}

std::vector<user_record> read_all(statement& s) {
    std::vector<user_record> out;
    while (s.step()) out.push_back(read_user(s));
    return out;
}

std::optional<bool> optional_bool(const statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return s.integer(column) != 0;
}

std::optional<std::string> optional_text(const statement& s, int column) {
    if (s.is_null(column)) return std::nullopt;
    return s.text(column);
}

} // namespace

std::string fts_prefix_query(const std::string& text) {
    std::string out, token;
    auto flush = [&] {
        if (token.empty()) return;
        if (!out.empty()) out += ' ';
        out += '"' + token + "\"*"; // tokens hold no quotes: only letters, digits and UTF-8 bytes
        token.clear();
    };
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) token += static_cast<char>(c);
        else flush();
    }
    flush();
    return out;
}

std::optional<std::int64_t> user_store::add(const user_record& u, std::int64_t now_ms) {
    if (find(u.username)) return std::nullopt;
    db_.prepare("INSERT INTO users (username, display_name, extension, number, password_hash, enabled, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, u.username)
        .bind(2, u.display_name)
        .bind(3, u.extension)
        .bind(4, u.number)
        .bind(5, u.password_hash)
        .bind(6, std::int64_t{u.enabled})
        .bind(7, now_ms)
        .run();
    return db_.last_insert_id();
}

bool user_store::update_profile(const user_record& u) {
    db_.prepare("UPDATE users SET display_name = ?, extension = ?, number = ? WHERE username = ?")
        .bind(1, u.display_name)
        .bind(2, u.extension)
        .bind(3, u.number)
        .bind(4, u.username)
        .run();
    return db_.changes() > 0;
}

template <class Key> std::optional<user_record> user_store::find_by(const char* column, const Key& key) {
    auto s = db_.prepare(std::string("SELECT ") + columns + " FROM users WHERE " + column + " = ?");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    auto u = read_user(s);
    s.reset();
    return u;
}

std::optional<user_record> user_store::find(const std::string& username) { return find_by("username", username); }

std::optional<user_record> user_store::find(std::int64_t id) { return find_by("id", id); }

std::optional<user_record> user_store::find_by_phone(const std::string& number) {
    if (number.empty()) return std::nullopt;
    auto s = db_.prepare(std::string("SELECT ") + columns +
                         " FROM users WHERE enabled = 1 AND (extension = ?1 OR number = ?1) ORDER BY id LIMIT 1");
    s.bind(1, number);
    if (!s.step()) return std::nullopt;
    auto u = read_user(s);
    s.reset();
    return u;
}

std::vector<user_record> user_store::list() {
    auto s = db_.prepare(std::string("SELECT ") + columns + " FROM users ORDER BY username");
    return read_all(s);
}

std::vector<user_record> user_store::search(const std::string& query, int limit) {
    const auto match = fts_prefix_query(query);
    if (match.empty()) return {};
    auto s = db_.prepare(std::string("SELECT ") + columns +
                         " FROM users WHERE enabled = 1 AND id IN"
                         " (SELECT rowid FROM users_fts WHERE users_fts MATCH ?)"
                         " ORDER BY display_name COLLATE NOCASE LIMIT ?");
    s.bind(1, match).bind(2, std::int64_t{limit});
    return read_all(s);
}

bool user_store::set_password_hash(const std::string& username, const std::string& hash) {
    db_.prepare("UPDATE users SET password_hash = ? WHERE username = ?").bind(1, hash).bind(2, username).run();
    return db_.changes() > 0;
}

bool user_store::set_enabled(const std::string& username, bool enabled) {
    db_.prepare("UPDATE users SET enabled = ? WHERE username = ?")
        .bind(1, std::int64_t{enabled})
        .bind(2, username)
        .run();
    return db_.changes() > 0;
}

void user_store::set_availability(std::int64_t id, const std::string& availability) {
    db_.prepare("UPDATE users SET availability = ? WHERE id = ?").bind(1, availability).bind(2, id).run();
}

void user_store::set_language(std::int64_t id, const std::string& language) {
    db_.prepare("UPDATE users SET language = ? WHERE id = ?").bind(1, language).bind(2, id).run();
}

void user_store::set_do_not_disturb_calls(std::int64_t id, const std::string& calls) {
    db_.prepare("UPDATE users SET do_not_disturb_calls = ? WHERE id = ?").bind(1, calls).bind(2, id).run();
}

void user_store::set_callback_number(std::int64_t id, const std::string& number) {
    db_.prepare("UPDATE users SET callback_number = ? WHERE id = ?").bind(1, number).bind(2, id).run();
}

policy_override user_store::policy(std::int64_t id) {
    auto s = db_.prepare("SELECT enabled, callback_number, use_admin_callback_number, admin_callback_number,"
                         " simultaneous_ring FROM user_policy WHERE user_id = ?");
    s.bind(1, id);
    policy_override p;
    if (s.step()) {
        p = {optional_bool(s, 0), optional_text(s, 1), optional_bool(s, 2), optional_text(s, 3), optional_bool(s, 4)};
        s.reset();
    }
    return p;
}

void user_store::set_policy(std::int64_t id, const policy_override& p) {
    if (p == policy_override{}) {
        db_.prepare("DELETE FROM user_policy WHERE user_id = ?").bind(1, id).run();
        return;
    }
    db_.prepare("INSERT OR REPLACE INTO user_policy (user_id, enabled, callback_number, use_admin_callback_number,"
                " admin_callback_number, simultaneous_ring) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, id)
        .bind(2, p.enabled)
        .bind(3, p.callback_number)
        .bind(4, p.use_admin_callback_number)
        .bind(5, p.admin_callback_number)
        .bind(6, p.simultaneous_ring)
        .run();
}

} // namespace cvw::server
