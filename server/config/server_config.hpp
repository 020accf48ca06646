// Everything the server reads from its TOML config file; see docs/config.md for every key.
#pragma once

#include "cvw/call/call_rate_caps.hpp"
#include "cvw/call/click_to_call_machine.hpp"
#include "cvw/dial_plan.hpp"
#include "cvw/policy.hpp"
#include "cvw/result.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::server {

/** [pbx]: how cvw reaches the SIP PBX. An empty proxy leaves calls off. */
struct pbx_config {
    std::string proxy;                     ///< outbound proxy / registrar, e.g. "sip:pbx.example.com:5060"
    std::string domain;                    ///< host[:port] of request URIs; defaults to the proxy's
    std::string transport = "udp";         ///< udp, tcp or tls
    std::string listen = "127.0.0.1:5070"; ///< local SIP address:port
    std::string tls_certificate_dir;       ///< agent.pem (cvw's key + certificate) and cafile.pem (trusted CAs)
    bool tls_verify_pbx = true;            ///< refuse a PBX whose certificate does not chain to cafile.pem
    /** With transport tls: a peer connecting to cvw must present a certificate that chains to cafile.pem. */
    bool tls_verify_incoming = false;
    /** Calls for cvw must carry this header with incoming_secret (both set, or neither checked). */
    std::string incoming_secret_header = "X-Cvw-Secret";
    std::string incoming_secret;  ///< empty: no header asked for
    int incoming_source_port = 0; ///< calls for cvw only from this PBX source port (UDP); 0: any
    std::string username;         ///< digest credentials for 401/407 challenges
    std::string password;
    int keepalive_seconds = 10;       ///< OPTIONS to the proxy; 0 turns it off
    int request_timeout_seconds = 32; ///< no answer at all from the PBX within this: unreachable (RFC 3261 timers B/F)
    std::string media_address = "127.0.0.1"; ///< where the server's own RTP (ringback) lives
    int rtp_port_min = 20000;
    int rtp_port_max = 20999;
    /** Offer cvw's media to the callee so its early media (183 with SDP) replaces the ringback. */
    bool relay_early_media = true;
    /** Subscribe to each user's desk-phone dialog state (RFC 4235) for presence and the call log. */
    bool presence_subscriptions = true;
    int subscription_expires_seconds = 3600; ///< asked for in each SUBSCRIBE; the stack refreshes before it runs out
    int subscription_retry_seconds = 2;      ///< first wait after the PBX refuses or ends one; doubles each time
    int subscription_retry_max_seconds = 300;
    int subscription_resync_seconds = 60; ///< how often the directory is read again for phones added or removed

    bool enabled() const { return !proxy.empty(); }
};

/** [incoming]: calls for cvw users that reach the server. */
struct incoming_config {
    std::string address_prefix = "cvw-"; ///< a Request-URI user "cvw-alice" is a call for alice
    int no_answer_seconds = 25;          ///< then the call goes to the fallback and counts as missed
    std::string fallback_number;         ///< e.g. the voicemail number (302); empty: 480
};

/**
 * [meetings]: the meeting mixer: Janus AudioBridge (run by scripts/janus.sh), or a conference bridge
 * the PBX owns. Without a mixer_api (or, for the PBX's, a bridge_uri) meetings are off.
 */
