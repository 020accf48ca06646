// TOML parsing and validation of the server config.
#include "config/server_config.hpp"

#include "cvw/meeting/bridge_template.hpp"
#include "media/key_sequence.hpp"

#include <boost/asio/ip/address.hpp>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <type_traits>

namespace cvw::server {
namespace {

/** An RFC 3261 token, as a header name must be. */
bool is_header_name(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || std::string_view("-.!%*_+`'~").find(static_cast<char>(c)) != std::string_view::npos;
    });
}

/** Empty, or what may stand in a SIP URI's user part as a number or a name (no escapes). */
bool is_sip_user(const std::string& s) {
    return s.size() <= 64 && std::ranges::all_of(s, [](char c) {
               return std::isalnum(static_cast<unsigned char>(c)) ||
                      std::string_view("+-._").find(c) != std::string_view::npos;
           });
}

bool is_visible_ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c > 0x20 && c < 0x7F; });
}

/** Collects the first error; every getter names the key it read. */
class reader {
public:
    std::string error;

    void allow_only(const toml::table& t, const std::string& where, const std::set<std::string>& keys) {
        for (const auto& [k, v] : t)
            if (!keys.count(std::string(k.str())) && error.empty())
                error = "unknown key '" + where + std::string(k.str()) + "'";
    }

    template <class T> void get(const toml::table& t, const std::string& where, const char* key, T& out) {
        const auto* node = t.get(key);
        if (!node) return;
        // toml++ would read 1 as true; a switch must be written true or false.
        const bool wrong_kind = std::is_same_v<T, bool> && !node->is_boolean();
        if (auto v = node->value<T>(); v && !wrong_kind) {
            out = *v;
        } else if (error.empty()) {
            error = "'" + where + key + "' has the wrong type";
        }
    }

    void get_strings(const toml::table& t, const std::string& where, const char* key, std::vector<std::string>& out) {
        const auto* node = t.get(key);
        if (!node) return;
        const auto* arr = node->as_array();
        std::vector<std::string> values;
        if (arr) {
            for (const auto& item : *arr) {
                if (auto s = item.value<std::string>()) values.push_back(*s);
                else arr = nullptr;
                if (!arr) break;
            }
        }
        if (!arr) {
            if (error.empty()) error = "'" + where + key + "' must be a list of strings";
            return;
        }
        out = std::move(values);
    }

    void check(bool ok, const std::string& message) {
        if (!ok && error.empty()) error = message;
    }
};

/** "127.0.0.1:8188": an IPv4 or IPv6 address (not the unspecified one), a colon, a port 1..65535. */
bool is_ip_and_port(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) return false;
    const auto port = text.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    boost::system::error_code bad;
    const auto address = boost::asio::ip::make_address(text.substr(0, colon), bad);
    const int number = std::stoi(port);
    return !bad && !address.is_unspecified() && number >= 1 && number <= 65535;
}

std::filesystem::path resolve(const std::filesystem::path& base, const std::filesystem::path& p) {
    return p.is_absolute() ? p : base / p;
}

/** "https://crm.example.com" or "http://127.0.0.1:8091": a scheme, a host, maybe a port; nothing after. */
bool is_origin(const std::string& text) {
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (!text.starts_with(scheme)) continue;
        const auto host = std::string_view(text).substr(scheme.size());
        return !host.empty() && host.size() <= 253 && std::ranges::all_of(host, [](char ch) {
            return std::isalnum(static_cast<unsigned char>(ch)) ||
                   std::string_view(".-:[]").find(ch) != std::string_view::npos;
        });
    }
    return false;
}

