// Config loading: defaults, every section, and errors that name the key.
#include "config/server_config.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace cvw::test {
namespace {

result<server::server_config, std::string> load(const temp_dir& dir, const std::string& text) {
    const auto file = dir.path / "cvw.toml";
    std::ofstream(file) << text;
    return server::load_config(file);
}

TEST(config, an_empty_file_gives_defaults_relative_to_it) {
    temp_dir dir;
    auto c = load(dir, "");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->port, 8080);
    EXPECT_EQ(c->listen_address, "127.0.0.1");
    EXPECT_EQ(c->database, dir.path / "cvw.db");
    EXPECT_TRUE(c->policy.enabled);
}

TEST(config, reads_every_section) {
    temp_dir dir;
    auto c = load(dir, R"toml(
[server]
port = 9000
allowed_origins = ["https://cvw.example.com"]
database = "/var/lib/cvw/cvw.db"
messages_per_second = 5.0
[policy]
enabled = false
use_admin_callback_number = true
admin_callback_number = "+14255550199"
global_caller_id = "+14255550000"
simultaneous_ring = false
own_phone_ring_seconds = 20
callee_ring_seconds = 40
[dial_plan]
allowed = ["\\+1\\d{10}", "\\d{4}"]
blocked = ["\\+1900\\d{7}"]
max_extension_digits = 4
[[dial_plan.rules]]
match = "00(\\d+)"
replace = "+$1"
)toml");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->port, 9000);
    EXPECT_EQ(c->allowed_origins, std::vector<std::string>{"https://cvw.example.com"});
    EXPECT_EQ(c->database, "/var/lib/cvw/cvw.db");
    EXPECT_EQ(c->messages_per_second, 5.0);
    EXPECT_FALSE(c->policy.enabled);
    EXPECT_EQ(c->policy.admin_callback_number, "+14255550199");
    EXPECT_EQ(c->policy.global_caller_id, "+14255550000");
    EXPECT_EQ(c->ring.own_phone_ms, 20'000);
    ASSERT_EQ(c->dial_plan.rules.size(), 1u);
    EXPECT_EQ(c->dial_plan.rules[0].replace, "+$1");
    EXPECT_EQ(c->dial_plan.max_extension_digits, 4u);
}

TEST(config, errors_name_the_key) {
    temp_dir dir;
    struct bad {
        const char* text;
        const char* mentions;
    };
    for (const auto& b :
         {bad{"[server]\nprot = 1\n", "unknown key 'server.prot'"},
          bad{"[server]\nport = \"80\"\n", "'server.port' has the wrong type"},
          bad{"[server]\nport = 70000\n", "'server.port' must be between"},
          bad{"[server]\nallowed_origins = [1]\n", "'server.allowed_origins' must be a list"},
          bad{"[policy]\nuse_admin_callback_number = true\n", "admin_callback_number' is required"},
          bad{"[dial_plan]\nallowed = [\"([\"]\n", "does not compile"},
          bad{"[[dial_plan.rules]]\nreplace = \"x\"\n", "match' is required"},
          bad{"[policy]\nuse_admin_callback_number = true\nadmin_callback_number = \"+18765550100\"\n"
              "[dial_plan]\nallowed = [\"\\\\+1\\\\d{10}\"]\nblocked = [\"\\\\+1876\\\\d{7}\"]\n",
              "'policy.admin_callback_number' (+18765550100) is not a number the dial plan allows"},
          bad{"[policy]\nadmin_callback_number = \"+14255550100\"\n",
              "'policy.admin_callback_number' (+14255550100) is not a number the dial plan allows"},
          bad{"[call_limits]\nuser_calls_per_minute = -1\n", "'call_limits.user_calls_per_minute' must be"},
          bad{"[call_limits]\nuser_burst = 0\n", "'call_limits.user_burst' must be 1..100000"},
          bad{"[call_limits]\nuser_calls_per_day = -5\n", "'call_limits.user_calls_per_day' must be"},
          bad{"[call_limits]\nserver_calls_per_second = 1000000\n", "'call_limits.server_calls_per_second' must be"},
          bad{"[call_limits]\nserver_burst = 0\n", "'call_limits.server_burst' must be 1..1000000"},
          bad{"[call_limits]\nalert_interval_seconds = 0\n", "'call_limits.alert_interval_seconds' must be 1..86400"},
          bad{"[call_limits]\nuser_burst = 2.5\n", "'call_limits.user_burst' has the wrong type"},
          bad{"[call_limits]\nper_minute = 5\n", "unknown key 'call_limits.per_minute'"}, bad{"[pbx\n", "cvw.toml:1"},
          bad{"colour = 1\n", "unknown key 'colour'"}}) {
        auto c = load(dir, b.text);
        ASSERT_FALSE(c.ok()) << b.text;
        EXPECT_NE(c.error().find(b.mentions), std::string::npos) << c.error();
    }
}

TEST(config, meetings) {
    temp_dir dir;
    auto off = load(dir, "");
    ASSERT_TRUE(off.ok()) << off.error();
    EXPECT_FALSE(off->meetings.enabled());

    auto on = load(dir, "[meetings]\nmixer_api = \"127.0.0.1:8188\"\nmixer_secrets = \"janus\"\n"
                        "bridge_number = \"+14255550199\"\nconfirm_join_with_digit = \"1\"\nsampling_rate = 8000\n"
                        "ring_seconds = 20\nconfirm_seconds = 5\ndial_in_user = \"cvw-bridge\"\nprompts = \"p\"\n"
                        "prompt_language = \"en\"\ndial_in_failures = 5\ndial_in_lockout_minutes = 60\n"
                        "numbers_per_meeting = 0\ntalking_indicator = false\n");
    ASSERT_TRUE(on.ok()) << on.error();
    EXPECT_TRUE(on->meetings.enabled());
    EXPECT_EQ(on->meetings.mixer_api, "127.0.0.1:8188");
    EXPECT_EQ(on->meetings.mixer_secrets, dir.path / "janus"); // relative to the file, like every path
    EXPECT_EQ(on->meetings.bridge_number, "+14255550199");
    EXPECT_EQ(on->meetings.confirm_join_with_digit, '1');
    EXPECT_EQ(on->meetings.sampling_rate, 8000);
    EXPECT_EQ(on->meetings.ring_seconds, 20);
    EXPECT_EQ(on->meetings.confirm_seconds, 5);
    EXPECT_EQ(on->meetings.bridge_user(), "cvw-bridge");
    EXPECT_EQ(on->meetings.prompts, dir.path / "p");
    EXPECT_EQ(on->meetings.dial_in_failures, 5);
    EXPECT_EQ(on->meetings.dial_in_lockout_minutes, 60);
    EXPECT_EQ(on->meetings.numbers_per_meeting, 0);
    EXPECT_EQ(off->meetings.numbers_per_meeting, 10);
    EXPECT_FALSE(on->meetings.talking_indicator);
    EXPECT_TRUE(off->meetings.talking_indicator) << "on unless turned off";
    EXPECT_EQ(off->meetings.bridge_user(), "") << "no bridge number: no dial-in";
    EXPECT_EQ(off->meetings.backend, server::meetings_config::mixer_backend::janus);

    auto pbx = load(dir, "[meetings]\nbackend = \"pbx\"\nbridge_uri = \"sip:conf-{conference_id}@pbx.example.com\"\n"
                         "bridge_keys = \",{pin}#\"\n");
    ASSERT_TRUE(pbx.ok()) << pbx.error();
    EXPECT_TRUE(pbx->meetings.enabled()) << "the PBX's bridge needs no Janus";
    EXPECT_EQ(pbx->meetings.backend, server::meetings_config::mixer_backend::pbx);
    EXPECT_EQ(pbx->meetings.bridge_uri, "sip:conf-{conference_id}@pbx.example.com");
    EXPECT_EQ(pbx->meetings.bridge_keys, ",{pin}#");
    EXPECT_EQ(off->meetings.bridge_keys, "{conference_id}#{pin}#");

    struct bad {
        const char* text;
        const char* mentions;
    };
    for (const auto& b : {
             bad{"[meetings]\nmixer_api = \"localhost:8188\"\nmixer_secrets = \"j\"\n",
                 "'meetings.mixer_api' must be ip:port"},
             bad{"[meetings]\nmixer_api = \"127.0.0.1\"\nmixer_secrets = \"j\"\n",
                 "'meetings.mixer_api' must be ip:port"},
             bad{"[meetings]\nmixer_api = \"127.0.0.1:99999\"\nmixer_secrets = \"j\"\n",
                 "'meetings.mixer_api' must be ip:port"},
             bad{"[meetings]\nmixer_api = \"0.0.0.0:8188\"\nmixer_secrets = \"j\"\n",
                 "'meetings.mixer_api' must be ip:port"},
             bad{"[meetings]\nmixer_api = \"127.0.0.1:8188\"\n", "'meetings.mixer_secrets' is required"},
             bad{"[meetings]\nconfirm_join_with_digit = \"12\"\n",
                 "'meetings.confirm_join_with_digit' must be one key"},
             bad{"[meetings]\nconfirm_join_with_digit = \"x\"\n", "'meetings.confirm_join_with_digit' must be one key"},
             bad{"[meetings]\nsampling_rate = 44100\n", "'meetings.sampling_rate' must be"},
             bad{"[meetings]\nring_seconds = 1\n", "'meetings.ring_seconds' must be 5..300"},
             bad{"[meetings]\nconfirm_seconds = 0\n", "'meetings.confirm_seconds' must be 3..120"},
             bad{"[meetings]\nbackend = \"asterisk\"\n", "'meetings.backend' must be \"janus\" or \"pbx\""},
             bad{"[meetings]\nbackend = \"pbx\"\n", "'meetings.bridge_uri' is required with backend = \"pbx\""},
             bad{"[meetings]\nbackend = \"pbx\"\nbridge_uri = \"8000@pbx\"\n", "'meetings.bridge_uri' is required"},
             bad{"[meetings]\nbackend = \"pbx\"\nbridge_uri = \"sip:{meeting}@pbx\"\n",
                 "'meetings.bridge_uri' is required"},
             bad{"[meetings]\nbackend = \"pbx\"\nbridge_uri = \"sip:8000@pbx x\"\n",
                 "'meetings.bridge_uri' is required"},
             bad{"[meetings]\nbridge_keys = \"{conference_id}#{PIN}#\"\n", "'meetings.bridge_keys' must be keys"},
             bad{"[meetings]\nbridge_keys = \"{pin}x\"\n", "'meetings.bridge_keys' must be keys"},
             bad{"[meetings]\nunknown_key = 1\n", "unknown key 'meetings.unknown_key'"},
             bad{"[meetings]\nbridge_number = \"+1 425\"\n", "'meetings.bridge_number' and 'meetings.dial_in_user'"},
             bad{"[meetings]\ndial_in_user = \"a@b\"\n", "'meetings.bridge_number' and 'meetings.dial_in_user'"},
             bad{"[meetings]\nprompt_language = \"../x\"\n", "'meetings.prompt_language' must be"},
             bad{"[meetings]\ndial_in_failures = 0\n", "'meetings.dial_in_failures' must be 1..100"},
             bad{"[meetings]\ndial_in_lockout_minutes = 0\n", "'meetings.dial_in_lockout_minutes' must be 1..1440"},
             bad{"[meetings]\nnumbers_per_meeting = 101\n", "'meetings.numbers_per_meeting' must be 0..100"},
             bad{"[meetings]\nnumbers_per_meeting = \"all\"\n", "'meetings.numbers_per_meeting'"},
             bad{"[meetings]\ntalking_indicator = \"yes\"\n", "'meetings.talking_indicator'"},
         }) {
        auto c = load(dir, b.text);
        ASSERT_FALSE(c.ok()) << b.text;
        EXPECT_NE(c.error().find(b.mentions), std::string::npos) << c.error();
    }
}

TEST(config, connection_caps) {
    temp_dir dir;
    auto defaults = load(dir, "");
    ASSERT_TRUE(defaults.ok()) << defaults.error();
    EXPECT_EQ(defaults->max_connections, 0u); // derived from the open-file limit at start
    EXPECT_EQ(defaults->max_connections_per_address, 256u);

    auto c = load(dir, "[server]\nmax_connections = 5000\nmax_connections_per_address = 0\n");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->max_connections, 5000u);
    EXPECT_EQ(c->max_connections_per_address, 0u);

    for (const auto& [text, mentions] : std::vector<std::pair<const char*, const char*>>{
             {"[server]\nmax_connections = -1\n", "'server.max_connections' must be 0"},
             {"[server]\nmax_connections = \"lots\"\n", "'server.max_connections' has the wrong type"},
             {"[server]\nmax_connections_per_address = -5\n", "'server.max_connections_per_address' must be 0"}}) {
        auto bad = load(dir, text);
        ASSERT_FALSE(bad.ok()) << text;
        EXPECT_NE(bad.error().find(mentions), std::string::npos) << bad.error();
    }
}

