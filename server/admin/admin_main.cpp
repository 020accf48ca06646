// cvw-admin: manage users and Call Via Work policy in the server's database.
#include "admin/csv.hpp"
#include "admin/user_fields.hpp"
#include "app/call_log_export.hpp"
#include "cvw/i18n/catalog.hpp"
#include "app/clock.hpp"
#include "auth/password.hpp"
#include "config/server_config.hpp"
#include "store/call_log.hpp"
#include "store/database.hpp"
#include "store/user_store.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <unordered_map>

namespace {

using namespace cvw::server;

struct admin_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

void require(const std::optional<std::string>& problem) {
    if (problem) throw admin_error(*problem);
}

std::string hash_or_throw(const std::string& password) {
    if (password.size() < 8) throw admin_error("passwords must have at least 8 characters");
    auto h = hash_password(password);
    if (!h) throw admin_error("could not hash the password (out of memory?)");
    return *h;
}

std::optional<bool> parse_bool(const std::string& s, const char* what) {
    if (s.empty()) return std::nullopt;
    if (s == "true" || s == "on" || s == "yes") return true;
    if (s == "false" || s == "off" || s == "no") return false;
    throw admin_error(std::string(what) + " must be true or false");
}

user_record require_user(user_store& users, const std::string& name) {
    auto u = users.find(name);
    if (!u) throw admin_error("no user '" + name + "'");
    return *u;
}

/** Adds a user; returns the password set (generated when none was given). */
std::string add_user(user_store& users, user_record u, std::string password) {
    require(check_username(u.username));
    require(check_display_name(u.display_name));
    require(check_phone_number(u.extension, "extension"));
    require(check_phone_number(u.number, "number"));
    if (u.display_name.empty()) u.display_name = u.username;
    if (password.empty()) password = random_password();
    u.password_hash = hash_or_throw(password);
    if (!users.add(u, now_ms())) throw admin_error("user '" + u.username + "' already exists");
    return password;
}

int import_csv(database& db, user_store& users, const std::string& file) {
    std::ifstream in(file);
    if (!in) throw admin_error("cannot read " + file);
    std::string error;
    auto header = read_csv_record(in, error);
    if (!header || !error.empty()) throw admin_error(file + ": empty or unreadable header");
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < header->size(); ++i) col[(*header)[i]] = i;
    for (const char* needed : {"username", "display_name"})
        if (!col.count(needed)) throw admin_error(file + ": the header needs a '" + needed + "' column");
    // All or nothing: a bad row leaves the directory as it was.
    return db.transaction([&] {
        int added = 0;
        for (int line = 2;; ++line) {
            auto row = read_csv_record(in, error);
            if (!error.empty()) throw admin_error(file + ":" + std::to_string(line) + ": " + error);
            if (!row) break;
            if (row->size() == 1 && (*row)[0].empty()) continue;
            auto get = [&](const char* name) {
                auto it = col.find(name);
                return it != col.end() && it->second < row->size() ? (*row)[it->second] : std::string();
            };
            user_record u;
            u.username = get("username");
            u.display_name = get("display_name");
            u.extension = get("extension");
            u.number = get("number");
            try {
                const auto password = add_user(users, u, get("password"));
                if (get("password").empty()) std::cout << u.username << "\tgenerated password: " << password << "\n";
            } catch (const admin_error& e) {
                throw admin_error(file + ":" + std::to_string(line) + ": " + e.what());
            }
            ++added;
        }
        return added;
    });
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"cvw-admin: manage cvw users and policy"};
    app.require_subcommand(1);
    std::string config_path;
    app.add_option("-c,--config", config_path, "the server's TOML config file")->check(CLI::ExistingFile);

    auto* user = app.add_subcommand("user", "add, change and list users");
    user->require_subcommand(1);
    std::string name, display, extension, number, password, file;
    bool password_stdin = false;

    auto* add = user->add_subcommand("add", "add a user (prints a generated password unless one is given)");
    add->add_option("username", name)->required();
    add->add_option("--name", display, "display name, e.g. \"Alice Smith\"");
    add->add_option("--extension", extension, "PBX extension, e.g. 1001");
    add->add_option("--number", number, "desk-phone number in E.164, e.g. +14255550101");
    add->add_option("--password", password, "password (default: generated and printed)");
    add->add_flag("--password-stdin", password_stdin, "read the password from standard input");

    auto* disable = user->add_subcommand("disable", "disable a user (signs them out everywhere)");
    disable->add_option("username", name)->required();
    auto* enable = user->add_subcommand("enable", "enable a user again");
    enable->add_option("username", name)->required();
    auto* set_password = user->add_subcommand("set-password", "set or generate a user's password");
    set_password->add_option("username", name)->required();
    set_password->add_option("--password", password, "new password (default: generated and printed)");
    set_password->add_flag("--password-stdin", password_stdin, "read the password from standard input");
    auto* list = user->add_subcommand("list", "list all users");
    auto* import =
        user->add_subcommand("import", "import users from CSV: username,display_name,extension,number[,password]");
    import->add_option("file", file)->required()->check(CLI::ExistingFile);

    auto* policy = app.add_subcommand("policy", "per-user Call Via Work policy overrides");
    policy->require_subcommand(1);
    std::string p_enabled, p_callback, p_use_admin, p_admin_number, p_sim_ring;
    auto* pset = policy->add_subcommand("set", "override policy for one user (other keys keep their value)");
    pset->add_option("username", name)->required();
    pset->add_option("--enabled", p_enabled, "true|false");
    pset->add_option("--callback-number", p_callback, "the phone cvw rings first for this user");
    pset->add_option("--use-admin-callback", p_use_admin, "true|false");
    pset->add_option("--admin-callback-number", p_admin_number, "admin-set callback number");
    pset->add_option("--simultaneous-ring", p_sim_ring, "true|false");
    auto* pclear = policy->add_subcommand("clear", "remove all overrides for one user");
    pclear->add_option("username", name)->required();
    auto* pshow = policy->add_subcommand("show", "show the overrides and the effective policy for one user");
    pshow->add_option("username", name)->required();

    auto* calls = app.add_subcommand("calls", "the call log");
    calls->require_subcommand(1);
    std::string from_date, to_date, out_file, language = "en";
    auto* cexport = calls->add_subcommand("export", "everyone's calls that started between two dates (UTC), as CSV");
    cexport->add_option("--from", from_date, "first day, YYYY-MM-DD")->required();
    cexport->add_option("--to", to_date, "last day, YYYY-MM-DD (included)")->required();
    cexport->add_option("-o,--out", out_file, "write to this file instead of standard output");
    cexport->add_option("--language", language, "the language of the headings and the message column (default en)");

    auto* demo = app.add_subcommand("demo", "create the demo directory (alice, bob, carol) if it is empty");

    CLI11_PARSE(app, argc, argv);

    try {
        if (!init_crypto()) throw admin_error("libsodium could not be initialised");
        server_config config;
        if (config_path.empty()) {
            config = default_config(std::filesystem::current_path());
        } else {
            auto loaded = load_config(config_path);
            if (!loaded) throw admin_error(loaded.error());
            config = std::move(*loaded);
        }
        database db(config.database.string());
        user_store users(db);
        if (password_stdin) std::getline(std::cin, password);

        if (*add) {
            const bool generated = password.empty();
            const auto pw = add_user(users, {0, name, display, extension, number, "", true, "", "", ""}, password);
            std::cout << "added " << name << (generated ? "; password: " + pw : "") << "\n";
        } else if (*disable || *enable) {
            if (!users.set_enabled(name, static_cast<bool>(*enable))) throw admin_error("no user '" + name + "'");
            std::cout << name << (*enable ? " enabled" : " disabled") << "\n";
        } else if (*set_password) {
            const bool generated = password.empty();
            if (generated) password = random_password();
            if (!users.set_password_hash(name, hash_or_throw(password))) throw admin_error("no user '" + name + "'");
            std::cout << "password set for " << name << (generated ? ": " + password : "") << "\n";
        } else if (*list) {
            std::cout << "username\tdisplay_name\textension\tnumber\tenabled\n";
            for (const auto& u : users.list())
                std::cout << u.username << "\t" << u.display_name << "\t" << u.extension << "\t" << u.number << "\t"
                          << (u.enabled ? "yes" : "no") << "\n";
        } else if (*import) {
            const int added = import_csv(db, users, file);
            std::cout << "imported " << added << " users\n";
        } else if (*pset || *pclear || *pshow) {
            const auto u = require_user(users, name);
            auto p = users.policy(u.id);
            if (*pclear) p = {};
            if (*pset) {
                if (auto b = parse_bool(p_enabled, "--enabled")) p.enabled = b;
                if (auto b = parse_bool(p_use_admin, "--use-admin-callback")) p.use_admin_callback_number = b;
                if (auto b = parse_bool(p_sim_ring, "--simultaneous-ring")) p.simultaneous_ring = b;
                // load_config compiled the plan already; a callback number passes it like a callee.
                const auto plan = cvw::dial_plan::compile(config.dial_plan).value();
                const auto require_dialable = [&](const std::string& callback, const char* what) {
                    require(check_phone_number(callback, what));
                    if (!cvw::dialable_callback(plan, callback))
                        throw admin_error(std::string(what) + " '" + callback +
                                          "' is not a number the dial plan allows (see [dial_plan] in the config)");
                };
                if (!p_callback.empty()) {
                    require_dialable(p_callback, "--callback-number");
                    p.callback_number = p_callback;
                }
                if (!p_admin_number.empty()) {
                    require_dialable(p_admin_number, "--admin-callback-number");
                    p.admin_callback_number = p_admin_number;
                }
            }
            if (*pset || *pclear) users.set_policy(u.id, p);
            const auto eff = cvw::resolve_policy(config.policy, p, u.number, u.callback_number);
            std::cout << "user " << u.username << "\n"
                      << "  enabled            " << (eff.enabled ? "yes" : "no") << "\n"
                      << "  callback number    " << (eff.callback_number.empty() ? "(none)" : eff.callback_number)
                      << "\n"
                      << "  user may change it " << (eff.user_may_set_callback ? "yes" : "no") << "\n"
                      << "  caller ID shown    " << (eff.caller_id.empty() ? "(none)" : eff.caller_id) << "\n"
                      << "  simultaneous ring  " << (eff.simultaneous_ring ? "yes" : "no") << "\n";
        } else if (*cexport) {
            const auto from = parse_utc_date(from_date), to = parse_utc_date(to_date);
            if (!from) throw admin_error("--from must be a date like 2026-11-01, not '" + from_date + "'");
            if (!to) throw admin_error("--to must be a date like 2026-11-30, not '" + to_date + "'");
            if (*to < *from) throw admin_error("--to is before --from");
            const auto& words = cvw::i18n::catalogs::built_in();
            if (!cvw::i18n::valid_language_tag(language) || !words.has(language)) {
                std::string known;
                for (const auto& l : words.languages()) known += (known.empty() ? "" : ", ") + l;
                throw admin_error("--language must be one of " + known + ", not '" + language + "'");
            }
            std::unordered_map<std::int64_t, std::string> names;
            for (const auto& u : users.list()) names[u.id] = u.username;
            const auto rows = call_log(db).between(*from, *to + 24LL * 3600 * 1000);
            std::ofstream out;
            if (!out_file.empty()) {
                out.open(out_file, std::ios::binary | std::ios::trunc);
                if (!out) throw admin_error("cannot write " + out_file);
            }
            write_calls_csv(out_file.empty() ? std::cout : out, rows, language,
                            [&](std::int64_t id) { return names[id]; });
            std::cerr << "exported " << rows.size() << " calls from " << from_date << " to " << to_date << "\n";
        } else if (*demo) {
            if (!users.list().empty()) {
                std::cout << "the directory already has users; demo not created\n";
                return 0;
            }
            struct person {
                const char* username;
                const char* name;
                const char* extension;
                const char* number;
            };
            for (const auto& p : {person{"alice", "Alice Smith", "1001", "+14255550101"},
                                  person{"bob", "Bob Jones", "1002", "+14255550102"},
                                  person{"carol", "Carol Diaz", "1003", "+14255550103"}}) {
                const auto pw =
                    add_user(users, {0, p.username, p.name, p.extension, p.number, "", true, "", "", ""}, "");
                std::cout << p.username << "\t" << pw << "\n";
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "cvw-admin: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