/** [[portals]]: who may embed the widget, each with its own origins, key and limits. */
std::vector<portal_config> read_portals(const toml::node& node, const std::filesystem::path& base, reader& r) {
    std::vector<portal_config> portals;
    const auto* list = node.as_array();
    if (!list || !list->is_array_of_tables()) {
        r.check(false, "'portals' must be a list of tables: write each as [[portals]]");
        return portals;
    }
    for (const auto& item : *list) {
        const auto& t = *item.as_table();
        const auto where = "portals[" + std::to_string(portals.size()) + "].";
        portal_config p;
        std::string key_file;
        std::int64_t per_minute = p.calls_per_minute;
        r.allow_only(t, where, {"id", "origins", "key", "key_file", "confirm_calls", "calls_per_minute"});
        r.get(t, where, "id", p.id);
        r.get_strings(t, where, "origins", p.origins);
        r.get(t, where, "key", p.key);
        r.get(t, where, "key_file", key_file);
        r.get(t, where, "confirm_calls", p.confirm_calls);
        r.get(t, where, "calls_per_minute", per_minute);
        r.check(!p.id.empty() && p.id.size() <= 32 &&
                    std::ranges::all_of(p.id,
                                        [](char ch) {
                                            return std::islower(static_cast<unsigned char>(ch)) ||
                                                   std::isdigit(static_cast<unsigned char>(ch)) || ch == '-';
                                        }),
                "'" + where + "id' must be 1..32 of a-z, 0-9 and -");
        for (const auto& other : portals) r.check(other.id != p.id, "'" + where + "id' \"" + p.id + "\" is used twice");
        r.check(!p.origins.empty() && std::ranges::all_of(p.origins, is_origin),
                "'" + where + "origins' must list origins such as \"https://portal.example.com\" (no path, no *)");
        r.check(p.key.empty() != key_file.empty(), "'" + where + "' needs one of key or key_file");
        if (!key_file.empty()) {
            std::ifstream in(resolve(base, key_file));
            std::getline(in, p.key);
            r.check(!in.bad() && !p.key.empty(), "'" + where + "key_file' cannot be read");
        }
        r.check(p.key.empty() || p.key.size() >= 32, "'" + where + "key' must be at least 32 characters");
        r.check(per_minute >= 1 && per_minute <= 600, "'" + where + "calls_per_minute' must be 1..600");
        p.calls_per_minute = static_cast<int>(per_minute);
        portals.push_back(std::move(p));
    }
    return portals;
}

} // namespace

server_config default_config(const std::filesystem::path& base) {
    server_config c;
    c.web_root = resolve(base, c.web_root);
    c.wasm_dir = resolve(base, c.wasm_dir);
    c.database = resolve(base, c.database);
    return c;
}

