// A thin RAII layer over SQLite: one connection, prepared statements (compiled once and reused),
// transactions.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cvw::server {

/** Thrown for failures the caller cannot fix (disk full, corrupt file); commands turn it into "internal". */
class database_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class database;

class statement {
public:
    statement(sqlite3* db, std::string_view sql);
    statement(statement&& other) noexcept;
    statement& operator=(statement&&) = delete;
    ~statement();

    statement& bind(int index, std::int64_t value);
    statement& bind(int index, std::string_view value);
    statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    statement& bind_blob(int index, const void* data, int size);
    statement& bind_null(int index);
    statement& bind(int index, const std::optional<std::string>& value);
    statement& bind(int index, const std::optional<bool>& value);

    /** Advances; true while a row is available. Resets bindings when done is reached. */
    bool step();
    /** Runs a statement that returns no rows. */
    void run();
    void reset();

    std::int64_t integer(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;

private:
    friend class database;
    /** A compiled statement lent by `owner`, which gets it back (reset) when this one is destroyed. */
    statement(database& owner, std::string sql, sqlite3_stmt* compiled);

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    database* owner_ = nullptr; ///< set when the statement came from the database's cache
    std::string sql_;           ///< the cache's key for it
};

class database {
public:
    /** Opens (creating if needed) and migrates the schema to the latest version. */
    explicit database(const std::string& path);
    database(const database&) = delete;
    database& operator=(const database&) = delete;
    ~database();

    /**
     * A statement for `sql`: compiled the first time, then taken from the cache of idle compiled
     * statements (SQLite's parser is a fair share of a small write's cost).
     */
    statement prepare(std::string_view sql);
    void exec(const char* sql);
    std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
    int changes() const { return sqlite3_changes(db_); }
    int schema_version();

    /** Runs `fn` inside BEGIN IMMEDIATE ... COMMIT, rolling back if it throws. */
    template <class Fn> auto transaction(Fn&& fn) {
        exec("BEGIN IMMEDIATE");
        try {
            if constexpr (std::is_void_v<decltype(fn())>) {
                fn();
                exec("COMMIT");
            } else {
                auto r = fn();
                exec("COMMIT");
                return r;
            }
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }

private:
    friend class statement;
    void migrate();
    void close();
    /** Takes back a lent statement, reset; finalizes it when the cache is full. */
    void give_back(std::string sql, sqlite3_stmt* compiled);

    static constexpr std::size_t max_idle_statements = 64; ///< the code has fewer distinct queries
    sqlite3* db_ = nullptr;
    std::unordered_multimap<std::string, sqlite3_stmt*> idle_; ///< compiled statements not in use, by SQL
};

} // namespace cvw::server
