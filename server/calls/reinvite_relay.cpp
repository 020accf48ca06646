#include "calls/reinvite_relay.hpp"

namespace cvw::server::calls {

namespace notify = call::leg::commands;

bool reinvite_relay::handle(sip_leg& leg, const call::leg::command& notification, bool ready) {
    if (const auto* n = std::get_if<notify::notify_reinvited>(&notification)) {
        // The phone our relayed re-INVITE lost a glare to retried first, as RFC 3261 §14.1 means it
        // to (it waits less): its change goes first, and the one we were relaying gets 491 instead.
        if (ready && pending_ && &leg == pending_->to) {
            pending_->from->answer(491);
            pending_.reset();
        }
        // One change at a time, and only between phones that talk directly; 491 makes a phone retry.
        if (!ready || pending_) {
            leg.answer(491);
            return true;
        }
        auto& to = other(leg);
        pending_ = in_progress{&leg, &to, !n->sdp.empty()};
        to.reinvite(n->sdp.empty() ? std::string() : to.own(n->sdp));
        return true;
    }
    if (!pending_) return false;
    const auto p = *pending_;
    if (&leg == p.to) {
        if (const auto* n = std::get_if<notify::notify_reinvite_answered>(&notification)) {
            if (p.offer_in_invite) pending_.reset(); // the leg ACKed the answer already
            p.from->answer(200, p.from->own(n->sdp));
            return true;
        }
        if (const auto* n = std::get_if<notify::notify_reinvite_failed>(&notification)) {
            p.from->answer(n->status >= 400 ? n->status : 500); // the old session stays
            pending_.reset();
            return true;
        }
    }
    if (&leg == p.from && !p.offer_in_invite) {
        if (const auto* n = std::get_if<notify::notify_acked>(&notification)) {
            p.to->ack(n->sdp.empty() ? sdp::make_rejection(p.to->origin()) : p.to->own(n->sdp));
            pending_.reset();
            return true;
        }
    }
    return false;
}

void reinvite_relay::abandon() {
    if (pending_) pending_->from->answer(500);
    pending_.reset();
}

} // namespace cvw::server::calls
