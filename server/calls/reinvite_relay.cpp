#include "calls/reinvite_relay.hpp"

#include "sip/sofia_agent.hpp"

namespace cvw::server::calls {

using kind = sip::leg_event::kind;

reinvite_relay::reinvite_relay(sip::sofia_agent& agent, sip::leg_id a, sdp::origin& a_origin, sip::leg_id b,
                               sdp::origin& b_origin)
    : agent_(agent), a_(a), b_(b), a_origin_(a_origin), b_origin_(b_origin) {}

bool reinvite_relay::handle(const sip::leg_event& e, bool ready) {
    if (e.leg != a_ && e.leg != b_) return false;
    if (e.what == kind::reinvited) {
        // One change at a time, and only between phones that talk directly; 491 makes a phone retry.
        if (!ready || pending_) {
            agent_.answer_reinvite(e.leg, 491);
            return true;
        }
        const auto to = other(e.leg);
        pending_ = in_progress{e.leg, to, !e.sdp.empty()};
        agent_.reinvite(to, e.sdp.empty() ? std::string() : sdp::rewrite_origin(e.sdp, origin_of(to)));
        return true;
    }
    if (!pending_) return false;
    const auto p = *pending_;
    if (e.leg == p.to && e.what == kind::reinvite_answered) {
        if (p.offer_in_invite) {
            agent_.ack(p.to);
            pending_.reset();
        }
        agent_.answer_reinvite(p.from, 200, sdp::rewrite_origin(e.sdp, origin_of(p.from)));
        return true;
    }
    if (e.leg == p.to && e.what == kind::reinvite_failed) {
        agent_.answer_reinvite(p.from, e.status >= 400 ? e.status : 500); // the old session stays
        pending_.reset();
        return true;
    }
    if (e.leg == p.from && e.what == kind::acked && !p.offer_in_invite) {
        agent_.ack(p.to, e.sdp.empty() ? sdp::make_rejection(origin_of(p.to)) : sdp::rewrite_origin(e.sdp, origin_of(p.to)));
        pending_.reset();
        return true;
    }
    return false;
}

void reinvite_relay::abandon() {
    if (pending_) agent_.answer_reinvite(pending_->from, 500);
    pending_.reset();
}

} // namespace cvw::server::calls
