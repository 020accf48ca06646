// The click-to-call driver (RFC 3725 Flow IV with cvw's own media as the caller's first peer):
// leg A (the user's phone) is offered cvw's RTP and hears ringback. Leg B (the callee) is offered
// cvw's relay port, so B's early media can replace the ringback and A's keys can reach B's IVR;
// once B answers, the connect machine (shared/cvw/call/connect_machine.cpp) asks B for a fresh
// offer with an empty re-INVITE, re-INVITEs A with it, and gives A's answer to B in the ACK.
// With relay_early_media off, B's first INVITE is the late offer and the extra re-INVITE is skipped.
// Each leg's SIP is its own machine's business (calls/sip_leg.cpp); this file joins them.
#include "calls/click_to_call.hpp"

#include "calls/call_trace.hpp"
#include "cvw/overloaded.hpp"

#include "log.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <array>

namespace cvw::server::calls {

namespace net = boost::asio;
using namespace cvw::call;
namespace leg = cvw::call::leg;
namespace connecting = cvw::call::connect;

click_to_call::click_to_call(call_environment& env, std::string id, caller who, std::string callee_name, dial_plan plan,
                             ring_timeouts timeouts, std::int64_t now_ms, std::string conversation)
    : env_(env), id_(std::move(id)), caller_(std::move(who)), callee_name_(std::move(callee_name)),
      conversation_(std::move(conversation)), machine_(std::move(plan), timeouts), started_at_ms_(now_ms),
      own_(std::make_unique<sip_leg>(env.sip, env.clock, leg::leg_direction::outgoing, new_origin(env.media_address),
                                     id_, "desk", [this](sip_leg&, const leg::command& n) { on_own_phone(n); })),
      callee_(std::make_unique<sip_leg>(env.sip, env.clock, leg::leg_direction::outgoing, new_origin(env.media_address),
                                        id_, "callee", [this](sip_leg&, const leg::command& n) { on_callee(n); })),
      reinvites_(*own_, *callee_) {}

click_to_call::~click_to_call() {
    for (auto& [name, timer] : timers_) env_.clock.cancel(timer);
    if (settle_timer_) env_.clock.cancel(settle_timer_);
}

void click_to_call::start(const std::string& destination, bool to_cvw_user, std::string username) {
    shown_number_ = std::move(username);
    feed(events::call_requested{destination, callee_name_, caller_.policy, to_cvw_user, caller_.numbers});
}

void click_to_call::hang_up() { feed(events::hangup_requested{}); }

void click_to_call::stop() { feed(events::server_stopping{}); }

bool click_to_call::finished() const {
    // After Add person the legs are a meeting's: nothing of them is this call's to wait for.
    return ended() && (!own_ || own_->released()) && (!callee_ || callee_->released()) && !ringback_ && !relay_;
}

bool click_to_call::can_hand_over() const {
    // Only phones that talk to each other with nothing under way between them: no connect step, no
    // relayed hold, and each leg's dialog idle, so the meeting's re-INVITEs meet no glare of ours.
    if (machine_.current() != state::connected || connect_waits() || reinvites_.busy()) return false;
    return std::ranges::all_of(std::array{own_.get(), callee_.get()}, [](const sip_leg* leg) {
        const auto media = sdp::audio_of(leg->peer_sdp());
        return leg->state() == leg::state::confirmed && media && sdp::pick_g711(*media) >= 0;
    });
}

std::optional<click_to_call::handed_over> click_to_call::hand_over() {
    if (!can_hand_over()) return std::nullopt;
    handed_over out{.desk = std::move(own_),
                    .callee = std::move(callee_),
                    .user = caller_,
                    .desk_number = machine_.own_number(),
                    .callee_name = callee_name_,
                    .callee_number = machine_.callee_number(),
                    .callee_username = shown_number_};
    feed(events::escalate_requested{});
    return out;
}

void click_to_call::close_media() {
    if (ringback_) ringback_->close();
    ringback_.reset();
    if (relay_) relay_->close();
    relay_.reset();
}

std::string click_to_call::uri_for(const std::string& number) const { return "sip:" + number + "@" + env_.domain; }

void click_to_call::feed(const event& e) {
    const auto from = machine_.current();
    if (machine_.handle(e)) trace_transition(id_, to_string(from), name_of(e), to_string(machine_.current()));
    command c;
    while (machine_.next_command(c)) execute(c);
}

void click_to_call::execute(const command& c) {
    const auto handlers = overloaded{
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
            // P-Asserted-Identity too: a PBX that trusts cvw shows that, not From.
            own_->invite({.to_uri = uri_for(cmd.number),
                          .from_display = cmd.display_name,
                          .from_uri = uri_for(caller_id),
                          .assert_identity = true,
                          .sdp = sdp::make_offer(own_->origin(), env_.media_address, ringback_->port())});
            env_.bind_leg(own_->id(), id_);
        },
        [&](const commands::invite_callee& cmd) {
            std::string offer; // empty: late offer
            if (env_.relay_early_media && own_media_)
                relay_ = media::early_media_relay::open(env_.executor, env_.ports, env_.media_address);
            if (relay_) {
                offer =
                    sdp::make_offer(callee_->origin(), env_.media_address, relay_->port(), sdp::pick_g711(*own_media_));
                callee_got_our_offer_ = true;
            }
            callee_->invite({.to_uri = uri_for(cmd.number),
                             .from_display = caller_.display_name,
                             .from_uri = uri_for(cmd.caller_number),
                             .assert_identity = true,
                             .sdp = offer});
            env_.bind_leg(callee_->id(), id_);
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
            // B answered cvw's own offer: ask it for a fresh one. Else B's 2xx brought its offer.
            if (callee_got_our_offer_) connect(connecting::events::start_asking_callee{});
            else connect(connecting::events::start_with_callee_offer{callee_offer_});
        },
        [&](const commands::cancel_own_phone&) { own_->hang_up(); },
        [&](const commands::bye_own_phone&) { own_->hang_up(); },
        [&](const commands::cancel_callee&) { callee_->hang_up(); },
        [&](const commands::bye_callee&) { callee_->hang_up(); },
        [&](const commands::arm_timer& cmd) {
            timers_[cmd.timer] =
                env_.clock.arm(std::chrono::milliseconds(cmd.after_ms), [self = shared_from_this(), which = cmd.timer] {
                    self->timers_.erase(which);
                    self->feed(events::timer_fired{which});
                });
        },
        [&](const commands::cancel_timer& cmd) {
            if (auto it = timers_.find(cmd.timer); it != timers_.end()) {
                env_.clock.cancel(it->second);
                timers_.erase(it);
            }
        },
        [&](const commands::report_state& cmd) {
            if (cmd.now == state::connected) connected_at_ms_ = env_.clock.now_ms();
            if (cmd.now == state::ended) {
                for (auto& [name, timer] : timers_) env_.clock.cancel(timer);
                timers_.clear();
                close_media();
                connect(connecting::events::call_ended{});
                reinvites_.abandon();
            }
            env_.report(
                call::call_update{.call_id = id_,
                                  .user_id = caller_.user_id,
                                  .progress = call::click_to_call_progress{.now = cmd.now, .reason = cmd.reason},
                                  .peer = {.name = callee_name_,
                                           .number = shown_number_.empty() ? machine_.callee_number() : shown_number_,
                                           .username = shown_number_}, // set only for a directory user called by name
                                  .conversation = conversation_,
                                  .started_at_ms = started_at_ms_,
                                  .connected_at_ms = connected_at_ms_,
                                  .ended_at_ms = cmd.now == state::ended ? env_.clock.now_ms() : 0});
        },
    };
    std::visit(handlers, c);
}

