#include "calls/incoming_call.hpp"

#include "app/clock.hpp"
#include "cvw/overloaded.hpp"
#include "sip/sofia_agent.hpp"

namespace cvw::server::calls {

using namespace cvw::call::incoming;
using kind = sip::leg_event::kind;

incoming_call::incoming_call(call_environment& env, std::string id, sip::leg_id caller_leg, std::string caller_sdp,
                             incoming_target target, std::int64_t now_ms)
    : env_(env), id_(std::move(id)), target_(std::move(target)), started_at_ms_(now_ms), caller_leg_(caller_leg),
      caller_sdp_(std::move(caller_sdp)), caller_origin_(new_origin(env.media_address)),
      desk_origin_(new_origin(env.media_address)), no_answer_timer_(env.executor) {}

void incoming_call::start() {
    env_.bind_leg(caller_leg_, id_);
    feed(events::call_arrived{target_.settings});
    if (machine_.current() == state::ringing) env_.agent.respond(caller_leg_, 180);
}

void incoming_call::feed(const event& e) {
    machine_.handle(e);
    command c;
    while (machine_.next_command(c)) execute(c);
}

void incoming_call::execute(const command& c) {
    std::visit(
        overloaded{
            [&](const commands::invite_desk_phone& cmd) {
                // The desk phone shows who calls; it gets the caller's offer (or none, for a late offer).
                const auto offer = caller_sdp_.empty() ? std::string() : sdp::rewrite_origin(caller_sdp_, desk_origin_);
                desk_leg_ = env_.agent.invite({.to_uri = uri_for(cmd.number),
                                               .from_display = target_.caller_name,
                                               .from_uri = uri_for(target_.caller_number),
                                               .assert_identity = true,
                                               .sdp = offer,
                                               .auto_answer = cmd.auto_answer});
                desk_released_ = false;
                env_.bind_leg(desk_leg_, id_);
            },
            [&](const commands::cancel_desk_phone&) {
                if (!desk_released_) env_.agent.hang_up(desk_leg_);
            },
            [&](const commands::bye_desk_phone&) {
                if (!desk_released_) env_.agent.hang_up(desk_leg_);
            },
            [&](const commands::answer_caller&) {
                env_.agent.respond(caller_leg_, 200, sdp::rewrite_origin(desk_sdp_, caller_origin_));
                waiting_for_caller_ack_ = caller_sdp_.empty();
                phones_talking_ = !waiting_for_caller_ack_;
            },
            [&](const commands::reject_caller& cmd) { env_.agent.respond(caller_leg_, cmd.status); },
            [&](const commands::redirect_caller& cmd) {
                env_.agent.respond(caller_leg_, 302, "", "<" + uri_for(cmd.number) + ">");
            },
            [&](const commands::bye_caller&) {
                if (!caller_released_) env_.agent.hang_up(caller_leg_);
            },
            [&](const commands::arm_no_answer_timer& cmd) {
                no_answer_timer_.expires_after(std::chrono::milliseconds(cmd.after_ms));
                no_answer_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
                    if (!ec) self->feed(events::no_answer_timeout{});
                });
            },
            [&](const commands::cancel_no_answer_timer&) { no_answer_timer_.cancel(); },
            [&](const commands::report_state& cmd) {
                if (cmd.now == state::connected) connected_at_ms_ = now_ms();
                if (cmd.now == state::ended) {
                    no_answer_timer_.cancel();
                    if (reinvites_) reinvites_->abandon();
                }
                env_.report_incoming(target_.user_id,
                                     protocol::incoming_call{id_, std::string(to_string(cmd.now)), target_.caller_name,
                                                             target_.caller_number, target_.caller_username,
                                                             cmd.now == state::ended ? std::string(to_string(cmd.how)) : "",
                                                             describe(cmd.how, target_.caller_name.empty()
                                                                                   ? target_.caller_number
                                                                                   : target_.caller_name),
                                                             machine_.desk_phone_ringing(), started_at_ms_, connected_at_ms_});
            },
        },
        c);
}

void incoming_call::on_leg_event(const sip::leg_event& e) {
    // Hold and resume pass between the two phones once they talk; before that a re-INVITE waits (491).
    if (!reinvites_ && phones_talking_) reinvites_.emplace(env_.agent, caller_leg_, caller_origin_, desk_leg_, desk_origin_);
    if (reinvites_ && reinvites_->handle(e, machine_.current() == state::connected)) return;
    if (e.what == kind::reinvited) return env_.agent.answer_reinvite(e.leg, 491);
    if (e.leg == caller_leg_) on_caller_event(e);
    else if (e.leg == desk_leg_) on_desk_event(e);
}

void incoming_call::on_caller_event(const sip::leg_event& e) {
    switch (e.what) {
    case kind::hung_up_by_peer: feed(events::caller_hung_up{}); break;
    case kind::acked:
        // A late-offer caller answers the desk phone's offer in its ACK; pass it on.
        if (waiting_for_caller_ack_) {
            waiting_for_caller_ack_ = false;
            phones_talking_ = true;
            env_.agent.ack(desk_leg_, e.sdp.empty() ? sdp::make_rejection(desk_origin_)
                                                    : sdp::rewrite_origin(e.sdp, desk_origin_));
        }
        break;
    case kind::released: caller_released_ = true; break;
    default: break;
    }
}

void incoming_call::on_desk_event(const sip::leg_event& e) {
    switch (e.what) {
    case kind::answered: {
        desk_sdp_ = e.sdp;
        const bool wanted = machine_.current() == state::ringing || machine_.current() == state::accepted;
        // With the caller's offer, the 200 is the answer: ACK now. Otherwise the caller answers it.
        if (!caller_sdp_.empty() || !wanted) env_.agent.ack(desk_leg_, caller_sdp_.empty() ? sdp::make_rejection(desk_origin_) : "");
        if (wanted) feed(events::desk_phone_answered{});
        else env_.agent.hang_up(desk_leg_); // answered just as the call ended
        break;
    }
    case kind::failed: feed(events::desk_phone_failed{cvw::call::classify_sip_status(e.status)}); break;
    case kind::hung_up_by_peer: feed(events::desk_phone_hung_up{}); break;
    case kind::released: desk_released_ = true; break;
    default: break;
    }
}

} // namespace cvw::server::calls
