// The SIP user agent: sofia-sip NUA on its own su_root thread. The only header family that
// knows sofia exists is this directory's .cpp files; callers see leg ids and plain values.
#pragma once

#include "calls/sip_leg_port.hpp"
#include "config/server_config.hpp"
#include "sip/own_call_ids.hpp"
#include "sip/sip_types.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace cvw::server::sip {

class sofia_stack;
class sofia_thread;

/**
 * Thread-safe: every method posts to the sofia thread and returns at once. Events come back
 * through the sink, called on the sofia thread; the sink must only copy and post them.
 */
class sofia_agent final : public calls::sip_leg_port {
public:
    using event_sink = std::function<void(leg_event)>;
    using reachability_sink = std::function<void(bool reachable, int status)>;
    using subscription_sink = std::function<void(subscription_event)>;

    /** `call_ids` makes the Call-ID of each INVITE cvw sends, and recognises them (placed()). */
    sofia_agent(const pbx_config& config, own_call_ids call_ids, event_sink on_event,
                reachability_sink on_reachability);
    ~sofia_agent() override;
    sofia_agent(const sofia_agent&) = delete;
    sofia_agent& operator=(const sofia_agent&) = delete;

    /** Where subscription events go (called on the sofia thread like the others); before start(). */
    void on_subscription(subscription_sink sink);

    /** Starts the thread and binds; returns an error message, or empty on success. */
    std::string start();
    /** Ends every dialog, shuts the stack down and joins the thread; again, or after a failed start, it does nothing. */
    void stop();

    // The SIP-leg port (see calls/sip_leg_port.hpp): requests and responses on legs, sent as asked.
    // Facts come back through the event sink; a 2xx answering cvw's own offer is ACKed on arrival.
    leg_id invite(invite_request request) override;
    void ack(leg_id leg, std::string sdp) override;
    void reinvite(leg_id leg, std::string sdp) override;
    void respond(leg_id leg, int status, std::string sdp, std::string contact) override;
    void cancel(leg_id leg) override;
    void bye(leg_id leg) override;

    /** SUBSCRIBEs (with From cvw@domain, through the proxy); the stack refreshes each before it expires. */
    subscription_id subscribe(subscribe_request request);
    /** Ends a subscription (SUBSCRIBE with Expires: 0); no more events come for it. */
    void unsubscribe(subscription_id id);

    /**
     * True when cvw itself placed a call with this Call-ID (any cvw on the same database, before or
     * after a restart), so a dialog the PBX reports for a desk phone can be told apart from calls
     * made around cvw.
     */
    bool placed(const std::string& call_id) const;

    /** Legs whose dialog still holds resources; zero when nothing leaks. */
    std::size_t active_legs() const;
    /** Subscriptions whose handle is still alive; zero when nothing leaks. */
    std::size_t active_subscriptions() const;
    /** The local SIP port the stack bound (the system's pick when the config says 0); 0 before start(). */
    std::uint16_t local_port() const;

private:
    std::unique_ptr<sofia_stack> stack_;   // everything sofia; used on the sofia thread only
    std::unique_ptr<sofia_thread> thread_; // after stack_: it stops, and joins, before the stack goes
};

} // namespace cvw::server::sip
