#include "sip/call_legs.hpp"

#include "sip/message_checks.hpp"
#include "sip/pbx_peer.hpp"

#include "cvw/sip/display_name.hpp"

#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>

namespace cvw::server::sip {
namespace {

/** "host" of "host:port" or "[v6]:port", for the right-hand side of a Call-ID. */
std::string host_of(const std::string& domain) {
    if (!domain.empty() && domain.front() == '[') return domain.substr(0, domain.find(']') + 1);
    return domain.substr(0, domain.find(':'));
}

/** Refuses a new INVITE before any leg exists for it; the handle goes with `nh`. */
void refuse(unique_handle nh, int status) {
    nua_respond(nh.get(), status, sip_status_phrase(status),
                TAG_IF(status == 415, SIPTAG_ACCEPT_STR("application/sdp")), TAG_END());
}

/**
 * Whether sofia made this response itself (its timer ran out, the transport failed) rather than
 * receiving it: nta marks those with a flag its public headers do not name (nta_internal.h,
 * NTA_INTERNAL_MSG). No message at all counts as the stack's own too.
 */
bool made_by_the_stack(const sip_t* sip) {
    constexpr unsigned nta_internal_msg = 1U << 15;
    return !sip || (sip->sip_flags & nta_internal_msg) != 0;
}

} // namespace

call_legs::call_legs(const pbx_peer& peer, own_call_ids call_ids, event_sink on_event)
    : peer_(peer), call_ids_(call_ids), on_event_(std::move(on_event)) {}

call_legs::~call_legs() = default;

void call_legs::fail_unsent(leg_id id, int status, std::string phrase) const {
    on_event_(leg_event{.leg = id,
                        .what = leg_event::kind::failure,
                        .status = status,
                        .phrase = std::move(phrase),
                        .from_peer = false});
    on_event_(leg_event{.leg = id, .what = leg_event::kind::released});
}

// ---- the port's requests ----

void call_legs::invite(nua_t* nua, leg_id id, const invite_request& r) {
    auto leg = std::make_unique<leg_state>(id);
    // Built from parts here, so no name can end the header early or add one of its own.
    const std::string from = cvw::sip::name_addr(r.from_display, r.from_uri);
    const std::string call_id = call_ids_.make(host_of(peer_.config().domain));
    leg->nh.reset(nua_handle(nua, leg.get(), SIPTAG_TO_STR(r.to_uri.c_str()), SIPTAG_FROM_STR(from.c_str()),
                             SIPTAG_CALL_ID_STR(call_id.c_str()), TAG_END()));
    if (!leg->nh) return fail_unsent(id, 500, "could not create a SIP handle");
    leg->offered = !r.sdp.empty();
    nua_handle_t* nh = leg->nh.get();
    add(std::move(leg));
    const std::string call_info = "<" + r.to_uri + ">;answer-after=0";
    // With an offer out, the 2xx is its answer and the stack ACKs it the moment it arrives; a 1xx
    // that a proxy's parallel workers deliver after the 2xx then finds it ACKed already (Debian's
    // sofia-sip lets such a 1xx reset the transaction, and an ACK asked for later is never sent).
    nua_invite(nh, NUTAG_AUTOACK(!r.sdp.empty()),
               TAG_IF(r.assert_identity, SIPTAG_P_ASSERTED_IDENTITY_STR(from.c_str())),
               TAG_IF(r.auto_answer, SIPTAG_CALL_INFO_STR(call_info.c_str())),
               TAG_IF(!r.sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
               TAG_IF(!r.sdp.empty(), SIPTAG_PAYLOAD_STR(r.sdp.c_str())), TAG_END());
}

void call_legs::ack(leg_id id, const std::string& sdp) {
    auto* leg = find(id);
    if (!leg || leg->acked) return; // ACKed on arrival (see on_invite_response)
    leg->acked = true;
    nua_ack(leg->nh.get(), TAG_IF(!sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
            TAG_IF(!sdp.empty(), SIPTAG_PAYLOAD_STR(sdp.c_str())), TAG_END());
}

void call_legs::reinvite(leg_id id, const std::string& sdp) {
    auto* leg = find(id);
    if (!leg) return;
    leg->offered = !sdp.empty();
    leg->acked = false;
    nua_invite(leg->nh.get(), NUTAG_AUTOACK(leg->offered),
               TAG_IF(!sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
               TAG_IF(!sdp.empty(), SIPTAG_PAYLOAD_STR(sdp.c_str())), TAG_END());
}

void call_legs::respond(leg_id id, int status, const std::string& sdp, const std::string& contact) {
    auto* leg = find(id);
    if (!leg) return;
    const char* phrase = sip_status_phrase(status);
    nua_respond(leg->nh.get(), status, phrase ? phrase : "Error",
                TAG_IF(!sdp.empty(), SIPTAG_CONTENT_TYPE_STR("application/sdp")),
                TAG_IF(!sdp.empty(), SIPTAG_PAYLOAD_STR(sdp.c_str())),
                TAG_IF(!contact.empty(), SIPTAG_CONTACT_STR(contact.c_str())),
                TAG_IF(status == 500, SIPTAG_RETRY_AFTER_STR("1")), // RFC 3261 §14.2: overlapping INVITEs
                TAG_END());
}

void call_legs::cancel(leg_id id) {
    if (auto* leg = find(id)) nua_cancel(leg->nh.get(), TAG_END());
}

void call_legs::bye(leg_id id) {
    if (auto* leg = find(id)) nua_bye(leg->nh.get(), TAG_END());
}

// ---- what the stack reports ----

void call_legs::on_invite(leg_state* leg, nua_handle_t* nh, const sip_t* sip) {
    if (!leg) return accept_incoming(unique_handle(nh), sip);
    if (sip && unreadable_body(sip)) {
        nua_respond(nh, SIP_415_UNSUPPORTED_MEDIA, SIPTAG_ACCEPT_STR("application/sdp"), TAG_END());
        return;
    }
    emit(*leg, leg_event::kind::invite, 0, {}, body_of(sip)); // a re-INVITE
}

void call_legs::accept_incoming(unique_handle nh, const sip_t* sip) {
    if (!sip || malformed(sip)) return refuse(std::move(nh), 400);
    // Calls for cvw users come through the PBX; anyone else could ring people at will.
    if (!peer_.sent_this_request(sip)) return refuse(std::move(nh), 403);
    if (unreadable_body(sip)) return refuse(std::move(nh), 415);
    if (refuses_sdp(sip)) return refuse(std::move(nh), 406);
    auto leg = std::make_unique<leg_state>(next_id());
    nua_handle_bind(nh.get(), leg.get());
    leg->nh = std::move(nh);
    leg_event e{.leg = leg->id, .what = leg_event::kind::invite, .sdp = body_of(sip)};
    const auto* from = sip->sip_from;
    e.caller.from_user = from->a_url->url_user ? from->a_url->url_user : "";
    e.caller.from_display = from->a_display ? cvw::sip::parse_display_name(from->a_display) : "";
    e.caller.to_user = sip->sip_request->rq_url->url_user ? sip->sip_request->rq_url->url_user : "";
    add(std::move(leg));
    on_event_(std::move(e));
}

void call_legs::on_invite_response(leg_state& leg, int status, const char* phrase, const sip_t* sip) {
    const std::string text = phrase ? phrase : "";
    if (status < 200) return emit(leg, leg_event::kind::provisional, status, text, body_of(sip));
    if (peer_.answer_challenge(leg.nh.get(), status, sip, leg.challenges_answered)) return;
    if (status < 300 && leg.offered) leg.acked = true; // the stack ACKed it on arrival (see invite())
    if (status < 300) return emit(leg, leg_event::kind::success, status, text, body_of(sip));
    on_event_(leg_event{.leg = leg.id,
                        .what = leg_event::kind::failure,
                        .status = status,
                        .phrase = text,
                        .from_peer = !made_by_the_stack(sip)});
    // A challenge left unanswered keeps the handle waiting for credentials: end it here.
    if (status == 401 || status == 407) release(leg);
}

void call_legs::on_ack(leg_state& leg, const sip_t* sip) { emit(leg, leg_event::kind::ack, 0, {}, body_of(sip)); }

void call_legs::on_bye(leg_state& leg, int status, const char* phrase) {
    emit(leg, leg_event::kind::bye, status, phrase ? phrase : "");
}

void call_legs::on_cancel(leg_state& leg, int status) {
    // sofia has answered the CANCEL, and the INVITE or re-INVITE it cancels with 487.
    emit(leg, leg_event::kind::cancel, status, "cancelled");
}

void call_legs::on_call_state(leg_state* leg, nua_handle_t* nh, tagi_t tags[]) {
    int state = nua_callstate_init;
    tl_gets(tags, NUTAG_CALLSTATE_REF(state), TAG_END());
    if (state != nua_callstate_terminated) return;
    if (leg) release(*leg);
    else nua_handle_destroy(nh); // a call no leg took
}

void call_legs::abandon_all() {
    for (auto& [id, leg] : legs_) static_cast<void>(leg->nh.release()); // nua_destroy frees the handles
    legs_.clear();
    active_ = 0;
}

// ---- bookkeeping ----

leg_state* call_legs::find(leg_id id) {
    auto it = legs_.find(id);
    return it == legs_.end() ? nullptr : it->second.get();
}

void call_legs::add(std::unique_ptr<leg_state> leg) {
    const leg_id id = leg->id;
    legs_.emplace(id, std::move(leg));
    ++active_;
}

void call_legs::release(leg_state& leg) {
    const leg_id id = leg.id;
    legs_.erase(id); // destroys the handle
    --active_;
    on_event_(leg_event{.leg = id, .what = leg_event::kind::released});
}

void call_legs::emit(const leg_state& leg, leg_event::kind what, int status, std::string phrase,
                     std::string sdp) const {
    on_event_(
        leg_event{.leg = leg.id, .what = what, .status = status, .phrase = std::move(phrase), .sdp = std::move(sdp)});
}

} // namespace cvw::server::sip