TEST(config, sign_in_throttling) {
    temp_dir dir;
    auto defaults = load(dir, "");
    ASSERT_TRUE(defaults.ok()) << defaults.error();
    EXPECT_EQ(defaults->login_failures_before_delay, 5);
    EXPECT_EQ(defaults->login_max_delay_seconds, 180);
    EXPECT_EQ(defaults->login_threads, 0); // one per core
    EXPECT_EQ(defaults->max_pending_logins, 64u);

    auto c = load(dir, "[server]\nlogin_failures_before_delay = 3\nlogin_max_delay_seconds = 60\n"
                       "login_threads = 4\nmax_pending_logins = 16\n");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->login_failures_before_delay, 3);
    EXPECT_EQ(c->login_max_delay_seconds, 60);
    EXPECT_EQ(c->login_threads, 4);
    EXPECT_EQ(c->max_pending_logins, 16u);

    for (const auto& [text, mentions] : std::vector<std::pair<const char*, const char*>>{
             {"[server]\nlogin_failures_before_delay = 101\n", "'server.login_failures_before_delay' must be 0..100"},
             {"[server]\nlogin_max_delay_seconds = 0\n", "'server.login_max_delay_seconds' must be 1..3600"},
             {"[server]\nlogin_threads = 65\n", "'server.login_threads' must be 0 (one per core) to 64"},
             {"[server]\nmax_pending_logins = 0\n", "'server.max_pending_logins' must be 1..100000"}}) {
        auto bad = load(dir, text);
        ASSERT_FALSE(bad.ok()) << text;
        EXPECT_NE(bad.error().find(mentions), std::string::npos) << bad.error();
    }
}

