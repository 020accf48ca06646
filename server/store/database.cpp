// SQLite connection, statements and schema migrations.
#include "store/database.hpp"

#include "store/migrations.hpp"

#include <utility>

namespace cvw::server {
namespace {

[[noreturn]] void fail(sqlite3* db, std::string_view what) {
    throw database_error(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

} // namespace

statement::statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK)
        fail(db, "prepare '" + std::string(sql.substr(0, 60)) + "'");
}

statement::statement(database& owner, std::string sql, sqlite3_stmt* compiled)
    : db_(owner.db_), stmt_(compiled), owner_(&owner), sql_(std::move(sql)) {}

statement::statement(statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), owner_(other.owner_), sql_(std::move(other.sql_)) {
    other.stmt_ = nullptr;
}

statement::~statement() {
    if (!stmt_) return;
    if (owner_) owner_->give_back(std::move(sql_), stmt_);
    else sqlite3_finalize(stmt_);
}

statement& statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

statement& statement::bind(int index, std::string_view value) {
    if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT) != SQLITE_OK)
        fail(db_, "bind");
    return *this;
}

statement& statement::bind_blob(int index, const void* data, int size) {
    if (sqlite3_bind_blob(stmt_, index, data, size, SQLITE_TRANSIENT) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

statement& statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) fail(db_, "bind");
    return *this;
}

statement& statement::bind(int index, const std::optional<std::string>& value) {
    return value ? bind(index, *value) : bind_null(index);
}

statement& statement::bind(int index, const std::optional<bool>& value) {
    return value ? bind(index, std::int64_t{*value}) : bind_null(index);
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (rc == SQLITE_DONE) return false;
    fail(db_, "step");
}

void statement::run() {
    while (step()) {}
}

void statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

bool statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

database::database(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string msg = "cannot open database '" + path + "': " + (db_ ? sqlite3_errmsg(db_) : "out of memory");
        sqlite3_close(db_);
        throw database_error(msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    try {
        // WAL lets the server's connections read while one writes; NORMAL is durable across app crashes.
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=NORMAL");
        exec("PRAGMA foreign_keys=ON");
        migrate();
    } catch (...) {
        close(); // the destructor does not run for a constructor that throws
        throw;
    }
}

database::~database() { close(); }

void database::close() {
    // Statements still compiled would keep the connection open (sqlite3_close_v2 waits for them).
    for (auto& [sql, compiled] : idle_) sqlite3_finalize(compiled);
    idle_.clear();
    sqlite3_close_v2(db_);
}

statement database::prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = idle_.find(key); it != idle_.end()) {
        auto* compiled = it->second;
        idle_.erase(it);
        return {*this, std::move(key), compiled};
    }
    statement fresh(db_, sql);
    auto* compiled = std::exchange(fresh.stmt_, nullptr);
    return {*this, std::move(key), compiled};
}

void database::give_back(std::string sql, sqlite3_stmt* compiled) {
    // A statement given back mid-iteration or after a failure starts afresh for its next user.
    sqlite3_reset(compiled);
    sqlite3_clear_bindings(compiled);
    if (idle_.size() >= max_idle_statements) {
        sqlite3_finalize(compiled);
        return;
    }
    idle_.emplace(std::move(sql), compiled);
}

void database::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw database_error(std::string("exec: ") + msg);
    }
}

int database::schema_version() {
    auto s = prepare("PRAGMA user_version");
    const int v = s.step() ? static_cast<int>(s.integer(0)) : 0;
    s.reset();
    return v;
}

void database::migrate() {
    const auto& steps = schema_migrations();
    const int current = schema_version();
    if (current > static_cast<int>(steps.size()))
        throw database_error("database schema version " + std::to_string(current) +
                             " is newer than this cvw understands (" + std::to_string(steps.size()) + ")");
    for (int v = current; v < static_cast<int>(steps.size()); ++v) {
        transaction([&] {
            exec(steps[static_cast<std::size_t>(v)]);
            exec(("PRAGMA user_version=" + std::to_string(v + 1)).c_str());
        });
    }
}

} // namespace cvw::server