struct meetings_config {
    enum class mixer_backend { janus, pbx };
    mixer_backend backend = mixer_backend::janus;
    std::string mixer_api;               ///< Janus's WebSocket API, "127.0.0.1:8188"
    std::filesystem::path mixer_secrets; ///< the folder with janus.sh's api_secret and admin_key
    std::string bridge_number;           ///< caller ID of dial-outs, and the number people dial in on
    std::string dial_in_user;            ///< the Request-URI user of calls to the bridge; empty: bridge_number
    std::filesystem::path prompts;       ///< the spoken prompts (server/prompts.cmake); empty: beside the binary
    std::string prompt_language = "en";  ///< which of the prompts' languages the bridge speaks
    int dial_in_failures = 3;            ///< calls with wrong conference IDs or PINs before a number is locked out
    int dial_in_lockout_minutes = 15;    ///< how long; failures count within the same span
    char confirm_join_with_digit = 0;    ///< a key to press before joining (no voicemail joins); 0: none
    int sampling_rate = 16000;           ///< the rooms' mix: 8000, 12000, 16000, 24000 or 48000 Hz
    int ring_seconds = 30;               ///< how long a dial-out rings
    int confirm_seconds = 10;            ///< how long the key prompt waits
    int numbers_per_meeting = 10;        ///< outside numbers people in a meeting may dial in at once; 0: none
    bool talking_indicator = true;       ///< phones' RTP through cvw, to hear who talks; false: to the mixer
    // backend = "pbx":
    std::string bridge_uri;                             ///< whom a seat calls; "{conference_id}" is filled in
    std::string bridge_keys = "{conference_id}#{pin}#"; ///< keyed once the bridge answers; ',' waits 500 ms

    bool enabled() const { return backend == mixer_backend::pbx ? !bridge_uri.empty() : !mixer_api.empty(); }
    /** The Request-URI user that means the bridge; empty: no dial-in. */
    const std::string& bridge_user() const { return dial_in_user.empty() ? bridge_number : dial_in_user; }
};

/** A portal allowed to embed the widget ([[portals]]); see docs/widget.md. */
struct portal_config {
    std::string id;                   ///< [a-z0-9-], 1..32; the widget's ?portal= and the tokens' iss
    std::vector<std::string> origins; ///< exactly who may frame the widget and talk to it
    std::string key;                  ///< the HS256 secret its backend signs embed tokens with
    bool confirm_calls = true;        ///< a call the portal asks for waits for the user's Call click
    int calls_per_minute = 6;         ///< per user, placed through this portal's widget
};

struct server_config {
    // [server]
    std::string listen_address = "127.0.0.1";
    std::uint16_t port = 8080;
    std::vector<std::string> allowed_origins{"http://127.0.0.1:8080", "http://localhost:8080"};
    std::filesystem::path web_root = "web";
    std::filesystem::path wasm_dir = "build/wasm/wasm-client";
    std::filesystem::path database = "cvw.db";
    int threads = 2;
    int session_lifetime_hours = 168;
    bool secure_cookies = false;
    std::size_t max_message_bytes = 64 * std::size_t{1024};
    double messages_per_second = 20;
    double message_burst = 40;
    int login_attempts_per_minute = 10;
    std::size_t max_queued_events = 4096;
    std::size_t max_connections = 0;               ///< 0: derived from the open-file limit at start
    std::size_t max_connections_per_address = 256; ///< 0: no cap (e.g. behind a reverse proxy)
    int login_failures_before_delay = 5;           ///< per account; then 1 s, doubling up to the max
    int login_max_delay_seconds = 180;
    int login_threads = 0;               ///< password checks in parallel; 0: one per core
    std::size_t max_pending_logins = 64; ///< checks waiting or running; beyond: 503 busy

    // [policy], [dial_plan] and [call_limits]
    call_via_work_policy policy;
    call::ring_timeouts ring;
    /** Without [dial_plan]: internal extensions only (up to max_extension_digits); nothing with a +. */
    dial_plan_config dial_plan{.allowed = {"\\d+"}};
    call::call_rate_limits call_limits;
    pbx_config pbx;
    incoming_config incoming;
    meetings_config meetings;
    std::vector<portal_config> portals;

    /** The portal with this id, or nullptr. */
    const portal_config* portal(std::string_view id) const {
        for (const auto& p : portals)
            if (p.id == id) return &p;
        return nullptr;
    }
};

/**
 * Reads a config file. Relative paths are taken relative to the file's directory. Unknown keys,
 * wrong types and bad values are errors that name the key.
 */
result<server_config, std::string> load_config(const std::filesystem::path& file);

/** The defaults, with paths taken relative to `base`; used when no file is given. */
server_config default_config(const std::filesystem::path& base);

} // namespace cvw::server