result<server_config, std::string> load_config(const std::filesystem::path& file) {
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << file.string() << ":" << e.source().begin.line << ":" << e.source().begin.column << ": "
            << e.description();
        return msg.str();
    }

    server_config c;
    reader r;
    r.allow_only(root, "", {"server", "policy", "dial_plan", "call_limits", "pbx", "incoming", "meetings", "portals"});

    std::string listen_address = c.listen_address, web_root, wasm_dir, database;
    std::int64_t port = c.port, threads = c.threads, lifetime = c.session_lifetime_hours,
                 max_bytes = static_cast<std::int64_t>(c.max_message_bytes), logins = c.login_attempts_per_minute,
                 max_queued = static_cast<std::int64_t>(c.max_queued_events);
    std::int64_t max_conn = static_cast<std::int64_t>(c.max_connections),
                 max_conn_address = static_cast<std::int64_t>(c.max_connections_per_address),
                 free_failures = c.login_failures_before_delay, max_delay = c.login_max_delay_seconds,
                 login_threads = c.login_threads, max_pending = static_cast<std::int64_t>(c.max_pending_logins);
    if (const auto* s = root["server"].as_table()) {
        // clang-format off
        r.allow_only(*s, "server.",
                     {"listen_address", "port", "allowed_origins", "web_root", "wasm_dir", "database", "threads",
                      "session_lifetime_hours", "secure_cookies", "max_message_bytes", "messages_per_second",
                      "message_burst", "login_attempts_per_minute", "max_queued_events", "max_connections",
                      "max_connections_per_address", "login_failures_before_delay", "login_max_delay_seconds",
                      "login_threads", "max_pending_logins"});
        // clang-format on
        r.get(*s, "server.", "listen_address", listen_address);
        r.get(*s, "server.", "port", port);
        r.get_strings(*s, "server.", "allowed_origins", c.allowed_origins);
        r.get(*s, "server.", "web_root", web_root);
        r.get(*s, "server.", "wasm_dir", wasm_dir);
        r.get(*s, "server.", "database", database);
        r.get(*s, "server.", "threads", threads);
        r.get(*s, "server.", "session_lifetime_hours", lifetime);
        r.get(*s, "server.", "secure_cookies", c.secure_cookies);
        r.get(*s, "server.", "max_message_bytes", max_bytes);
        r.get(*s, "server.", "messages_per_second", c.messages_per_second);
        r.get(*s, "server.", "message_burst", c.message_burst);
        r.get(*s, "server.", "login_attempts_per_minute", logins);
        r.get(*s, "server.", "max_queued_events", max_queued);
        r.get(*s, "server.", "max_connections", max_conn);
        r.get(*s, "server.", "max_connections_per_address", max_conn_address);
        r.get(*s, "server.", "login_failures_before_delay", free_failures);
        r.get(*s, "server.", "login_max_delay_seconds", max_delay);
        r.get(*s, "server.", "login_threads", login_threads);
        r.get(*s, "server.", "max_pending_logins", max_pending);
    }
    r.check(port >= 0 && port <= 65535, "'server.port' must be between 0 and 65535");
    r.check(threads >= 1 && threads <= 64, "'server.threads' must be between 1 and 64");
    r.check(lifetime >= 1, "'server.session_lifetime_hours' must be at least 1");
    r.check(max_bytes >= 1024 && max_bytes <= 1024 * 1024L, "'server.max_message_bytes' must be 1024..1048576");
    r.check(c.messages_per_second > 0 && c.message_burst >= 1, "message rate and burst must be positive");
    r.check(logins >= 1, "'server.login_attempts_per_minute' must be at least 1");
    r.check(max_queued >= 16, "'server.max_queued_events' must be at least 16");
    r.check(max_conn >= 0, "'server.max_connections' must be 0 (derived from the open-file limit) or more");
    r.check(max_conn_address >= 0, "'server.max_connections_per_address' must be 0 (no cap) or more");
    r.check(free_failures >= 0 && free_failures <= 100, "'server.login_failures_before_delay' must be 0..100");
    r.check(max_delay >= 1 && max_delay <= 3600, "'server.login_max_delay_seconds' must be 1..3600");
    r.check(login_threads >= 0 && login_threads <= 64, "'server.login_threads' must be 0 (one per core) to 64");
    r.check(max_pending >= 1 && max_pending <= 100000, "'server.max_pending_logins' must be 1..100000");
    c.listen_address = listen_address;
    c.port = static_cast<std::uint16_t>(port);
    c.threads = static_cast<int>(threads);
    c.session_lifetime_hours = static_cast<int>(lifetime);
    c.max_message_bytes = static_cast<std::size_t>(max_bytes);
    c.login_attempts_per_minute = static_cast<int>(logins);
    c.max_queued_events = static_cast<std::size_t>(max_queued);
    c.max_connections = static_cast<std::size_t>(std::max<std::int64_t>(max_conn, 0));
    c.max_connections_per_address = static_cast<std::size_t>(std::max<std::int64_t>(max_conn_address, 0));
    c.login_failures_before_delay = static_cast<int>(free_failures);
    c.login_max_delay_seconds = static_cast<int>(max_delay);
    c.login_threads = static_cast<int>(login_threads);
    c.max_pending_logins = static_cast<std::size_t>(max_pending);
    const auto base = file.parent_path();
    c.web_root = resolve(base, web_root.empty() ? c.web_root : std::filesystem::path(web_root));
    c.wasm_dir = resolve(base, wasm_dir.empty() ? c.wasm_dir : std::filesystem::path(wasm_dir));
    c.database = resolve(base, database.empty() ? c.database : std::filesystem::path(database));

    std::int64_t own_ring = c.ring.own_phone_ms / 1000, callee_ring = c.ring.callee_ms / 1000;
    if (const auto* p = root["policy"].as_table()) {
        r.allow_only(*p, "policy.",
                     {"enabled", "use_admin_callback_number", "admin_callback_number", "global_caller_id",
                      "simultaneous_ring", "own_phone_ring_seconds", "callee_ring_seconds"});
        r.get(*p, "policy.", "enabled", c.policy.enabled);
        r.get(*p, "policy.", "use_admin_callback_number", c.policy.use_admin_callback_number);
        r.get(*p, "policy.", "admin_callback_number", c.policy.admin_callback_number);
        r.get(*p, "policy.", "global_caller_id", c.policy.global_caller_id);
        r.get(*p, "policy.", "simultaneous_ring", c.policy.simultaneous_ring);
        r.get(*p, "policy.", "own_phone_ring_seconds", own_ring);
        r.get(*p, "policy.", "callee_ring_seconds", callee_ring);
    }
    r.check(own_ring >= 5 && own_ring <= 300, "'policy.own_phone_ring_seconds' must be 5..300");
    r.check(callee_ring >= 5 && callee_ring <= 300, "'policy.callee_ring_seconds' must be 5..300");
    r.check(!c.policy.use_admin_callback_number || !c.policy.admin_callback_number.empty(),
            "'policy.admin_callback_number' is required when use_admin_callback_number is on");
    c.ring = {own_ring * 1000, callee_ring * 1000};

    if (const auto* d = root["dial_plan"].as_table()) {
        r.allow_only(*d, "dial_plan.", {"rules", "allowed", "blocked", "max_extension_digits"});
        r.get_strings(*d, "dial_plan.", "allowed", c.dial_plan.allowed);
        r.get_strings(*d, "dial_plan.", "blocked", c.dial_plan.blocked);
        std::int64_t ext = static_cast<std::int64_t>(c.dial_plan.max_extension_digits);
        r.get(*d, "dial_plan.", "max_extension_digits", ext);
        r.check(ext >= 1 && ext <= 15, "'dial_plan.max_extension_digits' must be 1..15");
        c.dial_plan.max_extension_digits = static_cast<std::size_t>(ext);
        if (const auto* node = d->get("rules")) {
            const auto* rules = node->as_array();
            r.check(rules != nullptr, "'dial_plan.rules' must be a list of tables");
            for (std::size_t i = 0; rules && i < rules->size(); ++i) {
                const auto where = "dial_plan.rules[" + std::to_string(i) + "].";
                const auto* rule = rules->get(i)->as_table();
                r.check(rule != nullptr, "'" + where + "' must be a table with match and replace");
                if (!rule) break;
                r.allow_only(*rule, where, {"match", "replace"});
                dial_rule dr;
                r.get(*rule, where, "match", dr.match);
                r.get(*rule, where, "replace", dr.replace);
                r.check(!dr.match.empty(), "'" + where + "match' is required");
                c.dial_plan.rules.push_back(dr);
            }
        }
    }
    if (const auto* l = root["call_limits"].as_table()) {
        auto& x = c.call_limits;
        std::int64_t alert_seconds = x.alert_interval_ms / 1000;
        r.allow_only(*l, "call_limits.",
                     {"user_calls_per_minute", "user_burst", "user_calls_per_day", "server_calls_per_second",
                      "server_burst", "alert_interval_seconds"});
        r.get(*l, "call_limits.", "user_calls_per_minute", x.user_calls_per_minute);
        r.get(*l, "call_limits.", "user_burst", x.user_burst);
        r.get(*l, "call_limits.", "user_calls_per_day", x.user_calls_per_day);
        r.get(*l, "call_limits.", "server_calls_per_second", x.server_calls_per_second);
        r.get(*l, "call_limits.", "server_burst", x.server_burst);
        r.get(*l, "call_limits.", "alert_interval_seconds", alert_seconds);
        r.check(x.user_calls_per_minute >= 0 && x.user_calls_per_minute <= 100'000,
                "'call_limits.user_calls_per_minute' must be 0..100000 (0 turns the cap off)");
        r.check(x.user_burst >= 1 && x.user_burst <= 100'000, "'call_limits.user_burst' must be 1..100000");
        r.check(x.user_calls_per_day >= 0 && x.user_calls_per_day <= 10'000'000,
                "'call_limits.user_calls_per_day' must be 0..10000000 (0 turns the cap off)");
        r.check(x.server_calls_per_second >= 0 && x.server_calls_per_second <= 100'000,
                "'call_limits.server_calls_per_second' must be 0..100000 (0 turns the cap off)");
        r.check(x.server_burst >= 1 && x.server_burst <= 1'000'000, "'call_limits.server_burst' must be 1..1000000");
        r.check(alert_seconds >= 1 && alert_seconds <= 86'400, "'call_limits.alert_interval_seconds' must be 1..86400");
        x.alert_interval_ms = alert_seconds * 1000;
    }
    if (const auto* in = root["incoming"].as_table()) {
        auto& x = c.incoming;
        std::int64_t no_answer = x.no_answer_seconds;
        r.allow_only(*in, "incoming.", {"address_prefix", "no_answer_seconds", "fallback_number"});
        r.get(*in, "incoming.", "address_prefix", x.address_prefix);
        r.get(*in, "incoming.", "no_answer_seconds", no_answer);
        r.get(*in, "incoming.", "fallback_number", x.fallback_number);
        r.check(!x.address_prefix.empty() && x.address_prefix.size() <= 32,
                "'incoming.address_prefix' must be 1..32 characters");
        r.check(no_answer >= 2 && no_answer <= 300, "'incoming.no_answer_seconds' must be 2..300");
        x.no_answer_seconds = static_cast<int>(no_answer);
    }
    if (const auto* m = root["meetings"].as_table()) {
        auto& x = c.meetings;
        std::string secrets, digit, prompts, backend = "janus";
        std::int64_t rate = x.sampling_rate, ring = x.ring_seconds, confirm = x.confirm_seconds;
        std::int64_t failures = x.dial_in_failures, lockout = x.dial_in_lockout_minutes;
        std::int64_t numbers = x.numbers_per_meeting;
        r.allow_only(*m, "meetings.",
                     {"mixer_api", "mixer_secrets", "bridge_number", "dial_in_user", "prompts", "prompt_language",
                      "dial_in_failures", "dial_in_lockout_minutes", "confirm_join_with_digit", "sampling_rate",
                      "ring_seconds", "confirm_seconds", "numbers_per_meeting", "talking_indicator", "backend",
                      "bridge_uri", "bridge_keys"});
        r.get(*m, "meetings.", "backend", backend);
        r.get(*m, "meetings.", "bridge_uri", x.bridge_uri);
        r.get(*m, "meetings.", "bridge_keys", x.bridge_keys);
        r.get(*m, "meetings.", "mixer_api", x.mixer_api);
        r.get(*m, "meetings.", "mixer_secrets", secrets);
        r.get(*m, "meetings.", "bridge_number", x.bridge_number);
        r.get(*m, "meetings.", "dial_in_user", x.dial_in_user);
        r.get(*m, "meetings.", "prompts", prompts);
        r.get(*m, "meetings.", "prompt_language", x.prompt_language);
        r.get(*m, "meetings.", "dial_in_failures", failures);
        r.get(*m, "meetings.", "dial_in_lockout_minutes", lockout);
        r.get(*m, "meetings.", "confirm_join_with_digit", digit);
        r.get(*m, "meetings.", "sampling_rate", rate);
        r.get(*m, "meetings.", "ring_seconds", ring);
        r.get(*m, "meetings.", "confirm_seconds", confirm);
        r.get(*m, "meetings.", "numbers_per_meeting", numbers);
        r.get(*m, "meetings.", "talking_indicator", x.talking_indicator);
        r.check(backend == "janus" || backend == "pbx", "'meetings.backend' must be \"janus\" or \"pbx\"");
        x.backend = backend == "pbx" ? meetings_config::mixer_backend::pbx : meetings_config::mixer_backend::janus;
        const auto uri = meeting::fill_bridge_template(x.bridge_uri, "0", "0");
        r.check(backend != "pbx" || (uri && (uri->starts_with("sip:") || uri->starts_with("sips:")) &&
                                     is_visible_ascii(*uri) && uri->find_first_of("<>\"") == std::string::npos),
                "'meetings.bridge_uri' is required with backend = \"pbx\": a SIP URI, e.g. "
                "\"sip:{conference_id}@pbx.example.com\" ({conference_id} and {pin} are filled in)");
        const auto keys = meeting::fill_bridge_template(x.bridge_keys, "0", "0");
        r.check(keys && media::key_sequence::valid(*keys),
                "'meetings.bridge_keys' must be keys (0-9, *, #, A-D, ',' for a pause) with {conference_id} and {pin}");
        r.check(x.mixer_api.empty() || is_ip_and_port(x.mixer_api),
                "'meetings.mixer_api' must be ip:port, e.g. \"127.0.0.1:8188\"");
        r.check(
            x.mixer_api.empty() || !secrets.empty(),
            "'meetings.mixer_secrets' is required with mixer_api (the folder scripts/janus.sh writes its secrets to)");
        r.check(digit.empty() ||
                    (digit.size() == 1 && std::string_view("0123456789*#").find(digit[0]) != std::string_view::npos),
                "'meetings.confirm_join_with_digit' must be one key (0-9, * or #), or empty for none");
        r.check(rate == 8000 || rate == 12000 || rate == 16000 || rate == 24000 || rate == 48000,
                "'meetings.sampling_rate' must be 8000, 12000, 16000, 24000 or 48000");
        r.check(
            is_sip_user(x.bridge_number) && is_sip_user(x.dial_in_user),
            "'meetings.bridge_number' and 'meetings.dial_in_user' must be SIP user parts (digits, letters, + - . _)");
        r.check(
            x.prompt_language.size() >= 2 && x.prompt_language.size() <= 8 &&
                std::ranges::all_of(x.prompt_language,
                                    [](char ch) { return std::islower(static_cast<unsigned char>(ch)) || ch == '-'; }),
            "'meetings.prompt_language' must be a language code such as \"en\"");
        r.check(failures >= 1 && failures <= 100, "'meetings.dial_in_failures' must be 1..100");
        r.check(lockout >= 1 && lockout <= 1440, "'meetings.dial_in_lockout_minutes' must be 1..1440");
        r.check(ring >= 5 && ring <= 300, "'meetings.ring_seconds' must be 5..300");
        r.check(confirm >= 3 && confirm <= 120, "'meetings.confirm_seconds' must be 3..120");
        r.check(numbers >= 0 && numbers <= 100, "'meetings.numbers_per_meeting' must be 0..100");
        if (!secrets.empty()) x.mixer_secrets = resolve(file.parent_path(), secrets);
        if (!prompts.empty()) x.prompts = resolve(file.parent_path(), prompts);
        x.confirm_join_with_digit = digit.empty() ? char{0} : digit[0];
        x.sampling_rate = static_cast<int>(rate);
        x.ring_seconds = static_cast<int>(ring);
        x.dial_in_failures = static_cast<int>(failures);
        x.dial_in_lockout_minutes = static_cast<int>(lockout);
        x.confirm_seconds = static_cast<int>(confirm);
        x.numbers_per_meeting = static_cast<int>(numbers);
    }
    if (const auto* p = root["pbx"].as_table()) {
        auto& x = c.pbx;
        std::int64_t keepalive = x.keepalive_seconds, rtp_min = x.rtp_port_min, rtp_max = x.rtp_port_max;
        std::int64_t request_timeout = x.request_timeout_seconds, source_port = x.incoming_source_port;
        std::int64_t sub_expires = x.subscription_expires_seconds, sub_retry = x.subscription_retry_seconds,
                     sub_retry_max = x.subscription_retry_max_seconds, sub_resync = x.subscription_resync_seconds;
        // clang-format off
        r.allow_only(*p, "pbx.", {"proxy", "domain", "transport", "listen", "tls_certificate_dir", "tls_verify_pbx",
                                  "tls_verify_incoming", "incoming_secret_header", "incoming_secret",
                                  "incoming_source_port", "username", "password",
                                  "keepalive_seconds", "media_address", "rtp_port_min", "rtp_port_max",
                                  "relay_early_media", "request_timeout_seconds", "presence_subscriptions",
                                  "subscription_expires_seconds", "subscription_retry_seconds",
                                  "subscription_retry_max_seconds", "subscription_resync_seconds"});
        // clang-format on
        r.get(*p, "pbx.", "proxy", x.proxy);
        r.get(*p, "pbx.", "domain", x.domain);
        r.get(*p, "pbx.", "transport", x.transport);
        r.get(*p, "pbx.", "listen", x.listen);
        r.get(*p, "pbx.", "tls_certificate_dir", x.tls_certificate_dir);
        r.get(*p, "pbx.", "tls_verify_pbx", x.tls_verify_pbx);
        r.get(*p, "pbx.", "tls_verify_incoming", x.tls_verify_incoming);
        r.get(*p, "pbx.", "incoming_secret_header", x.incoming_secret_header);
        r.get(*p, "pbx.", "incoming_secret", x.incoming_secret);
        r.get(*p, "pbx.", "incoming_source_port", source_port);
        r.get(*p, "pbx.", "username", x.username);
        r.get(*p, "pbx.", "password", x.password);
        r.get(*p, "pbx.", "keepalive_seconds", keepalive);
        r.get(*p, "pbx.", "request_timeout_seconds", request_timeout);
        r.get(*p, "pbx.", "media_address", x.media_address);
        r.get(*p, "pbx.", "rtp_port_min", rtp_min);
        r.get(*p, "pbx.", "rtp_port_max", rtp_max);
        r.get(*p, "pbx.", "relay_early_media", x.relay_early_media);
        r.get(*p, "pbx.", "presence_subscriptions", x.presence_subscriptions);
        r.get(*p, "pbx.", "subscription_expires_seconds", sub_expires);
        r.get(*p, "pbx.", "subscription_retry_seconds", sub_retry);
        r.get(*p, "pbx.", "subscription_retry_max_seconds", sub_retry_max);
        r.get(*p, "pbx.", "subscription_resync_seconds", sub_resync);
        r.check(x.proxy.rfind("sip:", 0) == 0 || x.proxy.rfind("sips:", 0) == 0,
                "'pbx.proxy' must be a sip: or sips: URI, e.g. \"sip:pbx.example.com:5060\"");
        r.check(x.transport == "udp" || x.transport == "tcp" || x.transport == "tls",
                "'pbx.transport' must be udp, tcp or tls");
        r.check(x.listen.find(':') != std::string::npos, "'pbx.listen' must be address:port");
        r.check(
            x.transport != "tls" || !x.tls_certificate_dir.empty(),
            "'pbx.tls_certificate_dir' is required with transport \"tls\" (a folder with agent.pem and cafile.pem)");
        r.check(!x.tls_verify_incoming || x.transport == "tls", "'pbx.tls_verify_incoming' needs transport \"tls\"");
        r.check(is_header_name(x.incoming_secret_header),
                "'pbx.incoming_secret_header' must be a SIP header name, e.g. \"X-Cvw-Secret\"");
        r.check(x.incoming_secret.empty() || (x.incoming_secret.size() >= 16 && is_visible_ascii(x.incoming_secret)),
                "'pbx.incoming_secret' must be at least 16 visible ASCII characters (no spaces), or empty for none");
        r.check(source_port >= 0 && source_port <= 65535, "'pbx.incoming_source_port' must be 0 (any) or 1..65535");
        x.incoming_source_port = static_cast<int>(source_port);
        r.check(keepalive >= 0 && keepalive <= 3600, "'pbx.keepalive_seconds' must be 0..3600");
        r.check(rtp_min >= 1024 && rtp_max <= 65535 && rtp_min + 1 < rtp_max,
                "'pbx.rtp_port_min'/'rtp_port_max' must span at least two ports in 1024..65535");
        r.check(request_timeout >= 1 && request_timeout <= 64, "'pbx.request_timeout_seconds' must be 1..64");
        r.check(sub_expires >= 10 && sub_expires <= 86400, "'pbx.subscription_expires_seconds' must be 10..86400");
        r.check(sub_retry >= 1 && sub_retry <= 3600, "'pbx.subscription_retry_seconds' must be 1..3600");
        r.check(sub_retry_max >= sub_retry && sub_retry_max <= 3600,
                "'pbx.subscription_retry_max_seconds' must be subscription_retry_seconds..3600");
        x.subscription_expires_seconds = static_cast<int>(sub_expires);
        x.subscription_retry_seconds = static_cast<int>(sub_retry);
        r.check(sub_resync >= 1 && sub_resync <= 86400, "'pbx.subscription_resync_seconds' must be 1..86400");
        x.subscription_retry_max_seconds = static_cast<int>(sub_retry_max);
        x.subscription_resync_seconds = static_cast<int>(sub_resync);
        x.keepalive_seconds = static_cast<int>(keepalive);
        x.request_timeout_seconds = static_cast<int>(request_timeout);
        x.rtp_port_min = static_cast<int>(rtp_min);
        x.rtp_port_max = static_cast<int>(rtp_max);
        if (x.domain.empty() && r.error.empty()) {
            const auto host = x.proxy.substr(x.proxy.find(':') + 1);
            x.domain = host.substr(0, host.find(';'));
        }
    }
    if (r.error.empty()) {
        auto plan = dial_plan::compile(c.dial_plan);
        if (!plan) {
            r.error = plan.error();
        } else if (!c.policy.admin_callback_number.empty()) {
            // The admin number may be rung for everyone: it must pass the dial plan like any callback number.
            r.check(dialable_callback(*plan, c.policy.admin_callback_number).ok(),
                    "'policy.admin_callback_number' (" + c.policy.admin_callback_number +
                        ") is not a number the dial plan allows");
        }
    }
    if (const auto* portals = root.get("portals")) c.portals = read_portals(*portals, file.parent_path(), r);
    if (!r.error.empty()) return file.string() + ": " + r.error;
    return c;
}

} // namespace cvw::server
