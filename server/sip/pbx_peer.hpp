// The PBX, cvw's one SIP peer: whether a request comes from it, whether it answers (keep-alive
// OPTIONS), and cvw's credentials for the digest challenges it sends.
#pragma once

#include "sip/sofia_magic.hpp"

#include "config/server_config.hpp"

#include <functional>
#include <string>
#include <unordered_set>

namespace cvw::server::sip {

/** Lives on the sofia thread, between start() and stop(); only its constructor runs elsewhere. */
class pbx_peer {
public:
    using reachability_sink = std::function<void(bool reachable, int status)>;

    pbx_peer(pbx_config config, reachability_sink on_reachability);
    pbx_peer(const pbx_peer&) = delete;
    pbx_peer& operator=(const pbx_peer&) = delete;

    const pbx_config& config() const { return config_; }
    /** `uri` with the configured transport (";transport=tcp") unless it is UDP or the URI names one. */
    std::string with_transport(std::string uri) const;

    /** Once the stack exists: resolves the PBX's addresses, and sends the first keep-alive. */
    void start(su_root_t* root, nua_t* nua);
    /** Before the stack is destroyed. */
    void stop();

    /**
     * Whether the request being handled comes from the PBX: its address (and port, when configured)
     * and, when configured, the shared secret in its header. Only the PBX may send cvw calls.
     */
    bool sent_this_request(const sip_t* sip) const;

    /**
     * The one digest retry: answers a 401/407 to a request on `nh` with cvw's credentials, once per
     * request (`challenges_answered` counts); true when it did and the request goes again.
     */
    bool answer_challenge(nua_handle_t* nh, int status, const sip_t* sip, int& challenges_answered) const;

    /** The answer to a keep-alive OPTIONS. */
    void on_options_answer(nua_handle_t* nh, int status);

private:
    static void on_keepalive(su_root_magic_t*, su_timer_t*, pbx_peer* self);
    static void on_answer_overdue(su_root_magic_t*, su_timer_t*, pbx_peer* self);
    void send_options();

    const pbx_config config_;
    reachability_sink on_reachability_;
    std::unordered_set<std::string> addresses_; // the proxy's host, resolved once at start()
    nua_t* nua_ = nullptr;
    su_timer_t* keepalive_ = nullptr;
    su_timer_t* answer_due_ = nullptr;       // the latest OPTIONS has not been answered in time
    nua_handle_t* latest_options_ = nullptr; // that OPTIONS, until answered
};

} // namespace cvw::server::sip
