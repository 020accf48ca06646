// The meeting-join driver. The phone is first offered cvw's own RTP port, where it hears the key
// prompt when a confirm digit is asked for (its keys arrive as RFC 4733 events or as tones); a
// dial-in is answered on that port instead, and keys its conference ID and PIN there
// (calls/dial_in_entry). Then the phone takes a seat in the mixer with the address and G.711 type
// it answered with (Janus fixes both at join), and is re-INVITEd to the seat's port with that one
// codec and no telephone-event, which the mixer would only drop. Its SIP is the leg's own machine's business (calls/sip_leg.cpp); what
// to do when is shared/cvw/call/meeting_join_machine.cpp.
#include "calls/meeting_join.hpp"

#include "calls/call_trace.hpp"
#include "cvw/overloaded.hpp"
#include "log.hpp"
#include "media/telephone_event.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

#include <utility>

namespace cvw::server::calls {

namespace net = boost::asio;
using namespace cvw::call::meeting_join;
namespace leg = cvw::call::leg;

namespace {

/** How long the move to the mixer keeps behind the ACK of the phone's answer (see move_phone_to_mixer). */
constexpr std::int64_t ack_settle_ms = 100;

} // namespace

meeting_join::meeting_join(call_environment& env, mixer_port& mixer, std::string id, caller who,
                           meeting_details meeting, dial_plan plan, timeouts t, std::int64_t now_ms)
    : env_(env), mixer_(mixer), id_(std::move(id)), caller_(std::move(who)), meeting_(std::move(meeting)),
      machine_(std::move(plan), t), started_at_ms_(now_ms),
      phone_(std::make_unique<sip_leg>(env.sip, env.clock, leg::leg_direction::outgoing, new_origin(env.media_address),
                                       id_, "desk", [this](sip_leg&, const leg::command& n) { on_phone(n); })) {}

meeting_join::meeting_join(call_environment& env, mixer_port& mixer, std::string id, dial_in_caller who,
                           dial_in_hooks hooks, dial_plan plan, std::int64_t now_ms)
    : env_(env), mixer_(mixer), id_(std::move(id)), caller_{.user_id = who.user_id,
                                                            .display_name = std::move(who.name),
                                                            .number = who.number,
                                                            .policy = {},
                                                            .username = {}},
      machine_(std::move(plan)), started_at_ms_(now_ms),
      phone_(std::make_unique<sip_leg>(env.sip, env.clock, leg::leg_direction::incoming, new_origin(env.media_address),
                                       id_, "caller", [this](sip_leg&, const leg::command& n) { on_phone(n); })),
      dialled_in_(true), caller_offer_(std::move(who.sdp)), dial_in_(std::move(hooks)) {
    phone_->adopt(who.leg, caller_offer_);
}

meeting_join::meeting_join(call_environment& env, mixer_port& mixer, std::string id, caller who,
                           meeting_details meeting, std::unique_ptr<sip_leg> phone, std::string name, dial_plan plan,
                           std::int64_t now_ms)
    : env_(env), mixer_(mixer), id_(std::move(id)), caller_(std::move(who)), meeting_(std::move(meeting)),
      machine_(std::move(plan)), started_at_ms_(now_ms), phone_(std::move(phone)), shown_name_(std::move(name)),
      taken_over_(true) {
    phone_->rebind(id_, caller_.user_id != 0 ? "desk" : "callee",
                   [this](sip_leg&, const leg::command& n) { on_phone(n); });
    // The phone keeps the address it talks from: its seat is made for that address (Janus fixes it at join).
    phone_media_ = sdp::audio_of(phone_->peer_sdp());
    payload_type_ = phone_media_ ? sdp::pick_g711(*phone_media_) : -1;
}

meeting_join::~meeting_join() {
    for (auto& [name, timer] : timers_) env_.clock.cancel(timer);
    if (move_timer_) env_.clock.cancel(move_timer_);
}

void meeting_join::move_phone() {
    if (machine_.current() != state::moving || !seat_) return;
    mixer_sdp_ =
        sdp::make_single_codec_offer(phone_->origin(), seat_->mixer_rtp.ip, seat_->mixer_rtp.port, payload_type_);
    phone_->reinvite(mixer_sdp_);
}

void meeting_join::start() {
    if (taken_over_) {
        env_.bind_leg(phone_->id(), id_);
        return feed(events::taken_over{caller_.number});
    }
    if (dialled_in_) {
        env_.bind_leg(phone_->id(), id_);
        return feed(events::dialled_in{caller_.number});
    }
    feed(events::join_requested{.policy = caller_.policy,
                                .bridge_number = meeting_.bridge_number,
                                .subject = meeting_.subject,
                                .confirm_digit = meeting_.confirm_digit});
}

void meeting_join::hang_up() { feed(events::leave_requested{}); }
void meeting_join::stop() { feed(events::server_stopping{}); }
void meeting_join::mixer_lost() { feed(events::mixer_lost{}); }
void meeting_join::removed() { feed(events::removed{}); }
void meeting_join::meeting_ended() { feed(events::meeting_ended{}); }

bool meeting_join::finished() const { return ended() && phone_->released() && !stream_ && !seat_ && !seat_asked_; }

void meeting_join::answer_dial_in() {
    stream_ = media::ringback_stream::open(env_.executor, env_.ports, env_.media_address);
    if (!stream_) {
        log_warn("dial-in " + id_ + ": no free RTP port for the caller");
        phone_->answer(503);
        return net::post(env_.executor, [self = shared_from_this()] { self->feed(events::phone_hung_up{}); });
    }
    if (caller_offer_.empty())
        return phone_->answer(200, sdp::make_offer(phone_->origin(), env_.media_address, stream_->port()));
    phone_media_ = sdp::audio_of(caller_offer_); // G.711 is there: the call manager refused any other offer
    payload_type_ = sdp::pick_g711(*phone_media_);
    phone_->answer(200, sdp::make_answer(phone_->origin(), env_.media_address, stream_->port(), *phone_media_));
}

void meeting_join::start_entry() {
    if (entry_ || machine_.current() != state::entering_pin) return;
    if (!phone_media_ || payload_type_ < 0) {
        log_warn("dial-in " + id_ + ": the caller answered cvw's offer without G.711 audio");
        return feed(events::pin_refused{});
    }
    entry_ = std::make_unique<dial_in_entry>(env_.clock, id_, dial_in_.limits, entry_hooks());
    listen_for_keys();
    entry_->start();
}

dial_in_entry::hooks meeting_join::entry_hooks() {
    return {
        .play =
            [this](meeting::pin_entry::prompt which, std::function<void()> finished) {
                boost::system::error_code ec;
                const auto address = net::ip::make_address(phone_media_->address, ec);
                if (!stream_ || ec) return;
                stream_->play_once({address, static_cast<unsigned short>(phone_media_->port)}, payload_type_,
                                   dial_in_.prompts->of(which),
                                   [self = weak_from_this(), finished = std::move(finished)] {
                                       if (self.lock()) finished();
                                   });
            },
        .stop_prompt =
            [this] {
                if (stream_) stream_->stop();
            },
        .find =
            [this](std::string conference_id, dial_in_entry::found_fn found) {
                dial_in_.find(std::move(conference_id),
                              [self = weak_from_this(), found = std::move(found)](std::optional<conference> c) {
                                  if (auto call = self.lock(); call && call->entry_) found(std::move(c));
                              });
            },
        .done =
            [this](meeting::pin_entry::outcome how, int wrong_entries, std::optional<meeting_details> meeting) {
                dial_in_.entry_done(caller_.number, how, wrong_entries);
                if (how == meeting::pin_entry::outcome::caller_hung_up) return; // phone_hung_up follows
                if (!meeting) return feed(events::pin_refused{});
                meeting_ = std::move(*meeting);
                feed(events::pin_accepted{});
            },
    };
}

void meeting_join::follow_caller_media(const std::string& offer) {
    // A dial-in's media may move while it keys its PIN: a click-to-call from cvw to the bridge
    // connects the user's desk phone to it this way (RFC 3725, an offerless re-INVITE first).
    if (offer.empty())
        return phone_->answer(200, sdp::make_offer(phone_->origin(), env_.media_address, stream_->port()));
    const auto media = sdp::audio_of(offer);
    if (!media || sdp::pick_g711(*media) < 0) return phone_->answer(488);
    phone_->answer(200, sdp::make_answer(phone_->origin(), env_.media_address, stream_->port(), *media));
    take_caller_media(*media);
}

void meeting_join::take_caller_media(const sdp::audio_endpoint& media) {
    boost::system::error_code ec;
    const auto address = net::ip::make_address(media.address, ec);
    const int pt = sdp::pick_g711(media);
    if (ec || pt < 0 || !stream_) return;
    phone_media_ = media;
    payload_type_ = pt;
    stream_->redirect({address, static_cast<unsigned short>(media.port)}, pt); // prompts and keys follow
    listen_for_keys();
}

void meeting_join::listen_for_keys() {
    boost::system::error_code ec;
    const auto address = net::ip::make_address(phone_media_->address, ec);
    if (!stream_ || ec) return;
    // Phones send keys either way: as tones in their audio, or as RFC 4733 events when offered.
    stream_->listen_for_inband_keys(address, [self = weak_from_this()](char key) {
        if (auto call = self.lock()) call->on_key(key);
    });
    if (phone_media_->telephone_event < 0) return;
    stream_->listen_for_telephone_events(address, phone_media_->telephone_event,
                                         [self = weak_from_this()](const media::rtp_packet& p) {
                                             auto call = self.lock();
                                             if (!call || !p.marker) return; // a key's first packet carries the marker
                                             if (const auto key = media::parse_telephone_event(p.payload))
                                                 call->on_key(media::dtmf_character(key->event));
                                         });
}

void meeting_join::on_key(char key) {
    if (machine_.current() == state::entering_pin) {
        if (entry_) entry_->key(key);
        return;
    }
    feed(events::digit_pressed{key});
}

void meeting_join::close_stream() {
    if (stream_) stream_->close();
    stream_.reset();
}

void meeting_join::feed(const event& e) {
    const auto from = machine_.current();
    if (machine_.handle(e)) trace_transition(id_, to_string(from), name_of(e), to_string(machine_.current()));
    command c;
    while (machine_.next_command(c)) execute(c);
}

void meeting_join::execute(const command& c) {
    const auto handlers = overloaded{
        [&](const commands::invite_phone& cmd) {
            stream_ = media::ringback_stream::open(env_.executor, env_.ports, env_.media_address);
            if (!stream_) {
                log_warn("meeting join " + id_ + ": no free RTP port for the phone");
                net::post(env_.executor, [self = shared_from_this()] {
                    self->feed(events::phone_failed{call::leg_failure::unreachable});
                });
                return;
            }
            phone_->invite({.to_uri = uri_for(cmd.number),
                            .from_display = cmd.display_name,
                            .from_uri = uri_for(cmd.caller_id.empty() ? std::string("cvw") : cmd.caller_id),
                            .sdp = sdp::make_offer(phone_->origin(), env_.media_address, stream_->port())});
            env_.bind_leg(phone_->id(), id_);
        },
        [&](const commands::play_prompt&) {
            boost::system::error_code ec;
            const auto address = net::ip::make_address(phone_media_->address, ec);
            if (!stream_ || ec) return;
            stream_->start({address, static_cast<unsigned short>(phone_media_->port)}, payload_type_,
                           media::tone::key_prompt);
            listen_for_keys();
        },
        [&](const commands::answer_phone&) { answer_dial_in(); },
        [&](const commands::stop_prompt&) {
            if (stream_) stream_->stop();
        },
        [&](const commands::join_mixer&) { join_mixer(); },
        [&](const commands::move_phone_to_mixer&) {
            // Right after the ACK of the phone's 2xx, a proxy with parallel workers can deliver the
            // re-INVITE ahead of it (RFC 5407), and some phones then answer neither: it waits out
            // ack_settle, as a click-to-call's connect does.
            const auto wait = answered_at_ms_ + ack_settle_ms - env_.clock.now_ms();
            if (wait <= 0) return move_phone();
            move_timer_ = env_.clock.arm(std::chrono::milliseconds(wait), [self = shared_from_this()] {
                self->move_timer_ = 0;
                self->move_phone();
            });
        },
        [&](const commands::leave_mixer&) {
            if (seat_) mixer_.leave(*seat_);
            seat_.reset(); // a seat still asked for is left when its answer comes (on_seat)
        },
        [&](const commands::cancel_phone&) { phone_->hang_up(); },
        [&](const commands::bye_phone&) { phone_->hang_up(); },
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
            if (cmd.now == state::in_meeting) joined_at_ms_ = env_.clock.now_ms();
            if (cmd.now == state::ended) {
                for (auto& [name, timer] : timers_) env_.clock.cancel(timer);
                timers_.clear();
                if (move_timer_) env_.clock.cancel(std::exchange(move_timer_, 0));
                close_stream();
                // A dial-in still keying its PIN stops its prompts and timer; a wrong entry still counts.
                if (entry_) entry_->caller_hung_up();
            }
            report(cmd.now, cmd.reason);
        },
    };
    std::visit(handlers, c);
}

