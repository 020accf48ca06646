// The INVITE legs: each request of the SIP-leg port carried out on the sofia thread, and what the
// stack reports on a call's handle turned into leg_events. Decides nothing about calls.
#pragma once

#include "sip/nua_handle.hpp"
#include "sip/own_call_ids.hpp"
#include "sip/sip_types.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <unordered_map>

namespace cvw::server::sip {

class pbx_peer;

/**
 * One INVITE dialog, bound to its nua handle. What a response means for the call is the leg
 * machine's to say (calls/sip_leg.cpp); this keeps only what sofia needs.
 */
struct leg_state : handle_binding {
    static constexpr auto binding_kind = kind::leg;
    explicit leg_state(leg_id leg) : handle_binding(binding_kind), id(leg) {}

    const leg_id id;
    unique_handle nh;
    bool offered = false; // our pending INVITE or re-INVITE carries an SDP offer
    bool acked = false;   // its 2xx has been ACKed
    int challenges_answered = 0;
};

/** On the sofia thread, except where a method says any thread. */
class call_legs {
public:
    using event_sink = std::function<void(leg_event)>;

    /** `call_ids` makes the Call-ID of each INVITE cvw sends, and recognises them (placed()). */
    call_legs(const pbx_peer& peer, own_call_ids call_ids, event_sink on_event);
    ~call_legs();
    call_legs(const call_legs&) = delete;
    call_legs& operator=(const call_legs&) = delete;

    /** Any thread: an id no leg has had. */
    leg_id next_id() { return next_id_++; }
    /** Any thread: legs whose dialog still holds resources. */
    std::size_t active() const { return active_.load(); }
    /** Any thread: whether cvw placed a call with this Call-ID (see sofia_agent::placed). */
    bool placed(const std::string& call_id) const { return call_ids_.mine(call_id); }
    /** Any thread: a leg that never reached the stack fails with `status`, then is released. */
    void fail_unsent(leg_id id, int status, std::string phrase) const;

    // The port's requests (calls/sip_leg_port.hpp), on the leg they name; a gone leg ignores them.
    void invite(nua_t* nua, leg_id id, const invite_request& r);
    void ack(leg_id id, const std::string& sdp);
    void reinvite(leg_id id, const std::string& sdp);
    void respond(leg_id id, int status, const std::string& sdp, const std::string& contact);
    void cancel(leg_id id);
    void bye(leg_id id);

    // What the stack reports on a leg's handle; `leg` is null when the handle has none yet.
    void on_invite(leg_state* leg, nua_handle_t* nh, const sip_t* sip); // a new call, or a re-INVITE
    void on_invite_response(leg_state& leg, int status, const char* phrase, const sip_t* sip);
    void on_ack(leg_state& leg, const sip_t* sip);
    void on_bye(leg_state& leg, int status, const char* phrase);
    void on_cancel(leg_state& leg, int status);
    void on_call_state(leg_state* leg, nua_handle_t* nh, tagi_t tags[]);

    /** After the stack's loop has ended: forgets every leg; their handles die with the stack. */
    void abandon_all();

private:
    void accept_incoming(unique_handle nh, const sip_t* sip);
    leg_state* find(leg_id id);
    void add(std::unique_ptr<leg_state> leg);
    void release(leg_state& leg);
    void emit(const leg_state& leg, leg_event::kind what, int status = 0, std::string phrase = {},
              std::string sdp = {}) const;

    const pbx_peer& peer_;
    const own_call_ids call_ids_; // immutable: read from any thread through placed()
    event_sink on_event_;
    std::unordered_map<leg_id, std::unique_ptr<leg_state>> legs_;
    std::atomic<std::size_t> active_{0};
    std::atomic<leg_id> next_id_{1};
};

} // namespace cvw::server::sip
