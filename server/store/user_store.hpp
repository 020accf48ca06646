// The directory: users, their passwords, availability, callback numbers and policy overrides.
#pragma once

#include "cvw/policy.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cvw::server {

struct user_record {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    std::string extension;
    std::string number; ///< desk phone, E.164
    std::string password_hash;
    bool enabled = true;
    std::string availability = "available";
    std::string callback_number;                     ///< chosen by the user in the page; empty for none
    std::string language;                            ///< the catalog language the user chose; empty: the browser's
    std::string do_not_disturb_calls = "desk_phone"; ///< or decline: what Do not disturb does with calls
};

class user_store {
public:
    explicit user_store(database& db) : db_(db) {}

    /** Adds a user; returns nullopt when the username is taken. */
    std::optional<std::int64_t> add(const user_record& u, std::int64_t now_ms);
    /** Updates name, extension and number of an existing user. */
    bool update_profile(const user_record& u);
    std::optional<user_record> find(const std::string& username);
    std::optional<user_record> find(std::int64_t id);
    /** The enabled user whose extension or number is `number` (to name a caller); nullopt if none. */
    std::optional<user_record> find_by_phone(const std::string& number);
    std::vector<user_record> list();
    /** Prefix, case-insensitive search over name words, username, extension and number; enabled users only. */
    std::vector<user_record> search(const std::string& query, int limit);

    bool set_password_hash(const std::string& username, const std::string& hash);
    bool set_enabled(const std::string& username, bool enabled);
    void set_availability(std::int64_t id, const std::string& availability);
    void set_callback_number(std::int64_t id, const std::string& number);
    void set_language(std::int64_t id, const std::string& language);
    void set_do_not_disturb_calls(std::int64_t id, const std::string& calls);

    policy_override policy(std::int64_t id);
    void set_policy(std::int64_t id, const policy_override& p);

private:
    template <class Key> std::optional<user_record> find_by(const char* column, const Key& key);

    database& db_;
};

/** Turns free text into an FTS5 query of quoted prefix terms; empty when nothing searchable remains. */
std::string fts_prefix_query(const std::string& text);

} // namespace cvw::server
