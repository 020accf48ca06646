#include "calls/sip_leg.hpp"

#include "calls/call_trace.hpp"

#include "cvw/overloaded.hpp"

#include <random>
#include <utility>

namespace cvw::server::calls {

namespace leg = call::leg;

namespace {

/** A glare back-off in [min, max] ms. One generator per thread: a leg is too small to carry its own. */
std::int64_t random_between(std::int64_t min, std::int64_t max) {
    static thread_local std::mt19937 random{std::random_device{}()};
    return std::uniform_int_distribution<std::int64_t>(min, max)(random);
}

} // namespace

sip_leg::sip_leg(sip_leg_port& sip, call_clock& clock, leg::leg_direction direction, sdp::origin origin,
                 std::string call_id, std::string role, listener on_notify)
    : sip_(sip), clock_(clock), machine_(direction), origin_(std::move(origin)), call_id_(std::move(call_id)),
      role_(std::move(role)), on_notify_(std::move(on_notify)) {}

sip_leg::~sip_leg() {
    if (glare_timer_) clock_.cancel(glare_timer_);
}

void sip_leg::renew() {
    if (glare_timer_) clock_.cancel(glare_timer_);
    glare_timer_ = 0;
    machine_ = leg::sip_leg_machine(machine_.direction());
    id_ = 0;
}

void sip_leg::rebind(std::string call_id, std::string role, listener on_notify) {
    call_id_ = std::move(call_id);
    role_ = std::move(role);
    on_notify_ = std::move(on_notify);
}

void sip_leg::invite(sip::invite_request request) {
    auto offer = request.sdp;
    request_ = std::move(request);
    feed(leg::events::invite_requested{std::move(offer)});
}

void sip_leg::adopt(sip::leg_id id, std::string sdp) {
    id_ = id;
    if (!sdp.empty()) peer_sdp_ = sdp;
    feed(leg::events::invite_received{std::move(sdp)});
}

void sip_leg::ack(std::string sdp) { feed(leg::events::ack_requested{std::move(sdp)}); }

void sip_leg::reinvite(std::string sdp) { feed(leg::events::reinvite_requested{std::move(sdp)}); }

void sip_leg::answer(int status, std::string sdp, std::string contact) {
    contact_ = std::move(contact);
    feed(leg::events::answer_requested{status, std::move(sdp)});
}

void sip_leg::hang_up(int refusal) { feed(leg::events::hangup_requested{refusal}); }

void sip_leg::on_event(const sip::leg_event& e) {
    using kind = sip::leg_event::kind;
    if (!e.sdp.empty() && e.what != kind::failure) peer_sdp_ = e.sdp;
    switch (e.what) {
    case kind::provisional: feed(leg::events::provisional_received{e.status, e.sdp}); break;
    case kind::success: feed(leg::events::success_received{e.sdp}); break;
    case kind::failure: feed(leg::events::failure_received{e.status, e.from_peer}); break;
    case kind::invite: feed(leg::events::invite_received{e.sdp}); break;
    case kind::ack: feed(leg::events::ack_received{e.sdp}); break;
    case kind::bye: feed(leg::events::bye_received{}); break;
    case kind::cancel: feed(leg::events::cancel_received{}); break;
    case kind::released: feed(leg::events::released{}); break;
    }
}

void sip_leg::feed(const leg::event& e) {
    const auto from = machine_.current();
    if (machine_.handle(e))
        trace_leg_transition(call_id_, role_, to_string(from), leg::to_string(e), to_string(machine_.current()));
    leg::command c;
    while (machine_.next_command(c)) execute(c);
}

void sip_leg::execute(const leg::command& c) {
    namespace cmd = leg::commands;
    std::visit(overloaded{
                   [&](const cmd::send_invite& x) {
                       request_.sdp = x.sdp;
                       id_ = sip_.invite(std::exchange(request_, {})); // kept only until it is sent
                   },
                   [&](const cmd::send_ack& x) { sip_.ack(id_, x.sdp); },
                   [&](const cmd::send_ack_rejecting&) { sip_.ack(id_, sdp::make_rejection(origin_)); },
                   [&](const cmd::send_reinvite& x) { sip_.reinvite(id_, x.sdp); },
                   [&](const cmd::send_response& x) {
                       sip_.respond(id_, x.status, x.sdp, x.status >= 300 && x.status < 400 ? contact_ : "");
                   },
                   [&](const cmd::send_cancel&) { sip_.cancel(id_); },
                   [&](const cmd::send_bye&) { sip_.bye(id_); },
                   [&](const cmd::arm_timer& x) {
                       glare_timer_ = clock_.arm(std::chrono::milliseconds(random_between(x.min_ms, x.max_ms)), [this] {
                           glare_timer_ = 0;
                           feed(leg::events::timer_fired{leg::leg_timer::glare_retry});
                       });
                   },
                   [&](const cmd::cancel_timer&) {
                       clock_.cancel(glare_timer_);
                       glare_timer_ = 0;
                   },
                   [&](const auto& notification) { on_notify_(*this, notification); },
               },
               c);
}

} // namespace cvw::server::calls