TEST(config, reads_the_pbx_section) {
    temp_dir dir;
    auto c = load(dir, "[pbx]\nproxy = \"sip:pbx.example.com:5060\"\ntransport = \"tcp\"\nusername = \"cvw\"\n"
                       "password = \"s3cret\"\nlisten = \"192.0.2.10:5070\"\n");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_TRUE(c->pbx.enabled());
    EXPECT_EQ(c->pbx.domain, "pbx.example.com:5060"); // defaults to the proxy's host:port
    EXPECT_EQ(c->pbx.transport, "tcp");
    EXPECT_EQ(c->pbx.username, "cvw");
    EXPECT_TRUE(c->pbx.relay_early_media);
    EXPECT_EQ(c->pbx.request_timeout_seconds, 32);
    EXPECT_TRUE(c->pbx.presence_subscriptions);
    EXPECT_EQ(c->pbx.subscription_expires_seconds, 3600);
    EXPECT_EQ(c->pbx.subscription_retry_seconds, 2);
    EXPECT_EQ(c->pbx.subscription_retry_max_seconds, 300);
    EXPECT_EQ(c->pbx.subscription_resync_seconds, 60);
    auto tls = load(dir, "[pbx]\nproxy = \"sip:p\"\ntransport = \"tls\"\ntls_certificate_dir = \"/etc/cvw/tls\"\n"
                         "tls_verify_pbx = false\nrelay_early_media = false\nrequest_timeout_seconds = 8\n"
                         "presence_subscriptions = false\nsubscription_expires_seconds = 600\n"
                         "subscription_retry_seconds = 5\nsubscription_retry_max_seconds = 60\n");
    ASSERT_TRUE(tls.ok()) << tls.error();
    EXPECT_EQ(tls->pbx.tls_certificate_dir, "/etc/cvw/tls");
    EXPECT_FALSE(tls->pbx.tls_verify_pbx);
    EXPECT_FALSE(tls->pbx.relay_early_media);
    EXPECT_EQ(tls->pbx.request_timeout_seconds, 8);
    EXPECT_FALSE(tls->pbx.presence_subscriptions);
    EXPECT_EQ(tls->pbx.subscription_expires_seconds, 600);
    EXPECT_EQ(tls->pbx.subscription_retry_seconds, 5);
    EXPECT_EQ(tls->pbx.subscription_retry_max_seconds, 60);
    EXPECT_FALSE(tls->pbx.tls_verify_incoming); // off unless asked: the PBX may have no client certificate
    EXPECT_TRUE(tls->pbx.incoming_secret.empty());
    EXPECT_EQ(tls->pbx.incoming_source_port, 0);
    auto trusted = load(dir, "[pbx]\nproxy = \"sip:p\"\ntransport = \"tls\"\ntls_certificate_dir = \"/etc/cvw/tls\"\n"
                             "tls_verify_incoming = true\nincoming_secret_header = \"X-From-PBX\"\n"
                             "incoming_secret = \"0123456789abcdef\"\nincoming_source_port = 5060\n");
    ASSERT_TRUE(trusted.ok()) << trusted.error();
    EXPECT_TRUE(trusted->pbx.tls_verify_incoming);
    EXPECT_EQ(trusted->pbx.incoming_secret_header, "X-From-PBX");
    EXPECT_EQ(trusted->pbx.incoming_secret, "0123456789abcdef");
    EXPECT_EQ(trusted->pbx.incoming_source_port, 5060);
    auto none = load(dir, "");
    EXPECT_FALSE(none->pbx.enabled());
    EXPECT_EQ(none->incoming.address_prefix, "cvw-");
    auto in = load(dir, "[incoming]\naddress_prefix = \"web-\"\nno_answer_seconds = 40\n"
                        "fallback_number = \"8000\"\n");
    ASSERT_TRUE(in.ok()) << in.error();
    EXPECT_EQ(in->incoming.address_prefix, "web-");
    EXPECT_EQ(in->incoming.no_answer_seconds, 40);
    EXPECT_EQ(in->incoming.fallback_number, "8000");
}

