// The sofia-sip stack cvw runs: one nua with cvw's settings, and the router of its events to the
// PBX peer, the INVITE legs and the subscriptions. Lives on the sofia thread (sofia_thread.hpp).
#pragma once

#include "sip/call_legs.hpp"
#include "sip/pbx_peer.hpp"
#include "sip/subscriptions.hpp"

#include <atomic>
#include <cstdint>
#include <string>

namespace cvw::server::sip {

/** On the sofia thread, except its constructor and local_port(). */
class sofia_stack {
public:
    sofia_stack(const pbx_config& config, own_call_ids call_ids, call_legs::event_sink on_leg_event,
                pbx_peer::reachability_sink on_reachability);
    sofia_stack(const sofia_stack&) = delete;
    sofia_stack& operator=(const sofia_stack&) = delete;

    /** Before the loop: creates the nua, starts the PBX peer, learns the port; an error message, or empty. */
    std::string open(su_root_t* root);
    /** Ends every dialog still up (BYE, CANCEL, or 500 to an unanswered INVITE), then the loop. */
    void shut_down();
    /** After the loop: frees what open() made. */
    void close();

    nua_t* nua() const { return nua_; }
    /** Any thread, once open() returned: the local SIP port bound, or 0 when the stack did not say. */
    std::uint16_t local_port() const { return local_port_.load(); }

    sip::pbx_peer& pbx_peer() { return peer_; }
    sip::call_legs& call_legs() { return legs_; }
    sip::subscriptions& subscriptions() { return subscriptions_; }

private:
    static void on_event(nua_event_t event, int status, const char* phrase, nua_t* nua, sofia_stack* self,
                         nua_handle_t* nh, handle_binding* bound, const sip_t* sip, tagi_t tags[]);
    void answer_options(nua_handle_t* nh, const handle_binding* bound, const sip_t* sip);
    void learn_local_port(tagi_t tags[]);

    sip::pbx_peer peer_;
    sip::call_legs legs_;
    sip::subscriptions subscriptions_;
    su_root_t* root_ = nullptr;
    nua_t* nua_ = nullptr;
    std::atomic<std::uint16_t> local_port_{0};
};

} // namespace cvw::server::sip
