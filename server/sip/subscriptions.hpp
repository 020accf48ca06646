// Event subscriptions at the PBX (RFC 6665), such as each desk phone's dialog state (RFC 4235):
// SUBSCRIBE out, NOTIFYs in as subscription_events, the stack refreshing each before it expires.
#pragma once

#include "sip/nua_handle.hpp"
#include "sip/sip_types.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>

namespace cvw::server::sip {

class pbx_peer;

/** One subscription, bound to its nua handle. */
struct subscription_state : handle_binding {
    static constexpr auto binding_kind = kind::subscription;
    explicit subscription_state(subscription_id subscription) : handle_binding(binding_kind), id(subscription) {}

    const subscription_id id;
    unique_handle nh;
    bool unsubscribing = false; // the owner asked to end it: no more events for it
    int challenges_answered = 0;
};

/** On the sofia thread, except where a method says any thread. */
class subscriptions {
public:
    using event_sink = std::function<void(subscription_event)>;

    explicit subscriptions(const pbx_peer& peer);
    ~subscriptions();
    subscriptions(const subscriptions&) = delete;
    subscriptions& operator=(const subscriptions&) = delete;

    /** Where events go; set before the stack starts. */
    void on_event(event_sink sink) { on_event_ = std::move(sink); }
    /** Any thread: an id no subscription has had. */
    subscription_id next_id() { return next_id_++; }
    /** Any thread: subscriptions whose handle is still alive. */
    std::size_t active() const { return active_.load(); }
    /** Any thread: a subscription that never reached the stack ends with `status`. */
    void fail_unsent(subscription_id id, int status) const;

    /** SUBSCRIBEs with From cvw@domain, through the proxy. */
    void subscribe(nua_t* nua, subscription_id id, const subscribe_request& r);
    /** SUBSCRIBE with Expires: 0; no more events come for it. */
    void unsubscribe(subscription_id id);

    // What the stack reports on a subscription's handle.
    void on_subscribe_response(subscription_state& sub, int status, const sip_t* sip);
    void on_notify(subscription_state& sub, const sip_t* sip);
    void on_unsubscribe_response(subscription_state& sub, int status);

    /** After the stack's loop has ended: forgets every subscription; their handles die with the stack. */
    void abandon_all();

private:
    /** Over from the PBX's side: tells the owner (unless it asked for the end) and frees it. */
    void end(subscription_state& sub, subscription_event e);
    void drop(subscription_state& sub);

    const pbx_peer& peer_;
    event_sink on_event_ = [](const subscription_event&) {};
    std::unordered_map<subscription_id, std::unique_ptr<subscription_state>> subscriptions_;
    std::atomic<std::size_t> active_{0};
    std::atomic<subscription_id> next_id_{1};
};

} // namespace cvw::server::sip