TEST(config, pbx_errors_name_the_key) {
    temp_dir dir;
    for (const auto& [text, says] : std::vector<std::pair<const char*, const char*>>{
             {"[pbx]\nproxy = \"pbx.example.com\"\n", "'pbx.proxy' must be a sip: or sips: URI"},
             {"[pbx]\nproxy = \"sip:p\"\ntransport = \"sctp\"\n", "'pbx.transport' must be udp, tcp or tls"},
             {"[pbx]\nproxy = \"sip:p\"\nlisten = \"5070\"\n", "'pbx.listen' must be address:port"},
             {"[pbx]\nproxy = \"sip:p\"\nrtp_port_min = 3000\nrtp_port_max = 3000\n", "rtp_port_min"},
             {"[pbx]\nproxy = \"sip:p\"\nregistrar = \"x\"\n", "unknown key 'pbx.registrar'"},
             {"[pbx]\nproxy = \"sip:p\"\ntransport = \"tls\"\n", "'pbx.tls_certificate_dir' is required"},
             {"[pbx]\nproxy = \"sip:p\"\nrequest_timeout_seconds = 0\n", "'pbx.request_timeout_seconds' must be 1..64"},
             {"[pbx]\nproxy = \"sip:p\"\nrelay_early_media = \"yes\"\n", "relay_early_media"},
             {"[pbx]\nproxy = \"sip:p\"\nsubscription_expires_seconds = 5\n",
              "'pbx.subscription_expires_seconds' must be 10..86400"},
             {"[pbx]\nproxy = \"sip:p\"\nsubscription_retry_seconds = 0\n",
              "'pbx.subscription_retry_seconds' must be 1..3600"},
             {"[pbx]\nproxy = \"sip:p\"\nsubscription_retry_seconds = 10\nsubscription_retry_max_seconds = 5\n",
              "'pbx.subscription_retry_max_seconds' must be subscription_retry_seconds..3600"},
             {"[pbx]\nproxy = \"sip:p\"\npresence_subscriptions = 1\n", "presence_subscriptions"},
             {"[pbx]\nproxy = \"sip:p\"\nsubscription_resync_seconds = 0\n",
              "'pbx.subscription_resync_seconds' must be 1..86400"},
             {"[pbx]\nproxy = \"sip:p\"\ntls_verify_incoming = true\n",
              "'pbx.tls_verify_incoming' needs transport \"tls\""},
             {"[pbx]\nproxy = \"sip:p\"\nincoming_secret_header = \"X Secret:\"\n",
              "'pbx.incoming_secret_header' must be a SIP header name"},
             {"[pbx]\nproxy = \"sip:p\"\nincoming_secret = \"short\"\n", "'pbx.incoming_secret' must be at least 16"},
             {"[pbx]\nproxy = \"sip:p\"\nincoming_secret = \"sixteen chars or more\"\n",
              "'pbx.incoming_secret' must be at least 16 visible ASCII characters (no spaces)"},
             {"[pbx]\nproxy = \"sip:p\"\nincoming_source_port = 70000\n", "'pbx.incoming_source_port' must be 0 (any)"},
             {"[incoming]\nno_answer_seconds = 1\n", "'incoming.no_answer_seconds' must be 2..300"},
             {"[incoming]\naddress_prefix = \"\"\n", "'incoming.address_prefix' must be 1..32 characters"},
             {"[incoming]\nring = true\n", "unknown key 'incoming.ring'"}}) {
        auto c = load(dir, text);
        ASSERT_FALSE(c.ok()) << text;
        EXPECT_NE(c.error().find(says), std::string::npos) << c.error();
    }
}