void meeting_join::report(state now, end_reason reason) {
    if (meeting_.meeting_id.empty()) return; // a dial-in before its PIN was right is in no meeting
    env_.report(call::call_update{.call_id = id_,
                                  .user_id = caller_.user_id,
                                  .progress = call::meeting_join_progress{.now = now,
                                                                          .reason = reason,
                                                                          .meeting_id = meeting_.meeting_id,
                                                                          .muted = muted_ && now == state::in_meeting,
                                                                          .invited_by = meeting_.invited_by,
                                                                          .dialled_in = dialled_in_,
                                                                          .name = shown_name_},
                                  .peer = {.name = meeting_.subject, .number = machine_.phone_number(), .username = {}},
                                  .conversation = {},
                                  .started_at_ms = started_at_ms_,
                                  .connected_at_ms = joined_at_ms_,
                                  .ended_at_ms = now == state::ended ? env_.clock.now_ms() : 0});
    if (now == state::in_meeting && talking_) env_.talking(meeting_.meeting_id, id_, true);
}

bool meeting_join::set_muted(bool muted, std::function<void(bool ok)> then) {
    // Only a seat in the mix can be muted; the mixer's answer decides what the roster shows.
    if (machine_.current() != state::in_meeting || !seat_) return false;
    mixer_.mute(*seat_, muted, [self = shared_from_this(), muted, then = std::move(then)](bool ok) {
        if (ok && self->machine_.current() == state::in_meeting && self->muted_ != muted) {
            self->muted_ = muted;
            self->report(state::in_meeting, end_reason::none);
        }
        then(ok);
    });
    return true;
}

