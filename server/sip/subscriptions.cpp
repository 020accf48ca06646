#include "sip/subscriptions.hpp"

#include "sip/message_checks.hpp"
#include "sip/pbx_peer.hpp"

#include <sofia-sip/sip_header.h>

#include <cstdlib>
#include <optional>

namespace cvw::server::sip {
namespace {

/** Seconds in a Retry-After header, if there is one. */
std::optional<int> retry_after_of(const sip_t* sip) {
    if (!sip || !sip->sip_retry_after) return std::nullopt;
    return static_cast<int>(sip->sip_retry_after->af_delta);
}

} // namespace

subscriptions::subscriptions(const pbx_peer& peer) : peer_(peer) {}

subscriptions::~subscriptions() = default;

void subscriptions::fail_unsent(subscription_id id, int status) const {
    on_event_({.id = id, .what = subscription_event::kind::ended, .status = status});
}

void subscriptions::subscribe(nua_t* nua, subscription_id id, const subscribe_request& r) {
    auto sub = std::make_unique<subscription_state>(id);
    const std::string from = "<sip:cvw@" + peer_.config().domain + ">";
    sub->nh.reset(nua_handle(nua, sub.get(), SIPTAG_TO_STR(r.uri.c_str()), SIPTAG_FROM_STR(from.c_str()), TAG_END()));
    if (!sub->nh) return fail_unsent(id, 500);
    nua_handle_t* nh = sub->nh.get();
    subscriptions_.emplace(id, std::move(sub));
    ++active_;
    const auto expires = std::to_string(r.expires_seconds);
    nua_subscribe(nh, SIPTAG_EVENT_STR(r.event.c_str()), SIPTAG_ACCEPT_STR(r.accept.c_str()),
                  SIPTAG_EXPIRES_STR(expires.c_str()), TAG_END());
}

void subscriptions::unsubscribe(subscription_id id) {
    auto it = subscriptions_.find(id);
    if (it == subscriptions_.end() || it->second->unsubscribing) return;
    it->second->unsubscribing = true;
    nua_unsubscribe(it->second->nh.get(), TAG_END());
}

void subscriptions::on_subscribe_response(subscription_state& sub, int status, const sip_t* sip) {
    if (status < 200) return;
    if (sub.unsubscribing) return; // the un-SUBSCRIBE's own answer follows as nua_r_unsubscribe
    if (peer_.answer_challenge(sub.nh.get(), status, sip, sub.challenges_answered)) return;
    if (status < 300) {
        sub.challenges_answered = 0; // a refresh may be challenged again
        on_event_({.id = sub.id, .what = subscription_event::kind::accepted, .status = status});
        return;
    }
    end(sub,
        {.id = sub.id, .what = subscription_event::kind::ended, .status = status, .retry_after = retry_after_of(sip)});
}

void subscriptions::on_notify(subscription_state& sub, const sip_t* sip) {
    const auto* state = sip ? sip->sip_subscription_state : nullptr;
    const std::string substate = state && state->ss_substate ? state->ss_substate : "active";
    if (!sub.unsubscribing)
        on_event_({.id = sub.id, .what = subscription_event::kind::notified, .status = 200, .body = body_of(sip)});
    if (substate != "terminated") return;
    const std::string reason = state && state->ss_reason ? state->ss_reason : "";
    subscription_event e{.id = sub.id, .what = subscription_event::kind::ended, .status = 200};
    if (state && state->ss_retry_after) e.retry_after = std::atoi(state->ss_retry_after);
    e.deactivated = reason == "deactivated" || reason == "timeout";
    end(sub, std::move(e));
}

void subscriptions::on_unsubscribe_response(subscription_state& sub, int status) {
    if (status >= 200) drop(sub);
}

void subscriptions::abandon_all() {
    for (auto& [id, sub] : subscriptions_) static_cast<void>(sub->nh.release()); // nua_destroy frees the handles
    subscriptions_.clear();
    active_ = 0;
}

void subscriptions::end(subscription_state& sub, subscription_event e) {
    if (!sub.unsubscribing) on_event_(std::move(e));
    drop(sub);
}

void subscriptions::drop(subscription_state& sub) {
    const subscription_id id = sub.id;
    subscriptions_.erase(id); // destroys the handle
    --active_;
}

} // namespace cvw::server::sip
