#include "sip/pbx_peer.hpp"

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/url.h>

#include <algorithm>

#include <arpa/inet.h>
#include <netdb.h>
#include <sodium.h>
#include <strings.h>

namespace cvw::server::sip {
namespace {

std::string ip_text(int family, const void* address) {
    char ip[INET6_ADDRSTRLEN] = {};
    const void* raw = family == AF_INET6
                          ? static_cast<const void*>(&static_cast<const sockaddr_in6*>(address)->sin6_addr)
                          : static_cast<const void*>(&static_cast<const sockaddr_in*>(address)->sin_addr);
    return inet_ntop(family, raw, ip, sizeof ip) ? ip : "";
}

/** The proxy's IP addresses: its host resolved once. */
std::unordered_set<std::string> addresses_of(const std::string& proxy) {
    std::unordered_set<std::string> out;
    su_home_t home[1] = {SU_HOME_INIT(home)};
    url_t* url = url_make(home, proxy.c_str());
    if (url && url->url_host) {
        std::string host = url->url_host;
        if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
        addrinfo hints{};
        hints.ai_socktype = SOCK_DGRAM;
        addrinfo* found = nullptr;
        if (getaddrinfo(host.c_str(), nullptr, &hints, &found) == 0) {
            for (auto* a = found; a; a = a->ai_next) out.insert(ip_text(a->ai_family, a->ai_addr));
            freeaddrinfo(found);
        }
    }
    su_home_deinit(home);
    return out;
}

/** The source address and port of the request being handled now. */
std::pair<std::string, int> source_of_current_request(nua_t* nua) {
    msg_t* msg = nua_current_request(nua);
    su_addrinfo_t* ai = msg ? msg_addrinfo(msg) : nullptr;
    if (!ai || !ai->ai_addr) return {};
    const auto* in = static_cast<const sockaddr_in*>(static_cast<const void*>(ai->ai_addr));
    const auto* in6 = static_cast<const sockaddr_in6*>(static_cast<const void*>(ai->ai_addr));
    return {ip_text(ai->ai_family, ai->ai_addr), ntohs(ai->ai_family == AF_INET6 ? in6->sin6_port : in->sin_port)};
}

/** The quoted realm of a 401/407 challenge, e.g. "\"pbx.example.com\"". */
std::string realm_of(const sip_t* sip) {
    const msg_auth_t* challenge = nullptr;
    if (sip && sip->sip_www_authenticate) challenge = sip->sip_www_authenticate;
    if (sip && sip->sip_proxy_authenticate) challenge = sip->sip_proxy_authenticate;
    if (!challenge) return {};
    const char* realm = msg_params_find(challenge->au_params, "realm=");
    if (!realm) return {};
    std::string r = realm;
    if (r.empty() || r.front() != '"') r = "\"" + r + "\"";
    return r;
}

/** How long an OPTIONS may go unanswered before the PBX counts as not answering (at most the keep-alive). */
constexpr su_duration_t max_answer_wait_ms = 5000;

} // namespace

pbx_peer::pbx_peer(pbx_config config, reachability_sink on_reachability)
    : config_(std::move(config)), on_reachability_(std::move(on_reachability)) {}

std::string pbx_peer::with_transport(std::string uri) const {
    if (config_.transport != "udp" && uri.find(";transport=") == std::string::npos)
        uri += ";transport=" + config_.transport;
    return uri;
}

void pbx_peer::start(su_root_t* root, nua_t* nua) {
    nua_ = nua;
    addresses_ = addresses_of(config_.proxy);
    if (config_.keepalive_seconds <= 0) return;
    const auto interval = static_cast<su_duration_t>(config_.keepalive_seconds) * 1000;
    keepalive_ = su_timer_create(su_root_task(root), interval);
    // Every interval for as long as cvw runs (su_timer_set_interval would fire once only); a
    // wake-up missed while the thread was busy is not made up for in a burst.
    su_timer_set_for_ever(keepalive_, &pbx_peer::on_keepalive, this);
    // sofia gives up on a request only after 64 T1 (32 s): a PBX that has stopped answering is
    // told within seconds instead, and told again, as reachable, by the next answer.
    answer_due_ = su_timer_create(su_root_task(root), std::min<su_duration_t>(interval, max_answer_wait_ms));
    send_options();
}

void pbx_peer::stop() {
    if (keepalive_) su_timer_destroy(keepalive_);
    if (answer_due_) su_timer_destroy(answer_due_);
    keepalive_ = nullptr;
    answer_due_ = nullptr;
    latest_options_ = nullptr;
    nua_ = nullptr;
}

bool pbx_peer::sent_this_request(const sip_t* sip) const {
    const auto [address, port] = source_of_current_request(nua_);
    if (!addresses_.count(address)) return false;
    if (config_.incoming_source_port != 0 && port != config_.incoming_source_port) return false;
    if (config_.incoming_secret.empty()) return true;
    // Each occurrence of the header must hold the secret, compared in constant time.
    bool found = false;
    for (const sip_unknown_t* u = sip->sip_unknown; u; u = u->un_next) {
        if (!u->un_name || strcasecmp(u->un_name, config_.incoming_secret_header.c_str()) != 0) continue;
        const std::string_view value = u->un_value ? u->un_value : "";
        if (value.size() != config_.incoming_secret.size() ||
            sodium_memcmp(value.data(), config_.incoming_secret.data(), value.size()) != 0)
            return false;
        found = true;
    }
    return found;
}

bool pbx_peer::answer_challenge(nua_handle_t* nh, int status, const sip_t* sip, int& challenges_answered) const {
    // A second challenge to the same request means the credentials are wrong: let it fail.
    if ((status != 401 && status != 407) || challenges_answered > 0 || config_.username.empty()) return false;
    ++challenges_answered;
    const std::string auth = "Digest:" + realm_of(sip) + ":" + config_.username + ":" + config_.password;
    nua_authenticate(nh, NUTAG_AUTH(auth.c_str()), TAG_END());
    return true;
}

void pbx_peer::on_keepalive(su_root_magic_t*, su_timer_t*, pbx_peer* self) { self->send_options(); }

void pbx_peer::on_answer_overdue(su_root_magic_t*, su_timer_t*, pbx_peer* self) { self->on_reachability_(false, 408); }

void pbx_peer::send_options() {
    nua_handle_t* nh = nua_handle(nua_, nullptr, NUTAG_URL(with_transport(config_.proxy).c_str()), TAG_END());
    if (!nh) return;
    nua_options(nh, TAG_END());
    latest_options_ = nh;
    if (answer_due_ && !su_timer_is_set(answer_due_)) su_timer_set(answer_due_, &pbx_peer::on_answer_overdue, this);
}

void pbx_peer::on_options_answer(nua_handle_t* nh, int status) {
    if (status < 200) return;
    if (nh == latest_options_) {
        latest_options_ = nullptr;
        if (answer_due_) su_timer_reset(answer_due_);
    }
    // Any answer from the proxy proves it is there; 408/503 here are sofia's own.
    on_reachability_(status != 408 && status != 503, status);
    nua_handle_destroy(nh); // made just for this OPTIONS, never bound
}

} // namespace cvw::server::sip