TEST(config, the_documented_example_loads) {
    temp_dir dir;
    std::ifstream in(CVW_SOURCE_DIR "/docs/cvw.example.toml");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    ASSERT_FALSE(text.empty());
    for (auto at = text.find("@ROOT@"); at != std::string::npos; at = text.find("@ROOT@"))
        text.replace(at, 6, CVW_SOURCE_DIR);
    auto c = load(dir, text);
    ASSERT_TRUE(c.ok()) << c.error();
    auto plan = dial_plan::compile(c->dial_plan);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->check("(425) 555-0100")->number, "+14255550100");
    // France is normalised but not open: the example allows only its own country (deny by default).
    EXPECT_EQ(plan->normalize("00 33 1 23 45 67 89")->number, "+33123456789");
    EXPECT_EQ(plan->check("00 33 1 23 45 67 89").error(), dial_error::not_allowed);
    EXPECT_EQ(plan->check("1002")->number, "1002");
    EXPECT_EQ(plan->check("1 900 555 0100").error(), dial_error::not_allowed);
    EXPECT_EQ(c->call_limits.user_calls_per_minute, 10); // the example shows the defaults
    EXPECT_EQ(c->call_limits.server_calls_per_second, 10);
}

/** The example's dial plan, as the demo runs it. */
dial_plan example_dial_plan() {
    temp_dir dir;
    return dial_plan::compile(example_config(dir.path).dial_plan).value();
}

