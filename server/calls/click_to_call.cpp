// The click-to-call driver (RFC 3725 Flow IV with cvw's own media as the caller's first peer):
// leg A (the user's phone) is offered cvw's RTP and hears ringback. Leg B (the callee) is offered
// cvw's relay port, so B's early media can replace the ringback and A's keys can reach B's IVR;
// once B answers, an empty re-INVITE asks B for a fresh offer. B's offer is re-INVITEd to A, and
// A's answer goes to B in the ACK.
// With relay_early_media off, B's first INVITE is the late offer and the extra re-INVITE is skipped.
#include "calls/click_to_call.hpp"

#include "cvw/overloaded.hpp"

#include "log.hpp"
#include "sip/sofia_agent.hpp"

#include <boost/asio/post.hpp>

#include "app/clock.hpp"

namespace cvw::server::calls {

namespace net = boost::asio;
using namespace cvw::call;

click_to_call::click_to_call(call_environment& env, std::string id, caller who, std::string callee_name, dial_plan plan,
                             ring_timeouts timeouts, std::int64_t now_ms, std::string conversation)
    : env_(env), id_(std::move(id)), caller_(std::move(who)), conversation_(std::move(conversation)),
      machine_(std::move(plan), timeouts),
      started_at_ms_(now_ms), ack_settle_timer_(env.executor) {
    own_origin_ = new_origin(env_.media_address);
    callee_origin_ = new_origin(env_.media_address);
    callee_name_ = std::move(callee_name);
}

void click_to_call::start(const std::string& destination, bool to_cvw_user, std::string username) {
    shown_number_ = std::move(username);
    feed(events::call_requested{destination, callee_name_, caller_.policy, to_cvw_user});
}

void click_to_call::hang_up() { feed(events::hangup_requested{}); }

void click_to_call::stop() { feed(events::server_stopping{}); }

bool click_to_call::finished() const {
    return ended() && own_released_ && callee_released_ && !ringback_ && !relay_;
}

void click_to_call::close_media() {
    if (ringback_) ringback_->close();
    ringback_.reset();
    if (relay_) relay_->close();
    relay_.reset();
}

std::string click_to_call::uri_for(const std::string& number) const { return "sip:" + number + "@" + env_.domain; }

void click_to_call::feed(const event& e) {
    machine_.handle(e);
    command c;
    while (machine_.next_command(c)) execute(c);
}

void click_to_call::execute(const command& c) {
    std::visit(
        overloaded{
            [&](const commands::invite_own_phone& cmd) {
                ringback_ = media::ringback_stream::open(env_.executor, env_.ports, env_.media_address);
                if (!ringback_) {
                    log_warn("call " + id_ + ": no free RTP port for ringback");
                    net::post(env_.executor, [self = shared_from_this()] {
                        self->feed(events::own_phone_failed{leg_failure::unreachable});
                    });
                    return;
                }
                const auto caller_id = cmd.caller_id.empty() ? std::string("cvw") : cmd.caller_id;
                own_leg_ = env_.agent.invite({.to_uri = uri_for(cmd.number),
                                              .from_display = cmd.display_name,
                                              .from_uri = uri_for(caller_id),
                                              .sdp = sdp::make_offer(own_origin_, env_.media_address, ringback_->port())});
                own_released_ = false;
                env_.bind_leg(own_leg_, id_);
            },
            [&](const commands::invite_callee& cmd) {
                std::string offer; // empty: late offer
                if (env_.relay_early_media && own_media_)
                    relay_ = media::early_media_relay::open(env_.executor, env_.ports, env_.media_address);
                if (relay_) {
                    offer = sdp::make_offer(callee_origin_, env_.media_address, relay_->port(),
                                            sdp::pick_g711(*own_media_));
                    callee_got_our_offer_ = true;
                }
                callee_leg_ = env_.agent.invite({.to_uri = uri_for(cmd.number),
                                                 .from_display = caller_.display_name,
                                                 .from_uri = uri_for(caller_.number),
                                                 .assert_identity = true,
                                                 .sdp = offer});
                callee_released_ = false;
                env_.bind_leg(callee_leg_, id_);
            },
            [&](const commands::start_ringback&) {
                if (!ringback_ || !own_media_) return;
                boost::system::error_code ec;
                const auto address = net::ip::make_address(own_media_->address, ec);
                const int pt = sdp::pick_g711(*own_media_);
                if (!ec) ringback_->start({address, static_cast<unsigned short>(own_media_->port)}, pt < 0 ? 0 : pt);
            },
            [&](const commands::relay_early_media&) {
                const auto early = sdp::audio_of(callee_early_sdp_);
                boost::system::error_code ec;
                const auto source = early ? net::ip::make_address(early->address, ec) : net::ip::address{};
                if (!relay_ || !ringback_ || !early || ec) return; // keep the generated ringback
                relay_->start({source, static_cast<unsigned short>(early->port)}, early->telephone_event,
                              [to = std::weak_ptr(ringback_)](auto payload, int payload_type) {
                                  if (auto ringback = to.lock()) ringback->play_relayed(payload, payload_type);
                              });
                // The other way: the desk phone's keys reach the callee's IVR while it is still ringing.
                const auto desk = net::ip::make_address(own_media_->address, ec);
                if (ec || own_media_->telephone_event < 0 || early->telephone_event < 0) return;
                ringback_->listen_for_telephone_events(
                    desk, own_media_->telephone_event, [to = std::weak_ptr(relay_), id = id_](const media::rtp_packet& p) {
                        auto relay = to.lock();
                        if (!relay) return;
                        if (p.marker)
                            if (auto key = media::parse_telephone_event(p.payload))
                                log_info("call " + id + ": DTMF '" + std::string(1, media::dtmf_character(key->event)) +
                                         "' from the desk phone passed to the callee");
                        relay->send_telephone_event(p);
                    });
            },
            [&](const commands::stop_ringback&) {
                if (ringback_) ringback_->stop();
                if (relay_) relay_->close();
                relay_.reset();
            },
            [&](const commands::connect_media&) {
                if (callee_got_our_offer_) {
                    // B answered cvw's own offer: ask it for a fresh offer to pass on to A. Wait a
                    // moment first: a proxy with parallel workers can deliver this re-INVITE ahead of
                    // the ACK just sent, a race many phones answer with an error (RFC 5407 describes it).
                    ack_settle_timer_.expires_after(std::chrono::milliseconds(100));
                    ack_settle_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
                        if (!ec && self->machine_.current() == state::connected)
                            self->env_.agent.reinvite(self->callee_leg_, "");
                    });
                    return;
                }
                if (callee_offer_.empty()) {
                    net::post(env_.executor, [self = shared_from_this()] { self->feed(events::connect_failed{}); });
                    return;
                }
                env_.agent.reinvite(own_leg_, sdp::rewrite_origin(callee_offer_, own_origin_));
            },
            [&](const commands::cancel_own_phone&) {
                if (!own_released_) env_.agent.hang_up(own_leg_);
            },
            [&](const commands::bye_own_phone&) {
                if (!own_released_) env_.agent.hang_up(own_leg_);
            },
            [&](const commands::cancel_callee&) {
                if (!callee_released_) env_.agent.hang_up(callee_leg_);
            },
            [&](const commands::bye_callee&) {
                if (!callee_released_) env_.agent.hang_up(callee_leg_);
            },
            [&](const commands::arm_timer& cmd) {
                auto& t = timers_.try_emplace(cmd.timer, env_.executor).first->second;
                t.expires_after(std::chrono::milliseconds(cmd.after_ms));
                t.async_wait([self = shared_from_this(), id = cmd.timer](boost::system::error_code ec) {
                    if (!ec) self->feed(events::timer_fired{id});
                });
            },
            [&](const commands::cancel_timer& cmd) {
                if (auto it = timers_.find(cmd.timer); it != timers_.end()) it->second.cancel();
            },
            [&](const commands::report_state& cmd) {
                if (cmd.now == state::connected) connected_at_ms_ = now_ms();
                if (cmd.now == state::ended) {
                    for (auto& [id, t] : timers_) t.cancel();
                    ack_settle_timer_.cancel();
                    close_media();
                    if (reinvites_) reinvites_->abandon();
                }
                env_.report(caller_.user_id,
                            protocol::call_state{id_, std::string(to_string(cmd.now)),
                                                 cmd.now == state::ended ? std::string(to_string(cmd.reason)) : "",
                                                 describe(cmd.reason, callee_name_), callee_name_,
                                                 shown_number_.empty() ? machine_.callee_number() : shown_number_,
                                                 started_at_ms_, connected_at_ms_,
                                                 conversation_});
            },
        },
        c);
}