void click_to_call::connect(const connecting::event& e) {
    connect_.handle(e);
    connecting::command c;
    while (connect_.next_command(c)) execute_connect(c);
}

void click_to_call::execute_connect(const connecting::command& c) {
    namespace cmd = connecting::commands;
    std::visit(overloaded{
                   [&](const cmd::arm_timer& x) {
                       settle_timer_ =
                           env_.clock.arm(std::chrono::milliseconds(x.after_ms), [self = shared_from_this(), x] {
                               self->settle_timer_ = 0;
                               self->connect(connecting::events::timer_fired{x.timer});
                           });
                   },
                   [&](const cmd::cancel_timer&) {
                       env_.clock.cancel(settle_timer_);
                       settle_timer_ = 0;
                   },
                   [&](const cmd::reinvite_callee&) { callee_->reinvite(""); },
                   [&](const cmd::reinvite_own_phone& x) { own_->reinvite(own_->own(x.sdp)); },
                   [&](const cmd::ack_callee& x) { callee_->ack(x.sdp.empty() ? std::string() : callee_->own(x.sdp)); },
                   [&](const cmd::ack_callee_rejecting&) { callee_->ack(sdp::make_rejection(callee_->origin())); },
                   [&](const cmd::notify_media_connected&) {
                       close_media(); // the desk phone now hears the callee, not cvw
                       feed(events::media_connected{});
                   },
                   [&](const cmd::notify_connect_failed& x) {
                       log_warn("call " + id_ + ": the phones could not be connected (" +
                                std::string(connecting::to_string(x.why)) + ", " + std::to_string(x.status) + ")");
                       feed(events::connect_failed{});
                   },
               },
               c);
}