TEST(config, the_example_dial_plan_opens_its_own_country_and_blocks_toll_fraud_ranges) {
    const auto plan = example_dial_plan();
    struct row {
        const char* typed;
        const char* dialled; ///< empty: refused
    };
    for (const auto& r :
         std::vector<row>{// Open: US and Canada, toll-free, internal extensions.
                          {"(425) 555-0100", "+14255550100"},
                          {"+1 212 555 0100", "+12125550100"},
                          {"1 416 555 0100", "+14165550100"},  // Toronto
                          {"+1 888 555 0100", "+18885550100"}, // toll-free
                          {"1002", "1002"},
                          // +1 outside the US and Canada: billed as international.
                          {"+1 876 555 0100", ""},
                          {"876 555 0100", ""},
                          {"1 809 555 0100", ""},
                          {"011 1 284 555 0100", ""},
                          {"+1 268 555 0100", ""},
                          {"+1 242 555 0100", ""},
                          {"+1 649 555 0100", ""},
                          {"+1 441 555 0100", ""},
                          {"+1 658 555 0100", ""},
                          {"+1 721 555 0100", ""},
                          {"+1 849 555 0100", ""},
                          {"+1 787 555 0100", ""},
                          {"+1 671 555 0100", ""}, // US territories billed as off-shore
                          // +1 premium and special services.
                          {"1 900 555 0100", ""},
                          {"+1 212 976 0100", ""},
                          {"+1 212 555 1212", ""},
                          {"+1 500 555 0100", ""},
                          {"+1 700 555 0100", ""},
                          {"+1 880 555 0100", ""},
                          {"+1 411 555 0100", ""},
                          {"411", ""},
                          {"911", ""},
                          // Other countries are closed, their premium ranges listed too.
                          {"+44 871 234 5678", ""},
                          {"00 44 871 234 5678", ""},
                          {"011 44 909 876 5432", ""},
                          {"0871 234 5678", ""}, // UK national format means nothing here: not a number cvw can dial
                          {"+44 20 7946 0018", ""},
                          {"+33 8 99 12 34 56", ""},
                          {"+49 900 1234567", ""},
                          {"+49 190 123456", ""},
                          {"+49 137 1234567", ""},
                          {"+881 6 1234 5678", ""},
                          {"+882 1234 5678", ""}}) {
        const auto checked = plan.check(r.typed);
        if (*r.dialled) {
            ASSERT_TRUE(checked.ok()) << r.typed;
            EXPECT_EQ(checked->number, r.dialled);
        } else {
            EXPECT_FALSE(checked.ok()) << r.typed << " -> " << checked->number;
        }
    }
}