void meeting_join::join_mixer() {
    seat_asked_ = true;
    mixer_.join({.room = meeting_.room, .conference_id = meeting_.conference_id, .pin = meeting_.pin},
                caller_.display_name, payload_type_ == 8 ? g711::pcma : g711::pcmu,
                {.ip = phone_media_->address, .port = static_cast<std::uint16_t>(phone_media_->port)},
                [self = shared_from_this()](std::optional<mixer_participant> seat) { self->on_seat(std::move(seat)); });
}

void meeting_join::on_seat(std::optional<mixer_participant> seat) {
    seat_asked_ = false;
    if (machine_.current() != state::joining) {
        // Given up while the mixer was asked (left, hung up, removed): give the seat straight back.
        if (seat) mixer_.leave(*seat);
        env_.settled(id_);
        return;
    }
    if (!seat) return feed(events::mixer_refused{});
    seat_ = std::move(seat);
    mixer_.watch_talking(*seat_, [weak = weak_from_this()](bool talking) {
        const auto self = weak.lock();
        if (!self) return;
        self->talking_ = talking; // the phone may talk while it moves: the roster hears it once it is in
        if (self->machine_.current() == state::in_meeting)
            self->env_.talking(self->meeting_.meeting_id, self->id_, talking);
    });
    mixer_.watch_lost(*seat_, [weak = weak_from_this()] {
        const auto self = weak.lock();
        if (!self) return;
        self->seat_.reset(); // gone: nothing to give back
        self->feed(events::seat_lost{});
    });
    feed(events::mixer_joined{});
}