void click_to_call::on_leg_event(const sip::leg_event& e) {
    if (own_ && e.leg == own_->id()) own_->on_event(e);
    else if (callee_ && e.leg == callee_->id()) callee_->on_event(e);
}

/** True for a leg notification the connect machine is waiting for. */
bool click_to_call::connect_waits() const {
    const auto s = connect_.current();
    return s == connecting::state::settling || s == connecting::state::asking_callee ||
           s == connecting::state::offering_own_phone;
}

void click_to_call::on_own_phone(const leg::command& n) {
    namespace notify = leg::commands;
    if (!connect_waits() && reinvites_.handle(*own_, n, machine_.current() == state::connected)) {
        // A relayed re-INVITE got 481 or 408: the leg BYEd its dialog, which is gone (RFC 3261 §12.2.1.2)
        if (own_->state() == leg::state::ending) feed(events::own_phone_hung_up{});
        return;
    }
    std::visit(
        overloaded{
            [&](const notify::notify_progress&) { feed(events::own_phone_ringing{}); },
            [&](const notify::notify_answered& x) {
                own_media_ = sdp::audio_of(x.sdp);
                // The user may have cancelled while the phone was answering: the 2xx still needs its BYE.
                if (machine_.current() == state::calling_own_phone) feed(events::own_phone_answered{});
                else own_->hang_up();
            },
            [&](const notify::notify_failed& x) { feed(events::own_phone_failed{classify_sip_status(x.status)}); },
            [&](const notify::notify_hung_up_by_peer&) { feed(events::own_phone_hung_up{}); },
            [&](const notify::notify_reinvite_answered& x) {
                connect(connecting::events::own_phone_answered_offer{x.sdp});
            },
            [&](const notify::notify_reinvite_failed& x) {
                connect(connecting::events::own_phone_refused_offer{x.status});
            },
            [&](const notify::notify_reinvited&) { own_->answer(491); }, // the phones do not talk yet
            [&](const auto&) {},
        },
        n);
}

void click_to_call::on_callee(const leg::command& n) {
    namespace notify = leg::commands;
    if (!connect_waits() && reinvites_.handle(*callee_, n, machine_.current() == state::connected)) {
        if (callee_->state() == leg::state::ending) feed(events::callee_hung_up{}); // as for the desk phone
        return;
    }
    std::visit(
        overloaded{
            [&](const notify::notify_progress& x) {
                feed(events::callee_ringing{});
                // A 183 with SDP answering cvw's offer: an announcement or the callee's own ringback.
                if (callee_got_our_offer_ && !x.sdp.empty()) {
                    callee_early_sdp_ = x.sdp;
                    feed(events::callee_early_media{});
                }
            },
            [&](const notify::notify_answered& x) {
                const bool wanted =
                    machine_.current() == state::own_phone_answered || machine_.current() == state::calling_callee;
                if (!callee_got_our_offer_) callee_offer_ = x.sdp; // late offer: B's 2xx brought it
                // Answered just as the call was given up: the leg ACKs (declining an offer) and BYEs.
                if (wanted) feed(events::callee_answered{});
                else callee_->hang_up();
            },
            [&](const notify::notify_failed& x) { feed(events::callee_failed{classify_sip_status(x.status)}); },
            [&](const notify::notify_hung_up_by_peer&) { feed(events::callee_hung_up{}); },
            [&](const notify::notify_reinvite_answered& x) { connect(connecting::events::callee_offered{x.sdp}); },
            [&](const notify::notify_reinvite_failed& x) {
                connect(connecting::events::callee_refused_reinvite{x.status});
            },
            [&](const notify::notify_reinvited&) { callee_->answer(491); },
            [&](const auto&) {},
        },
        n);
}

} // namespace cvw::server::calls