TEST(config, the_blocked_ranges_stay_closed_when_a_country_is_opened) {
    // Even a country opened far too widely keeps the premium ranges the example lists: blocked wins.
    temp_dir dir;
    auto config = example_config(dir.path);
    config.dial_plan.allowed.push_back("\\+44\\d+");
    const auto plan = dial_plan::compile(config.dial_plan).value();
    EXPECT_EQ(plan.check("+44 20 7946 0018")->number, "+442079460018");
    for (const char* premium : {"+44 871 234 5678", "+44 909 876 5432", "+44 70 1234 5678", "+44 118 118"})
        EXPECT_EQ(plan.check(premium).error(), dial_error::not_allowed) << premium;
}

TEST(config, without_a_dial_plan_only_internal_extensions_may_be_dialled) {
    temp_dir dir;
    for (const auto& c : {load(dir, "").value(), load(dir, "[dial_plan]\nmax_extension_digits = 4\n").value(),
                          server::default_config(dir.path)}) {
        const auto plan = dial_plan::compile(c.dial_plan).value();
        EXPECT_EQ(plan.check("1002")->number, "1002");
        EXPECT_EQ(plan.check("+14255550100").error(), dial_error::not_allowed);
        EXPECT_EQ(plan.check("+18765550100").error(), dial_error::not_allowed);
    }
}