void click_to_call::on_leg_event(const sip::leg_event& e) {
    if (e.leg != own_leg_ && e.leg != callee_leg_) return;
    if (!reinvites_ && own_leg_ && callee_leg_)
        reinvites_.emplace(env_.agent, own_leg_, own_origin_, callee_leg_, callee_origin_);
    if (reinvites_ && reinvites_->handle(e, phones_talking_ && machine_.current() == state::connected)) return;
    if (e.leg == own_leg_) on_own_phone_event(e);
    else on_callee_event(e);
}

void click_to_call::on_own_phone_event(const sip::leg_event& e) {
    using kind = sip::leg_event::kind;
    switch (e.what) {
    case kind::progress: feed(events::own_phone_ringing{}); break;
    case kind::answered:
        own_media_ = sdp::audio_of(e.sdp);
        env_.agent.ack(own_leg_);
        // The user may have cancelled while the phone was answering: the 200 still needs its BYE.
        if (machine_.current() == state::calling_own_phone) feed(events::own_phone_answered{});
        else env_.agent.hang_up(own_leg_);
        break;
    case kind::failed: feed(events::own_phone_failed{classify_sip_status(e.status)}); break;
    case kind::hung_up_by_peer: feed(events::own_phone_hung_up{}); break;
    case kind::reinvite_answered:
        // Flow IV's last step: A answered B's offer; that answer completes B's transaction.
        env_.agent.ack(own_leg_);
        env_.agent.ack(callee_leg_, sdp::rewrite_origin(e.sdp, callee_origin_));
        close_media();
        phones_talking_ = true;
        break;
    case kind::reinvite_failed:
        env_.agent.ack(callee_leg_, sdp::make_rejection(callee_origin_));
        feed(events::connect_failed{});
        break;
    case kind::reinvited: env_.agent.answer_reinvite(own_leg_, 491); break; // before B's leg exists
    case kind::acked:
    case kind::incoming: break;
    case kind::released: own_released_ = true; break;
    }
}