void meeting_join::on_leg_event(const sip::leg_event& e) {
    if (e.leg == phone_->id()) phone_->on_event(e);
}

void meeting_join::on_phone(const leg::command& n) {
    namespace notify = leg::commands;
    std::visit(
        overloaded{
            [&](const notify::notify_progress&) { feed(events::phone_ringing{}); },
            [&](const notify::notify_answered& x) {
                if (machine_.current() != state::dialing_out) return phone_->hang_up(); // given up meanwhile
                phone_media_ = sdp::audio_of(x.sdp);
                const int pt = phone_media_ ? sdp::pick_g711(*phone_media_) : -1;
                if (pt < 0) {
                    log_warn("meeting join " + id_ + ": the phone answered without G.711 audio");
                    return feed(events::phone_answered_without_audio{});
                }
                payload_type_ = pt;
                answered_at_ms_ = env_.clock.now_ms(); // and ACKed, by the leg
                feed(events::phone_answered{});
            },
            [&](const notify::notify_failed& x) { feed(events::phone_failed{call::classify_sip_status(x.status)}); },
            [&](const notify::notify_hung_up_by_peer&) { feed(events::phone_hung_up{}); },
            [&](const notify::notify_acked& x) {
                if (!dialled_in_) return;
                if (entry_) { // the ACK of a re-INVITE answered with cvw's offer carries the new media
                    if (const auto media = sdp::audio_of(x.sdp)) take_caller_media(*media);
                    return;
                }
                if (caller_offer_.empty()) { // a late offer: the ACK answers cvw's offer
                    phone_media_ = sdp::audio_of(x.sdp);
                    payload_type_ = phone_media_ ? sdp::pick_g711(*phone_media_) : -1;
                }
                start_entry();
            },
            [&](const notify::notify_reinvite_answered& x) {
                // Janus sends to the address the phone had at join; a phone that moved cannot be heard.
                const auto media = sdp::audio_of(x.sdp);
                if (!media || media->address != phone_media_->address || media->port != phone_media_->port) {
                    log_warn("meeting join " + id_ + ": the phone changed its RTP address when moved to the mixer");
                    return feed(events::move_failed{});
                }
                close_stream(); // the phone now talks to the mixer, not to cvw
                feed(events::moved_to_mixer{});
            },
            [&](const notify::notify_reinvite_failed&) { feed(events::move_failed{}); },
            [&](const notify::notify_reinvited& x) {
                // Hold, resume or a session refresh from the phone: it stays pointed at its seat.
                if (machine_.current() == state::in_meeting) return phone_->answer(200, phone_->own(mixer_sdp_));
                if (machine_.current() == state::entering_pin && entry_ && stream_) return follow_caller_media(x.sdp);
                phone_->answer(491);
            },
            [&](const auto&) {},
        },
        n);
}

} // namespace cvw::server::calls
