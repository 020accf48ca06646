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
    for (const auto& b : {bad{"[server]\nprot = 1\n", "unknown key 'server.prot'"},
                          bad{"[server]\nport = \"80\"\n", "'server.port' has the wrong type"},
                          bad{"[server]\nport = 70000\n", "'server.port' must be between"},
                          bad{"[server]\nallowed_origins = [1]\n", "'server.allowed_origins' must be a list"},
                          bad{"[policy]\nuse_admin_callback_number = true\n", "admin_callback_number' is required"},
                          bad{"[dial_plan]\nallowed = [\"([\"]\n", "does not compile"},
                          bad{"[[dial_plan.rules]]\nreplace = \"x\"\n", "match' is required"},
                          bad{"[pbx\n", "cvw.toml:1"},
                          bad{"colour = 1\n", "unknown key 'colour'"}}) {
        auto c = load(dir, b.text);
        ASSERT_FALSE(c.ok()) << b.text;
        EXPECT_NE(c.error().find(b.mentions), std::string::npos) << c.error();
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
             {"[pbx]\nproxy = \"sip:p\"\nsubscription_retry_seconds = 0\n", "'pbx.subscription_retry_seconds' must be 1..3600"},
             {"[pbx]\nproxy = \"sip:p\"\nsubscription_retry_seconds = 10\nsubscription_retry_max_seconds = 5\n",
              "'pbx.subscription_retry_max_seconds' must be subscription_retry_seconds..3600"},
             {"[pbx]\nproxy = \"sip:p\"\npresence_subscriptions = 1\n", "presence_subscriptions"},
             {"[pbx]\nproxy = \"sip:p\"\nsubscription_resync_seconds = 0\n",
              "'pbx.subscription_resync_seconds' must be 1..86400"},
             {"[pbx]\nproxy = \"sip:p\"\ntls_verify_incoming = true\n", "'pbx.tls_verify_incoming' needs transport \"tls\""},
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
    EXPECT_EQ(plan->check("00 33 1 23 45 67 89")->number, "+33123456789");
    EXPECT_EQ(plan->check("1002")->number, "1002");
    EXPECT_EQ(plan->check("1 900 555 0100").error(), dial_error::not_allowed);
}

} // namespace
} // namespace cvw::test
