// The incoming-call driver: the caller's leg (adopted from the stack) and the desk-phone leg are
// each their own machine's business (calls/sip_leg.cpp); this file joins them as the business
// machine (shared/cvw/call/incoming_call_machine.cpp) says.
#include "calls/incoming_call.hpp"

#include "calls/call_trace.hpp"
#include "cvw/overloaded.hpp"

namespace cvw::server::calls {

using namespace cvw::call::incoming;
namespace leg = cvw::call::leg;
namespace notify = cvw::call::leg::commands;

incoming_call::incoming_call(call_environment& env, std::string id, sip::leg_id caller_leg, std::string caller_sdp,
                             incoming_target target, std::int64_t now_ms)
    : env_(env), id_(std::move(id)), target_(std::move(target)), started_at_ms_(now_ms),
      caller_(env.sip, env.clock, leg::leg_direction::incoming, new_origin(env.media_address), id_, "caller",
              [this](sip_leg&, const leg::command& n) { on_caller(n); }),
      desk_(env.sip, env.clock, leg::leg_direction::outgoing, new_origin(env.media_address), id_, "desk",
            [this](sip_leg&, const leg::command& n) { on_desk(n); }),
      caller_sdp_(std::move(caller_sdp)) {
    caller_.adopt(caller_leg, caller_sdp_);
}

incoming_call::~incoming_call() {
    if (no_answer_timer_) env_.clock.cancel(no_answer_timer_);
}

void incoming_call::start() {
    env_.bind_leg(caller_.id(), id_);
    feed(events::call_arrived{target_.settings});
    if (machine_.current() == state::ringing) caller_.answer(180);
}

void incoming_call::feed(const event& e) {
    const auto from = machine_.current();
    if (machine_.handle(e)) trace_transition(id_, to_string(from), name_of(e), to_string(machine_.current()));
    command c;
    while (machine_.next_command(c)) execute(c);
}

void incoming_call::execute(const command& c) {
    const auto handlers = overloaded{
        [&](const commands::invite_desk_phone& cmd) {
            // Accept dials a desk phone again that failed (busy) while the tabs rang: a new dialog.
            if (desk_.state() != leg::state::idle) desk_.renew();
            // The desk phone shows who calls; it gets the caller's offer (or none, for a late offer).
            desk_.invite({.to_uri = uri_for(cmd.number),
                          .from_display = target_.caller_name,
                          .from_uri = uri_for(target_.caller_number),
                          .assert_identity = true,
                          .sdp = caller_sdp_.empty() ? std::string() : desk_.own(caller_sdp_),
                          .auto_answer = cmd.auto_answer});
            env_.bind_leg(desk_.id(), id_);
        },
        [&](const commands::cancel_desk_phone&) { desk_.hang_up(); },
        [&](const commands::bye_desk_phone&) { desk_.hang_up(); },
        [&](const commands::answer_caller&) {
            caller_.answer(200, caller_.own(desk_sdp_));
            waiting_for_caller_ack_ = caller_sdp_.empty();
            phones_talking_ = !waiting_for_caller_ack_;
        },
        [&](const commands::reject_caller& cmd) { caller_.answer(cmd.status); },
        [&](const commands::redirect_caller& cmd) { caller_.answer(302, "", "<" + uri_for(cmd.number) + ">"); },
        [&](const commands::bye_caller&) { caller_.hang_up(); },
        [&](const commands::arm_no_answer_timer& cmd) {
            no_answer_timer_ = env_.clock.arm(std::chrono::milliseconds(cmd.after_ms), [self = shared_from_this()] {
                self->no_answer_timer_ = 0;
                self->feed(events::no_answer_timeout{});
            });
        },
        [&](const commands::cancel_no_answer_timer&) {
            env_.clock.cancel(no_answer_timer_);
            no_answer_timer_ = 0;
        },
        [&](const commands::report_state& cmd) {
            if (cmd.now == state::connected) connected_at_ms_ = env_.clock.now_ms();
            if (cmd.now == state::ended) {
                env_.clock.cancel(no_answer_timer_);
                no_answer_timer_ = 0;
                reinvites_.abandon();
            }
            env_.report(call::call_update{
                .call_id = id_,
                .user_id = target_.user_id,
                .progress = call::incoming_progress{.now = cmd.now,
                                                    .how = cmd.how,
                                                    .desk_phone_ringing = machine_.desk_phone_ringing(),
                                                    .tabs_ring = machine_.tabs_ring()},
                .peer = {.name = target_.caller_name,
                         .number = target_.caller_number,
                         .username = target_.caller_username},
                .started_at_ms = started_at_ms_,
                .connected_at_ms = connected_at_ms_,
                .ended_at_ms = cmd.now == state::ended ? env_.clock.now_ms() : 0});
        },
    };
    std::visit(handlers, c);
}

void incoming_call::on_leg_event(const sip::leg_event& e) {
    if (e.leg == caller_.id()) caller_.on_event(e);
    else if (e.leg == desk_.id()) desk_.on_event(e);
}

void incoming_call::on_caller(const leg::command& n) {
    // Hold and resume pass between the two phones once they talk; before that a re-INVITE waits (491).
    if (reinvites_.handle(caller_, n, phones_talking_ && machine_.current() == state::connected)) {
        // A relayed re-INVITE got 481 or 408: the leg BYEd its dialog, which is gone (RFC 3261 §12.2.1.2)
        if (caller_.state() == leg::state::ending) feed(events::caller_hung_up{});
        return;
    }
    std::visit(overloaded{
                   [&](const notify::notify_hung_up_by_peer&) { feed(events::caller_hung_up{}); },
                   [&](const notify::notify_acked& x) {
                       // A late-offer caller answers the desk phone's offer in its ACK; pass it on.
                       if (!waiting_for_caller_ack_) return;
                       waiting_for_caller_ack_ = false;
                       phones_talking_ = true;
                       desk_.ack(x.sdp.empty() ? sdp::make_rejection(desk_.origin()) : desk_.own(x.sdp));
                   },
                   [&](const auto&) {},
               },
               n);
}

void incoming_call::on_desk(const leg::command& n) {
    if (reinvites_.handle(desk_, n, phones_talking_ && machine_.current() == state::connected)) {
        if (desk_.state() == leg::state::ending) feed(events::desk_phone_hung_up{}); // as for the caller
        return;
    }
    std::visit(overloaded{
                   [&](const notify::notify_answered& x) {
                       desk_sdp_ = x.sdp;
                       const bool wanted =
                           machine_.current() == state::ringing || machine_.current() == state::accepted;
                       // Answered just as the call ended: the leg ACKs (declining any offer) and BYEs.
                       if (!wanted) return desk_.hang_up();
                       feed(events::desk_phone_answered{});
                   },
                   [&](const notify::notify_failed& x) {
                       feed(events::desk_phone_failed{cvw::call::classify_sip_status(x.status)});
                   },
                   [&](const notify::notify_hung_up_by_peer&) { feed(events::desk_phone_hung_up{}); },
                   [&](const auto&) {},
               },
               n);
}

} // namespace cvw::server::calls