void click_to_call::on_callee_event(const sip::leg_event& e) {
    using kind = sip::leg_event::kind;
    switch (e.what) {
    case kind::progress:
        feed(events::callee_ringing{});
        // A 183 with SDP answering cvw's offer: the callee plays an announcement or its own ringback.
        if (callee_got_our_offer_ && !e.sdp.empty()) {
            callee_early_sdp_ = e.sdp;
            feed(events::callee_early_media{});
        }
        break;
    case kind::answered: {
        const bool wanted = machine_.current() == state::own_phone_answered || machine_.current() == state::calling_callee;
        if (callee_got_our_offer_) {
            env_.agent.ack(callee_leg_); // the 200 holds B's answer to cvw's offer
            if (wanted) feed(events::callee_answered{});
            else env_.agent.hang_up(callee_leg_);
            break;
        }
        callee_offer_ = e.sdp;
        if (wanted) {
            feed(events::callee_answered{});
        } else {
            // Answered just as the call was given up: complete the transaction, then leave.
            env_.agent.ack(callee_leg_, sdp::make_rejection(callee_origin_));
            env_.agent.hang_up(callee_leg_);
        }
        break;
    }
    case kind::failed: feed(events::callee_failed{classify_sip_status(e.status)}); break;
    case kind::hung_up_by_peer: feed(events::callee_hung_up{}); break;
    case kind::reinvite_answered:
        // B's fresh offer (answer to the empty re-INVITE): point A at it; A's answer completes B's ACK.
        if (machine_.current() != state::connected || e.sdp.empty()) {
            env_.agent.ack(callee_leg_, sdp::make_rejection(callee_origin_));
            if (machine_.current() == state::connected) feed(events::connect_failed{});
            break;
        }
        callee_offer_ = e.sdp;
        env_.agent.reinvite(own_leg_, sdp::rewrite_origin(callee_offer_, own_origin_));
        break;
    case kind::reinvite_failed: feed(events::connect_failed{}); break;
    case kind::reinvited:
    case kind::acked:
    case kind::incoming: break; // re-INVITEs go through reinvites_
    case kind::released: callee_released_ = true; break;
    }
}

} // namespace cvw::server::calls
