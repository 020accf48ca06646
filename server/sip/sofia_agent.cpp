// The agent's face to the rest of the server: each call crosses to the sofia thread as a posted
// task that works on the stack there (call_legs, subscriptions); what cannot cross fails at once.
#include "sip/sofia_agent.hpp"

#include "sip/sofia_stack.hpp"
#include "sip/sofia_thread.hpp"

namespace cvw::server::sip {

sofia_agent::sofia_agent(const pbx_config& config, own_call_ids call_ids, event_sink on_event,
                         reachability_sink on_reachability)
    : stack_(std::make_unique<sofia_stack>(config, call_ids, std::move(on_event), std::move(on_reachability))),
      thread_(std::make_unique<sofia_thread>()) {}

sofia_agent::~sofia_agent() { stop(); }

std::string sofia_agent::start() {
    sofia_stack* stack = stack_.get();
    auto error = thread_->start([stack](su_root_t* root) { return stack->open(root); }, [stack] { stack->shut_down(); },
                                [stack] { stack->close(); });
    if (!error.empty()) return error;
    if (stack->local_port() != 0) return {};
    stop();
    return "the SIP stack did not say which port it listens on";
}

void sofia_agent::stop() { thread_->stop(); }

void sofia_agent::on_subscription(subscription_sink sink) { stack_->subscriptions().on_event(std::move(sink)); }

bool sofia_agent::placed(const std::string& call_id) const { return stack_->call_legs().placed(call_id); }

std::size_t sofia_agent::active_legs() const { return stack_->call_legs().active(); }

std::size_t sofia_agent::active_subscriptions() const { return stack_->subscriptions().active(); }

std::uint16_t sofia_agent::local_port() const { return stack_->local_port(); }

// ---- the SIP-leg port ----

leg_id sofia_agent::invite(invite_request request) {
    auto& legs = stack_->call_legs();
    const leg_id id = legs.next_id();
    if (!thread_->post([s = stack_.get(), id, r = std::move(request)] { s->call_legs().invite(s->nua(), id, r); }))
        legs.fail_unsent(id, 503, "SIP stack not running");
    return id;
}

void sofia_agent::ack(leg_id leg, std::string sdp) {
    thread_->post([s = stack_.get(), leg, sdp = std::move(sdp)] { s->call_legs().ack(leg, sdp); });
}

void sofia_agent::reinvite(leg_id leg, std::string sdp) {
    thread_->post([s = stack_.get(), leg, sdp = std::move(sdp)] { s->call_legs().reinvite(leg, sdp); });
}

void sofia_agent::respond(leg_id leg, int status, std::string sdp, std::string contact) {
    thread_->post([s = stack_.get(), leg, status, sdp = std::move(sdp), contact = std::move(contact)] {
        s->call_legs().respond(leg, status, sdp, contact);
    });
}

void sofia_agent::cancel(leg_id leg) {
    thread_->post([s = stack_.get(), leg] { s->call_legs().cancel(leg); });
}

void sofia_agent::bye(leg_id leg) {
    thread_->post([s = stack_.get(), leg] { s->call_legs().bye(leg); });
}

// ---- subscriptions ----

subscription_id sofia_agent::subscribe(subscribe_request request) {
    auto& subscriptions = stack_->subscriptions();
    const subscription_id id = subscriptions.next_id();
    if (!thread_->post(
            [s = stack_.get(), id, r = std::move(request)] { s->subscriptions().subscribe(s->nua(), id, r); }))
        subscriptions.fail_unsent(id, 503);
    return id;
}

void sofia_agent::unsubscribe(subscription_id id) {
    thread_->post([s = stack_.get(), id] { s->subscriptions().unsubscribe(id); });
}

} // namespace cvw::server::sip