TEST(config, reads_the_call_limits) {
    temp_dir dir;
    auto none = load(dir, "");
    EXPECT_EQ(none->call_limits.user_calls_per_minute, 10);
    EXPECT_EQ(none->call_limits.user_burst, 5);
    EXPECT_EQ(none->call_limits.user_calls_per_day, 300);
    EXPECT_EQ(none->call_limits.server_calls_per_second, 10);
    EXPECT_EQ(none->call_limits.server_burst, 20);
    EXPECT_EQ(none->call_limits.alert_interval_ms, 60'000);
    auto c = load(dir, "[call_limits]\nuser_calls_per_minute = 2\nuser_burst = 1\nuser_calls_per_day = 0\n"
                       "server_calls_per_second = 0\nserver_burst = 3\nalert_interval_seconds = 300\n");
    ASSERT_TRUE(c.ok()) << c.error();
    EXPECT_EQ(c->call_limits.user_calls_per_minute, 2);
    EXPECT_EQ(c->call_limits.user_burst, 1);
    EXPECT_EQ(c->call_limits.user_calls_per_day, 0);
    EXPECT_EQ(c->call_limits.server_calls_per_second, 0);
    EXPECT_EQ(c->call_limits.server_burst, 3);
    EXPECT_EQ(c->call_limits.alert_interval_ms, 300'000);
}

} // namespace
} // namespace cvw::test

namespace cvw::test {
namespace {

TEST(config, reads_the_portals) {
    temp_dir dir;
    std::ofstream(dir.path / "hr.key") << "a-secret-of-at-least-thirty-two-chars\n";
    auto c = load(dir, R"toml(
[[portals]]
id = "crm"
origins = ["https://crm.example.com", "http://127.0.0.1:8091"]
key = "0123456789abcdef0123456789abcdef"
[[portals]]
id = "hr-2"
origins = ["https://hr.example.com"]
key_file = "hr.key"
confirm_calls = false
calls_per_minute = 20
)toml");
    ASSERT_TRUE(c.ok()) << c.error();
    ASSERT_EQ(c->portals.size(), 2U);
    EXPECT_EQ(c->portals[0].origins, (std::vector<std::string>{"https://crm.example.com", "http://127.0.0.1:8091"}));
    EXPECT_TRUE(c->portals[0].confirm_calls);
    EXPECT_EQ(c->portals[0].calls_per_minute, 6);
    EXPECT_EQ(c->portal("hr-2")->key, "a-secret-of-at-least-thirty-two-chars") << "the file's first line, no newline";
    EXPECT_FALSE(c->portal("hr-2")->confirm_calls);
    EXPECT_EQ(c->portal("hr-2")->calls_per_minute, 20);
    EXPECT_EQ(c->portal("sales"), nullptr);
}

TEST(config, portal_errors_name_the_key) {
    const std::string good_key = "key = \"0123456789abcdef0123456789abcdef\"\n";
    const std::pair<std::string, std::string> cases[] = {
        {"[portals]\nid = \"crm\"\n", "'portals' must be a list of tables"},
        {"[[portals]]\nid = \"CRM\"\norigins = [\"https://a.example\"]\n" + good_key, "'portals[0].id' must be"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"*\"]\n" + good_key, "'portals[0].origins' must list origins"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"https://a.example/page\"]\n" + good_key,
         "'portals[0].origins' must list origins"},
        {"[[portals]]\nid = \"crm\"\norigins = []\n" + good_key, "'portals[0].origins' must list origins"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"https://a.example\"]\n", "needs one of key or key_file"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"https://a.example\"]\nkey = \"short\"\n",
         "'portals[0].key' must be at least 32 characters"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"https://a.example\"]\nkey_file = \"missing.key\"\n",
         "'portals[0].key_file' cannot be read"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"https://a.example\"]\n" + good_key + "calls_per_minute = 0\n",
         "'portals[0].calls_per_minute' must be 1..600"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"https://a.example\"]\n" + good_key + "confirm = true\n",
         "unknown key 'portals[0].confirm'"},
        {"[[portals]]\nid = \"crm\"\norigins = [\"https://a.example\"]\n" + good_key +
             "[[portals]]\nid = \"crm\"\norigins = [\"https://b.example\"]\n" + good_key,
         "'portals[1].id' \"crm\" is used twice"},
    };
    for (const auto& [text, expected] : cases) {
        temp_dir dir;
        auto c = load(dir, text);
        ASSERT_FALSE(c.ok()) << text;
        EXPECT_NE(c.error().find(expected), std::string::npos) << c.error();
    }
}

} // namespace
} // namespace cvw::test
