// sofia-sip NUA on a dedicated su_root thread (sofia_thread.hpp). Everything sofia is touched only on
// that thread; other threads reach it through post(), and it reaches them only through the event sinks.
#include "sip/sofia_agent.hpp"

#include "sip/sip_message_class.hpp"
#include "sip/sofia_thread.hpp"

#include "cvw/sip/display_name.hpp"
#include "cvw/sip/request_syntax.hpp"
#include "log.hpp"

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/url.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/nua.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_tag.h>
#include <sofia-sip/su_wait.h>
#include <sofia-sip/tport_tag.h>

#include <cstdlib>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include <arpa/inet.h>
#include <netdb.h>
#include <sodium.h>
#include <strings.h>

namespace cvw::server::sip {
namespace {

/** What a nua handle is bound to: a call leg or a subscription. */
struct handle_owner {
    bool is_subscription = false;
};

/**
 * Per-dialog state, owned by the sofia thread and bound to the nua handle. What a response means
 * for the call is the leg machine's to say (calls/sip_leg.cpp); this only keeps what sofia needs.
 */
struct leg_state : handle_owner {
    leg_id id = 0;
    nua_handle_t* nh = nullptr;
    bool offered = false; // our pending INVITE or re-INVITE carries an SDP offer
    bool acked = false;   // its 2xx has been ACKed
    int auth_attempts = 0;
};

/** One subscription, owned by the sofia thread and bound to its nua handle. */
struct subscription_state : handle_owner {
    subscription_id id = 0;
    nua_handle_t* nh = nullptr;
    bool unsubscribing = false;
    int auth_attempts = 0;
};

/**
 * What cvw answers (Allow): calls, their in-dialog requests, and NOTIFYs for its subscriptions.
 * Everything else (MESSAGE, REFER, SUBSCRIBE, INFO, PUBLISH, unknown methods) gets 405 from the
 * stack, where sofia's default list would accept MESSAGE and REFER that cvw then ignores.
 */
constexpr const char* allowed_methods = "INVITE, ACK, BYE, CANCEL, OPTIONS, NOTIFY, PRACK, UPDATE";

/** The raw text of a header as it arrived, or empty when sofia kept none. */
std::string_view raw_text(const msg_common_t* h) {
    if (!h || !h->h_data) return {};
    return {static_cast<const char*>(h->h_data), h->h_len};
}

/**
 * 400 for what sofia's lenient parser let through but RFC 3261 forbids (RFC 4475 lwsstart, trws,
 * badaspec): the request line and the name-addr headers are checked on the bytes received.
 */
bool malformed(const sip_t* sip) {
    if (!sip->sip_request || !sip->sip_from || !sip->sip_to) return true;
    const auto line = raw_text(sip->sip_request->rq_common);
    if (!line.empty() && !cvw::sip::is_strict_request_line(line)) return true;
    for (const msg_common_t* h : {sip->sip_from->a_common, sip->sip_to->a_common})
        if (cvw::sip::has_whitespace_in_addr_spec(raw_text(h))) return true;
    for (const sip_contact_t* m = sip->sip_contact; m; m = m->m_next)
        if (cvw::sip::has_whitespace_in_addr_spec(raw_text(m->m_common))) return true;
    return false;
}

bool is_sdp(const char* type) { return type && strcasecmp(type, "application/sdp") == 0; }

/** 415 for a body cvw cannot read (RFC 4475 invut): only SDP describes the media it relays. */
bool unreadable_body(const sip_t* sip) {
    const bool has_body = sip->sip_payload && sip->sip_payload->pl_len > 0;
    return has_body && !(sip->sip_content_type && is_sdp(sip->sip_content_type->c_type));
}

/** 406 when the caller's Accept leaves out SDP, the only answer cvw has (RFC 4475 sdp01). */
bool refuses_sdp(const sip_t* sip) {
    if (!sip->sip_accept) return false;
    for (const sip_accept_t* a = sip->sip_accept; a; a = a->ac_next) {
        if (!a->ac_type || is_sdp(a->ac_type) || strcmp(a->ac_type, "*/*") == 0 ||
            strcasecmp(a->ac_type, "application/*") == 0)
            return false; // an empty Accept (no type) says nothing either
    }
    return true;
}

/** Seconds in a Retry-After header, if there is one. */
std::optional<int> retry_after_of(const sip_t* sip) {
    if (!sip || !sip->sip_retry_after) return std::nullopt;
    return static_cast<int>(sip->sip_retry_after->af_delta);
}

std::string body_of(const sip_t* sip) {
    if (!sip || !sip->sip_payload || !sip->sip_payload->pl_data) return {};
    // pl_data is not NUL-terminated: always use pl_len.
    return std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

/** "host" of "host:port" or "[v6]:port", for the right-hand side of a Call-ID. */
std::string host_of(const std::string& domain) {
    if (!domain.empty() && domain.front() == '[') return domain.substr(0, domain.find(']') + 1);
    return domain.substr(0, domain.find(':'));
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

} // namespace

struct sofia_agent::impl {
    sofia_agent& owner;
    pbx_config config;
    event_sink on_event;
    reachability_sink on_reachability;
    subscription_sink on_subscription_event = [](subscription_event) {};

    su_root_t* root = nullptr; // the sofia thread's loop, used on that thread only
    nua_t* nua = nullptr;
    su_timer_t* keepalive = nullptr;
    std::unordered_map<leg_id, leg_state*> legs;
    std::unordered_map<subscription_id, subscription_state*> subscriptions;
    std::unordered_set<std::string> pbx_addresses; // where incoming calls may come from
    unsigned tls_policy = TPTLS_VERIFY_NONE;

    const own_call_ids call_ids; // immutable: read from any thread through placed()
    sofia_thread thread;         // last: it stops, and joins, before the rest of the state goes

    impl(sofia_agent& o, pbx_config c, own_call_ids ids, event_sink e, reachability_sink r)
        : owner(o), config(std::move(c)), on_event(std::move(e)), on_reachability(std::move(r)),
          call_ids(std::move(ids)) {}

    // ---- the stack, on the sofia thread ----

    std::string uri_with_transport(std::string uri) const {
        if (config.transport != "udp" && uri.find(";transport=") == std::string::npos)
            uri += ";transport=" + config.transport;
        return uri;
    }

    /** The proxy's IP addresses (its host resolved once): only the PBX may send cvw calls. */
    static std::unordered_set<std::string> addresses_of(const std::string& proxy) {
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
    std::pair<std::string, int> source_of_current_request() const {
        msg_t* msg = nua_current_request(nua);
        su_addrinfo_t* ai = msg ? msg_addrinfo(msg) : nullptr;
        if (!ai || !ai->ai_addr) return {};
        const auto* in = static_cast<const sockaddr_in*>(static_cast<const void*>(ai->ai_addr));
        const auto* in6 = static_cast<const sockaddr_in6*>(static_cast<const void*>(ai->ai_addr));
        return {ip_text(ai->ai_family, ai->ai_addr), ntohs(ai->ai_family == AF_INET6 ? in6->sin6_port : in->sin_port)};
    }

    /**
     * Whether an INVITE for a cvw user comes from the PBX: its address (and port, when configured)
     * and, when configured, the shared secret in its header. Each occurrence of that header must
     * hold the secret, compared in constant time.
     */
    bool from_the_pbx(const sip_t* sip) const {
        const auto [address, port] = source_of_current_request();
        if (!pbx_addresses.count(address)) return false;
        if (config.incoming_source_port != 0 && port != config.incoming_source_port) return false;
        if (config.incoming_secret.empty()) return true;
        bool found = false;
        for (const sip_unknown_t* u = sip->sip_unknown; u; u = u->un_next) {
            if (!u->un_name || strcasecmp(u->un_name, config.incoming_secret_header.c_str()) != 0) continue;
            const std::string_view value = u->un_value ? u->un_value : "";
            if (value.size() != config.incoming_secret.size() ||
                sodium_memcmp(value.data(), config.incoming_secret.data(), value.size()) != 0)
                return false;
            found = true;
        }
        return found;
    }

    static std::string ip_text(int family, const void* address) {
        char ip[INET6_ADDRSTRLEN] = {};
        const void* raw = family == AF_INET6
                              ? static_cast<const void*>(&static_cast<const sockaddr_in6*>(address)->sin6_addr)
                              : static_cast<const void*>(&static_cast<const sockaddr_in*>(address)->sin_addr);
        return inet_ntop(family, raw, ip, sizeof ip) ? ip : "";
    }

    /** Before the loop runs: creates the stack and starts the keep-alive; an error message, or empty. */
    std::string open(su_root_t* r) {
        pbx_addresses = addresses_of(config.proxy);
        install_message_class();
        const std::string scheme = config.transport == "tls" ? "sips:" : "sip:";
        tls_policy = (config.tls_verify_pbx ? TPTLS_VERIFY_OUT : TPTLS_VERIFY_NONE) |
                     (config.tls_verify_incoming ? TPTLS_VERIFY_IN : TPTLS_VERIFY_NONE);
        const std::string local = uri_with_transport(scheme + config.listen);
        nua = nua_create(r, &impl::callback, this, NUTAG_URL(local.c_str()),
                         NUTAG_PROXY(uri_with_transport(config.proxy).c_str()), NUTAG_MEDIA_ENABLE(0), NUTAG_AUTOACK(0),
                         NUTAG_AUTOANSWER(0), NUTAG_AUTOALERT(0), NUTAG_ENABLEINVITE(1), NUTAG_SESSION_TIMER(0),
                         SIPTAG_ALLOW_STR(allowed_methods), NUTAG_APPL_METHOD("OPTIONS"),
                         NTATAG_SIPFLAGS(MSG_FLG_EXTRACT_COPY), // keep each header's raw text for malformed()
                         NTATAG_SIP_T1X64(static_cast<unsigned>(config.request_timeout_seconds) * 1000u),
                         SIPTAG_SUPPORTED_STR("replaces"), NUTAG_OUTBOUND("no-validate no-options-keepalive no-natify"),
                         NUTAG_USER_AGENT("cvw/0.1"),
                         TAG_IF(config.transport == "tls", TPTAG_CERTIFICATE(config.tls_certificate_dir.c_str())),
                         TAG_IF(config.transport == "tls", TPTAG_TLS_VERIFY_POLICY(tls_policy)), TAG_END());
        if (!nua) return "cannot listen for SIP on " + local + " (address in use or not local?)";
        root = r;
        if (config.keepalive_seconds > 0) {
            keepalive = su_timer_create(su_root_task(r), static_cast<su_duration_t>(config.keepalive_seconds) * 1000);
            su_timer_set_interval(keepalive, &impl::on_keepalive, this,
                                  static_cast<su_duration_t>(config.keepalive_seconds) * 1000);
            send_options();
        }
        return {};
    }

    /** After the loop: frees what open() made. */
    void close() {
        if (keepalive) su_timer_destroy(keepalive);
        keepalive = nullptr;
        for (auto& [id, leg] : legs) delete leg; // handles die with the stack
        owner.active_legs_ = 0;
        legs.clear();
        for (auto& [id, sub] : subscriptions) delete sub;
        owner.active_subscriptions_ = 0;
        subscriptions.clear();
        nua_destroy(nua);
        nua = nullptr;
        root = nullptr;
    }

    // ---- keep-alive ----

    static void on_keepalive(su_root_magic_t*, su_timer_t*, su_timer_arg_t* arg) {
        static_cast<impl*>(arg)->send_options();
    }

    void send_options() {
        nua_handle_t* nh = nua_handle(nua, nullptr, NUTAG_URL(uri_with_transport(config.proxy).c_str()), TAG_END());
        if (nh) nua_options(nh, TAG_END());
    }

    // ---- legs ----

    void emit(const leg_state& leg, leg_event::kind what, int status = 0, std::string phrase = {},
              std::string sdp = {}) {
        on_event(leg_event{
            .leg = leg.id, .what = what, .status = status, .phrase = std::move(phrase), .sdp = std::move(sdp)});
    }

    void start_invite(leg_id id, const invite_request& r) {
        auto* leg = new leg_state{.id = id};
        // Built from parts here, so no name can end the header early or add one of its own.
        const std::string from = cvw::sip::name_addr(r.from_display, r.from_uri);
        const std::string call_id = call_ids.make(host_of(config.domain));
        leg->nh = nua_handle(nua, static_cast<handle_owner*>(leg), SIPTAG_TO_STR(r.to_uri.c_str()),
                             SIPTAG_FROM_STR(from.c_str()), SIPTAG_CALL_ID_STR(call_id.c_str()), TAG_END());
        if (!leg->nh) {
            on_event(leg_event{
                .leg = id, .what = leg_event::kind::failure, .status = 500, .phrase = "could not create a SIP handle"});
            on_event(leg_event{.leg = id, .what = leg_event::kind::released});
            delete leg;
            return;
        }
        legs.emplace(id, leg);
        ++owner.active_legs_;
        leg->offered = !r.sdp.empty();
        const std::string call_info = "<" + r.to_uri + ">;answer-after=0";
        nua_invite(leg->nh, TAG_IF(r.assert_identity, SIPTAG_P_ASSERTED_IDENTITY_STR(from.c_str())),
                   TAG_IF(r.auto_answer, SIPTAG_CALL_INFO_STR(call_info.c_str())),
                   TAG_IF(!r.sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                   TAG_IF(!r.sdp.empty(), SIPTAG_PAYLOAD_STR(r.sdp.c_str())), TAG_END());
    }

    /** Refuses a new INVITE before any leg exists for it. */
    void refuse_incoming(nua_handle_t* nh, int status) {
        nua_respond(nh, status, sip_status_phrase(status), TAG_IF(status == 415, SIPTAG_ACCEPT_STR("application/sdp")),
                    TAG_END());
        nua_handle_destroy(nh);
    }

    void accept_incoming(nua_handle_t* nh, const sip_t* sip) {
        if (!sip || malformed(sip)) return refuse_incoming(nh, 400);
        // Calls for cvw users come through the PBX; anyone else could ring people at will.
        if (!from_the_pbx(sip)) return refuse_incoming(nh, 403);
        if (unreadable_body(sip)) return refuse_incoming(nh, 415);
        if (refuses_sdp(sip)) return refuse_incoming(nh, 406);
        auto* leg = new leg_state{.id = owner.next_leg_++};
        leg->nh = nh;
        nua_handle_bind(nh, static_cast<handle_owner*>(leg));
        legs.emplace(leg->id, leg);
        ++owner.active_legs_;
        leg_event e{leg->id, leg_event::kind::invite, 0, {}, body_of(sip)};
        const auto* from = sip->sip_from;
        e.caller.from_user = from->a_url->url_user ? from->a_url->url_user : "";
        e.caller.from_display = from->a_display ? cvw::sip::parse_display_name(from->a_display) : "";
        e.caller.to_user = sip->sip_request->rq_url->url_user ? sip->sip_request->rq_url->url_user : "";
        on_event(std::move(e));
    }

    leg_state* find(leg_id id) {
        auto it = legs.find(id);
        return it == legs.end() ? nullptr : it->second;
    }

    void release(nua_handle_t* nh, leg_state* leg) {
        nua_handle_bind(nh, nullptr);
        nua_handle_destroy(nh);
        if (!leg) return;
        legs.erase(leg->id);
        --owner.active_legs_;
        const auto id = leg->id;
        delete leg;
        on_event(leg_event{.leg = id, .what = leg_event::kind::released});
    }

    void on_invite_response(leg_state& leg, int status, const char* phrase, nua_handle_t* nh, const sip_t* sip) {
        const std::string text = phrase ? phrase : "";
        if (status < 200) return emit(leg, leg_event::kind::provisional, status, text, body_of(sip));
        if ((status == 401 || status == 407) && leg.auth_attempts == 0 && !config.username.empty()) {
            ++leg.auth_attempts;
            const std::string auth = "Digest:" + realm_of(sip) + ":" + config.username + ":" + config.password;
            nua_authenticate(nh, NUTAG_AUTH(auth.c_str()), TAG_END());
            return;
        }
        if (status < 300 && leg.offered && !leg.acked) {
            // The 2xx carries the answer to our offer, so its ACK has no body: send it now. Debian's
            // sofia-sip lets a 1xx that arrives after the 2xx (a proxy's workers can reorder them)
            // reset the transaction, and an ACK asked for after that is never sent.
            nua_ack(nh, TAG_END());
            leg.acked = true;
        }
        if (status < 300) return emit(leg, leg_event::kind::success, status, text, body_of(sip));
        emit(leg, leg_event::kind::failure, status, text);
        // A challenge left unanswered keeps the handle waiting for credentials: end it here.
        if (status == 401 || status == 407) release(nh, &leg);
    }

    // ---- subscriptions ----

    void start_subscription(subscription_id id, const subscribe_request& r) {
        auto* sub = new subscription_state{{true}, id};
        const std::string from = "<sip:cvw@" + config.domain + ">";
        sub->nh = nua_handle(nua, static_cast<handle_owner*>(sub), SIPTAG_TO_STR(r.uri.c_str()),
                             SIPTAG_FROM_STR(from.c_str()), TAG_END());
        if (!sub->nh) {
            on_subscription_event({id, subscription_event::kind::ended, 500});
            delete sub;
            return;
        }
        subscriptions.emplace(id, sub);
        ++owner.active_subscriptions_;
        const auto expires = std::to_string(r.expires_seconds);
        nua_subscribe(sub->nh, SIPTAG_EVENT_STR(r.event.c_str()), SIPTAG_ACCEPT_STR(r.accept.c_str()),
                      SIPTAG_EXPIRES_STR(expires.c_str()), TAG_END());
    }

    void drop_subscription(subscription_state* sub) {
        nua_handle_bind(sub->nh, nullptr);
        nua_handle_destroy(sub->nh);
        subscriptions.erase(sub->id);
        --owner.active_subscriptions_;
        delete sub;
    }

    /** The subscription is over from the PBX's side: tell the owner (unless it asked) and free it. */
    void end_subscription(subscription_state* sub, subscription_event e) {
        if (!sub->unsubscribing) on_subscription_event(std::move(e));
        drop_subscription(sub);
    }

    void on_subscribe_response(subscription_state* sub, int status, nua_handle_t* nh, const sip_t* sip) {
        if (status < 200) return;
        if (sub->unsubscribing) return; // the un-SUBSCRIBE's own answer follows as nua_r_unsubscribe
        if ((status == 401 || status == 407) && sub->auth_attempts == 0 && !config.username.empty()) {
            ++sub->auth_attempts;
            const std::string auth = "Digest:" + realm_of(sip) + ":" + config.username + ":" + config.password;
            nua_authenticate(nh, NUTAG_AUTH(auth.c_str()), TAG_END());
            return;
        }
        if (status < 300) {
            sub->auth_attempts = 0; // a refresh may be challenged again
            on_subscription_event({sub->id, subscription_event::kind::accepted, status});
            return;
        }
        end_subscription(sub, {sub->id, subscription_event::kind::ended, status, {}, retry_after_of(sip)});
    }

    void on_notify(subscription_state* sub, const sip_t* sip) {
        const auto* state = sip ? sip->sip_subscription_state : nullptr;
        const std::string substate = state && state->ss_substate ? state->ss_substate : "active";
        if (!sub->unsubscribing) {
            on_subscription_event({sub->id, subscription_event::kind::notified, 200, body_of(sip)});
        }
        if (substate != "terminated") return;
        const std::string reason = state && state->ss_reason ? state->ss_reason : "";
        subscription_event e{sub->id, subscription_event::kind::ended, 200};
        if (state && state->ss_retry_after) e.retry_after = std::atoi(state->ss_retry_after);
        e.deactivated = reason == "deactivated" || reason == "timeout";
        end_subscription(sub, std::move(e));
    }

    static void callback(nua_event_t event, int status, char const* phrase, nua_t*, nua_magic_t* magic,
                         nua_handle_t* nh, nua_hmagic_t* hmagic, sip_t const* sip, tagi_t tags[]) {
        auto* self = static_cast<impl*>(magic);
        auto* bound = static_cast<handle_owner*>(hmagic);
        auto* sub = bound && bound->is_subscription ? static_cast<subscription_state*>(bound) : nullptr;
        auto* leg = bound && !bound->is_subscription ? static_cast<leg_state*>(bound) : nullptr;
        switch (event) {
        case nua_r_subscribe:
            if (sub) self->on_subscribe_response(sub, status, nh, sip);
            break;
        case nua_i_notify:
            if (sub) self->on_notify(sub, sip);
            break;
        case nua_r_unsubscribe:
            if (sub && status >= 200) self->drop_subscription(sub);
            break;
        case nua_r_invite:
            if (leg) self->on_invite_response(*leg, status, phrase, nh, sip);
            break;
        case nua_i_bye:
            if (leg) self->emit(*leg, leg_event::kind::bye, status, phrase ? phrase : "");
            break;
        case nua_i_invite:
            if (!leg) {
                self->accept_incoming(nh, sip);
            } else if (sip && unreadable_body(sip)) {
                nua_respond(nh, SIP_415_UNSUPPORTED_MEDIA, SIPTAG_ACCEPT_STR("application/sdp"), TAG_END());
            } else {
                self->emit(*leg, leg_event::kind::invite, 0, {}, body_of(sip)); // a re-INVITE
            }
            break;
        case nua_i_options: {
            // cvw answers OPTIONS itself (NUTAG_APPL_METHOD) to refuse what sofia would let through.
            const int answer = !sip || malformed(sip) ? 400 : 200;
            nua_respond(nh, answer, sip_status_phrase(answer), NUTAG_WITH_THIS(self->nua), TAG_END());
            if (!bound) nua_handle_destroy(nh); // a handle made just for this request
            break;
        }
        case nua_i_ack:
            if (leg) self->emit(*leg, leg_event::kind::ack, 0, {}, body_of(sip));
            break;
        case nua_i_cancel:
            // sofia has answered the CANCEL, and the INVITE or re-INVITE it cancels with 487.
            if (leg) self->emit(*leg, leg_event::kind::cancel, status, "cancelled");
            break;
        case nua_i_state: {
            int state = nua_callstate_init;
            tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
            if (state == nua_callstate_terminated) self->release(nh, leg);
            break;
        }
        case nua_r_options:
            if (status >= 200) {
                // Any answer from the proxy proves it is there; 408/503 here are sofia's own.
                self->on_reachability(status != 408 && status != 503, status);
                nua_handle_destroy(nh);
            }
            break;
        case nua_r_shutdown:
            if (status >= 200) su_root_break(self->root);
            break;
        default: break;
        }
    }
};

sofia_agent::sofia_agent(const pbx_config& config, own_call_ids call_ids, event_sink on_event,
                         reachability_sink on_reachability)
    : impl_(std::make_unique<impl>(*this, config, std::move(call_ids), std::move(on_event),
                                   std::move(on_reachability))) {}

sofia_agent::~sofia_agent() { stop(); }

bool sofia_agent::placed(const std::string& call_id) const { return impl_->call_ids.mine(call_id); }

void sofia_agent::on_subscription(subscription_sink sink) { impl_->on_subscription_event = std::move(sink); }

subscription_id sofia_agent::subscribe(subscribe_request request) {
    const subscription_id id = next_subscription_++;
    if (!impl_->thread.post([i = impl_.get(), id, r = std::move(request)] { i->start_subscription(id, r); }))
        impl_->on_subscription_event({id, subscription_event::kind::ended, 503});
    return id;
}

void sofia_agent::unsubscribe(subscription_id id) {
    impl_->thread.post([i = impl_.get(), id] {
        auto it = i->subscriptions.find(id);
        if (it == i->subscriptions.end() || it->second->unsubscribing) return;
        it->second->unsubscribing = true;
        nua_unsubscribe(it->second->nh, TAG_END());
    });
}

std::string sofia_agent::start() {
    auto error = impl_->thread.start([i = impl_.get()](su_root_t* root) { return i->open(root); },
                                     // ends whatever dialog is still up (BYE, CANCEL, or 500 to an unanswered INVITE)
                                     [i = impl_.get()] { nua_shutdown(i->nua); }, [i = impl_.get()] { i->close(); });
    if (!error.empty()) return error;
    const auto colon = impl_->config.listen.rfind(':');
    local_port_ = static_cast<std::uint16_t>(std::stoi(impl_->config.listen.substr(colon + 1)));
    return {};
}

void sofia_agent::stop() { impl_->thread.stop(); }

leg_id sofia_agent::invite(invite_request request) {
    const leg_id id = next_leg_++;
    if (!impl_->thread.post([i = impl_.get(), id, r = std::move(request)] { i->start_invite(id, r); })) {
        impl_->on_event(
            leg_event{.leg = id, .what = leg_event::kind::failure, .status = 503, .phrase = "SIP stack not running"});
        impl_->on_event(leg_event{.leg = id, .what = leg_event::kind::released});
    }
    return id;
}

void sofia_agent::ack(leg_id leg, std::string sdp) {
    impl_->thread.post([i = impl_.get(), leg, sdp = std::move(sdp)] {
        auto* l = i->find(leg);
        if (!l || l->acked) return; // ACKed on arrival (see on_invite_response)
        l->acked = true;
        nua_ack(l->nh, TAG_IF(!sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                TAG_IF(!sdp.empty(), SIPTAG_PAYLOAD_STR(sdp.c_str())), TAG_END());
    });
}

void sofia_agent::reinvite(leg_id leg, std::string sdp) {
    impl_->thread.post([i = impl_.get(), leg, sdp = std::move(sdp)] {
        auto* l = i->find(leg);
        if (!l) return;
        l->offered = !sdp.empty();
        l->acked = false;
        nua_invite(l->nh, TAG_IF(!sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                   TAG_IF(!sdp.empty(), SIPTAG_PAYLOAD_STR(sdp.c_str())), TAG_END());
    });
}

void sofia_agent::respond(leg_id leg, int status, std::string sdp, std::string contact) {
    impl_->thread.post([i = impl_.get(), leg, status, sdp = std::move(sdp), contact = std::move(contact)] {
        auto* l = i->find(leg);
        if (!l) return;
        const char* phrase = sip_status_phrase(status);
        nua_respond(l->nh, status, phrase ? phrase : "Error",
                    TAG_IF(!sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                    TAG_IF(!sdp.empty(), SIPTAG_PAYLOAD_STR(sdp.c_str())),
                    TAG_IF(!contact.empty(), SIPTAG_CONTACT_STR(contact.c_str())),
                    TAG_IF(status == 500, SIPTAG_RETRY_AFTER_STR("1")), // RFC 3261 §14.2: overlapping INVITEs
                    TAG_END());
    });
}

void sofia_agent::cancel(leg_id leg) {
    impl_->thread.post([i = impl_.get(), leg] {
        if (auto* l = i->find(leg)) nua_cancel(l->nh, TAG_END());
    });
}

void sofia_agent::bye(leg_id leg) {
    impl_->thread.post([i = impl_.get(), leg] {
        if (auto* l = i->find(leg)) nua_bye(l->nh, TAG_END());
    });
}

} // namespace cvw::server::sip
