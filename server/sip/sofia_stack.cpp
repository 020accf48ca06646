#include "sip/sofia_stack.hpp"

#include "sip/message_checks.hpp"
#include "sip/sip_message_class.hpp"

#include <sofia-sip/msg_header.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/tport_tag.h>
#include <sofia-sip/url.h>

#include <cstdlib>

namespace cvw::server::sip {
namespace {

/**
 * What cvw answers (Allow): calls, their in-dialog requests, and NOTIFYs for its subscriptions.
 * Everything else (MESSAGE, REFER, SUBSCRIBE, INFO, PUBLISH, unknown methods) gets 405 from the
 * stack, where sofia's default list would accept MESSAGE and REFER that cvw then ignores.
 */
constexpr const char* allowed_methods = "INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY, PRACK, UPDATE";

} // namespace

sofia_stack::sofia_stack(const pbx_config& config, own_call_ids call_ids, call_legs::event_sink on_leg_event,
                         pbx_peer::reachability_sink on_reachability)
    : peer_(config, std::move(on_reachability)), legs_(peer_, call_ids, std::move(on_leg_event)),
      subscriptions_(peer_) {}

std::string sofia_stack::open(su_root_t* root) {
    install_message_class();
    const pbx_config& config = peer_.config();
    const std::string scheme = config.transport == "tls" ? "sips:" : "sip:";
    const unsigned tls_policy = (config.tls_verify_pbx ? TPTLS_VERIFY_OUT : TPTLS_VERIFY_NONE) |
                                (config.tls_verify_incoming ? TPTLS_VERIFY_IN : TPTLS_VERIFY_NONE);
    const std::string local = peer_.with_transport(scheme + config.listen);
    nua_ = nua_create(root, &sofia_stack::on_event, this, NUTAG_URL(local.c_str()),
                      NUTAG_PROXY(peer_.with_transport(config.proxy).c_str()), NUTAG_MEDIA_ENABLE(0), NUTAG_AUTOACK(0),
                      NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0), NUTAG_ENABLEINVITE(1), NUTAG_SESSION_TIMER(0),
                      SIPTAG_ALLOW_STR(allowed_methods), NUTAG_APPL_METHOD("OPTIONS"),
                      NTATAG_SIPFLAGS(MSG_FLG_EXTRACT_COPY), // keep each header's raw text for malformed()
                      NTATAG_SIP_T1X64(static_cast<unsigned>(config.request_timeout_seconds) * 1000u),
                      SIPTAG_SUPPORTED_STR("replaces"), NUTAG_OUTBOUND("no-validate no-options-keepalive no-natify"),
                      NUTAG_USER_AGENT("cvw/0.1"),
                      TAG_IF(config.transport == "tls", TPTAG_CERTIFICATE(config.tls_certificate_dir.c_str())),
                      TAG_IF(config.transport == "tls", TPTAG_TLS_VERIFY_POLICY(tls_policy)), TAG_END());
    if (!nua_) return "cannot listen for SIP on " + local + " (address in use or not local?)";
    root_ = root;
    peer_.start(root, nua_);
    // The port the stack bound (the system's pick when the config says 0) is in its Contact; nua
    // tells it only as an event, so run the loop here until it has come.
    nua_get_params(nua_, TAG_ANY(), TAG_END());
    for (int i = 0; i < 100 && local_port_ == 0; ++i) su_root_step(root, 10);
    return {};
}

void sofia_stack::shut_down() { nua_shutdown(nua_); }

void sofia_stack::close() {
    peer_.stop();
    legs_.abandon_all();
    subscriptions_.abandon_all();
    nua_destroy(nua_);
    nua_ = nullptr;
    root_ = nullptr;
}

void sofia_stack::on_event(nua_event_t event, int status, const char* phrase, nua_t*, sofia_stack* self,
                           nua_handle_t* nh, handle_binding* bound, const sip_t* sip, tagi_t tags[]) {
    auto* leg = bound_as<leg_state>(bound);
    auto* sub = bound_as<subscription_state>(bound);
    auto& legs = self->legs_;
    switch (event) {
    case nua_r_subscribe:
        if (sub) self->subscriptions_.on_subscribe_response(*sub, status, sip);
        break;
    case nua_i_notify:
        if (sub) self->subscriptions_.on_notify(*sub, sip);
        break;
    case nua_r_unsubscribe:
        if (sub) self->subscriptions_.on_unsubscribe_response(*sub, status);
        break;
    case nua_i_invite:
        // An INVITE inside a subscription's dialog is no call of cvw's, and its handle is not a leg's to take.
        if (sub) nua_respond(nh, SIP_403_FORBIDDEN, TAG_END());
        else legs.on_invite(leg, nh, sip);
        break;
    case nua_r_invite:
        if (leg) legs.on_invite_response(*leg, status, phrase, sip);
        break;
    case nua_i_ack:
        if (leg) legs.on_ack(*leg, sip);
        break;
    case nua_i_bye:
        if (leg) legs.on_bye(*leg, status, phrase);
        break;
    case nua_i_cancel:
        if (leg) legs.on_cancel(*leg, status);
        break;
    case nua_i_state:
        if (!sub) legs.on_call_state(leg, nh, tags);
        break;
    case nua_i_options: self->answer_options(nh, bound, sip); break;
    case nua_r_options: self->peer_.on_options_answer(nh, status); break;
    case nua_r_get_params: self->learn_local_port(tags); break;
    case nua_r_shutdown:
        if (status >= 200) su_root_break(self->root_);
        break;
    default: break;
    }
}

void sofia_stack::answer_options(nua_handle_t* nh, const handle_binding* bound, const sip_t* sip) {
    // cvw answers OPTIONS itself (NUTAG_APPL_METHOD) to refuse what sofia would let through.
    const int answer = !sip || malformed(sip) ? 400 : 200;
    nua_respond(nh, answer, sip_status_phrase(answer), NUTAG_WITH_THIS(nua_), TAG_END());
    if (!bound) nua_handle_destroy(nh); // a handle made just for this request
}

void sofia_stack::learn_local_port(tagi_t tags[]) {
    const sip_contact_t* contact = nullptr;
    tl_gets(tags, NTATAG_CONTACT_REF(contact), TAG_END());
    if (!contact) return;
    // url_port() gives the scheme's default when the Contact leaves the port out.
    local_port_ = static_cast<std::uint16_t>(std::atoi(url_port(contact->m_url)));
}

} // namespace cvw::server::sip
