// One SIP leg and one RTP port of cvw's per seat: the leg to the bridge (calls/sip_leg.cpp does its
// SIP), the port to key from (media/ringback_stream sends the keys). What to do when is
// shared/cvw/call/bridge_seat_machine.cpp; this file carries it out.
#include "calls/pbx_bridge_mixer.hpp"

#include "calls/call_trace.hpp"
#include "cvw/call/bridge_seat_machine.hpp"
#include "cvw/meeting/bridge_template.hpp"
#include "cvw/overloaded.hpp"
#include "log.hpp"
#include "media/key_sequence.hpp"
#include "media/ringback_stream.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>

namespace cvw::server::calls {

namespace net = boost::asio;
namespace seat = cvw::call::bridge_seat;
namespace leg = cvw::call::leg;

class pbx_bridge_mixer::seat_call : public std::enable_shared_from_this<seat_call> {
public:
    seat_call(pbx_bridge_mixer& owner, std::uint64_t id, meeting_room where, std::string display, g711 codec,
              rtp_address phone, seat_fn then)
        : owner_(owner), id_(id), where_(std::move(where)), display_(std::move(display)),
          payload_type_(codec == g711::pcma ? 8 : 0), phone_(std::move(phone)), then_(std::move(then)),
          name_("bridge-" + std::to_string(id)), machine_(owner.settings_.timeouts),
          leg_(owner.env_.sip, owner.env_.clock, leg::leg_direction::outgoing, new_origin(owner.env_.media_address),
               name_, "bridge", [this](sip_leg&, const leg::command& n) { on_leg(n); }) {}

    ~seat_call() {
        for (auto& [which, timer] : timers_) owner_.env_.clock.cancel(timer);
        close_stream();
    }
    seat_call(const seat_call&) = delete;
    seat_call& operator=(const seat_call&) = delete;

    void feed(const seat::event& e) {
        const auto from = machine_.current();
        if (machine_.handle(e))
            trace_transition(name_, seat::to_string(from), seat::name_of(e), seat::to_string(machine_.current()));
        seat::command c;
        while (machine_.next_command(c)) execute(c);
    }

    void on_event(const sip::leg_event& e) { leg_.on_event(e); }
    /** `lost` once the bridge hangs up; at once (posted) if it already has. */
    void watch_lost(std::function<void()> lost) {
        if (machine_.current() != seat::state::ended) lost_ = std::move(lost);
        else net::post(owner_.env_.executor, std::move(lost));
    }
    bool finished() const { return machine_.current() == seat::state::ended && leg_.released() && !stream_; }

private:
    void execute(const seat::command& c) {
        namespace cmd = seat::commands;
        std::visit(
            overloaded{
                [&](const cmd::invite_bridge&) { invite(); },
                [&](const cmd::cancel_bridge&) { leg_.hang_up(); },
                [&](const cmd::bye_bridge&) { leg_.hang_up(); },
                [&](const cmd::send_keys&) { send_keys(); },
                [&](const cmd::stop_keys&) {
                    if (stream_) stream_->stop();
                },
                [&](const cmd::point_bridge_at_phone&) {
                    leg_.reinvite(sdp::make_single_codec_offer(leg_.origin(), phone_.ip, phone_.port, payload_type_));
                },
                [&](const cmd::arm_timer& x) {
                    timers_[x.timer] = owner_.env_.clock.arm(std::chrono::milliseconds(x.after_ms),
                                                             [self = weak_from_this(), which = x.timer] {
                                                                 if (const auto s = self.lock()) {
                                                                     s->timers_.erase(which);
                                                                     s->feed(seat::events::timer_fired{which});
                                                                     s->owner_.forget(s->id_);
                                                                 }
                                                             });
                },
                [&](const cmd::cancel_timer& x) {
                    if (const auto it = timers_.find(x.timer); it != timers_.end()) {
                        owner_.env_.clock.cancel(it->second);
                        timers_.erase(it);
                    }
                },
                [&](const cmd::give_seat&) {
                    close_stream();
                    answer(mixer_participant{.room = where_.room,
                                             .id = id_,
                                             .handle = 0,
                                             .mixer_rtp = {.ip = seat_media_.address,
                                                           .port = static_cast<std::uint16_t>(seat_media_.port)}});
                },
                [&](const cmd::refuse_seat& x) {
                    log_warn("meetings: no seat in the PBX's bridge for " + display_ + " (" +
                             std::string(seat::to_string(x.why)) + ")");
                    close_stream();
                    answer(std::nullopt);
                },
                [&](const cmd::report_lost&) {
                    log_info("meetings: the PBX's bridge hung up on " + display_);
                    if (auto lost = std::exchange(lost_, nullptr)) lost();
                },
            },
            c);
    }

    void invite() {
        const auto& s = owner_.settings_;
        const auto uri = meeting::fill_bridge_template(s.uri_template, where_.conference_id, where_.pin);
        stream_ = media::ringback_stream::open(owner_.env_.executor, owner_.env_.ports, owner_.env_.media_address);
        if (!uri || !stream_) {
            log_warn(stream_ ? "meetings: the bridge URI template does not fill in"
                             : "meetings: no free RTP port to call the PBX's bridge from");
            return later(seat::events::bridge_failed{503});
        }
        leg_.invite({.to_uri = *uri,
                     .from_display = display_,
                     .from_uri = "sip:" + (s.caller_number.empty() ? std::string("cvw") : s.caller_number) + "@" +
                                 owner_.env_.domain,
                     .sdp = sdp::make_offer(leg_.origin(), owner_.env_.media_address, stream_->port(), payload_type_)});
        owner_.seat_of_leg_[leg_.id()] = id_;
    }

    void send_keys() {
        const auto keys =
            meeting::fill_bridge_template(owner_.settings_.keys_template, where_.conference_id, where_.pin);
        auto sequence = keys ? media::key_sequence::of(*keys) : std::nullopt;
        boost::system::error_code ec;
        const auto address = net::ip::make_address(bridge_media_.address, ec);
        if (!sequence || keys->empty() || ec || !stream_) return later(seat::events::keys_sent{});
        stream_->send_keys({address, static_cast<unsigned short>(bridge_media_.port)}, payload_type_,
                           bridge_media_.telephone_event, std::move(*sequence), [self = weak_from_this()] {
                               if (const auto s = self.lock()) s->feed(seat::events::keys_sent{});
                           });
    }

    void on_leg(const leg::command& n) {
        namespace notify = leg::commands;
        std::visit(
            overloaded{
                [&](const notify::notify_answered& x) {
                    const auto media = sdp::audio_of(x.sdp);
                    const bool keys = !owner_.settings_.keys_template.empty();
                    if (media) bridge_media_ = *media;
                    const bool audio = media && sdp::pick_g711(*media) >= 0;
                    if (!audio) log_warn("meetings: the PBX's bridge answered without G.711 audio");
                    feed(seat::events::bridge_answered{audio && (!keys || media->telephone_event >= 0)});
                },
                [&](const notify::notify_failed& x) { feed(seat::events::bridge_failed{x.status}); },
                [&](const notify::notify_hung_up_by_peer&) { feed(seat::events::bridge_hung_up{}); },
                [&](const notify::notify_reinvite_answered& x) {
                    const auto media = sdp::audio_of(x.sdp);
                    if (!media) return feed(seat::events::bridge_refused_phone{0});
                    seat_media_ = *media;
                    feed(seat::events::bridge_took_phone{});
                },
                [&](const notify::notify_reinvite_failed& x) { feed(seat::events::bridge_refused_phone{x.status}); },
                [&](const notify::notify_reinvited& x) {
                    // A session refresh or the like: the bridge keeps sending to the phone.
                    const auto offer = sdp::audio_of(x.sdp);
                    if (machine_.current() != seat::state::seated || !offer || sdp::pick_g711(*offer) < 0)
                        return leg_.answer(machine_.current() == seat::state::seated ? 488 : 491);
                    leg_.answer(200, sdp::make_answer(leg_.origin(), phone_.ip, phone_.port, *offer));
                },
                [&](const auto&) {},
            },
            n);
    }

    /** An event that must not be fed while a command runs. */
    void later(seat::event e) {
        net::post(owner_.env_.executor, [self = weak_from_this(), e] {
            if (const auto s = self.lock()) {
                s->feed(e);
                s->owner_.forget(s->id_);
            }
        });
    }

    void answer(std::optional<mixer_participant> seat) {
        if (auto then = std::exchange(then_, nullptr)) then(std::move(seat));
    }

    void close_stream() {
        if (stream_) stream_->close();
        stream_.reset();
    }

    pbx_bridge_mixer& owner_;
    std::uint64_t id_;
    meeting_room where_;
    std::string display_;
    int payload_type_;
    rtp_address phone_;
    seat_fn then_;
    std::string name_; ///< names the seat in the call trace
    seat::bridge_seat_machine machine_;
    sip_leg leg_;
    std::shared_ptr<media::ringback_stream> stream_; ///< cvw's port, to key from until the seat is given
    sdp::audio_endpoint bridge_media_;               ///< where the bridge took cvw's keys
    sdp::audio_endpoint seat_media_;                 ///< where the bridge takes the phone's audio
    std::function<void()> lost_;
    std::map<seat::timer_id, call_clock::timer_id> timers_;
};

pbx_bridge_mixer::pbx_bridge_mixer(call_environment& env, bridge_settings settings)
    : env_(env), settings_(std::move(settings)) {}

pbx_bridge_mixer::~pbx_bridge_mixer() = default;

void pbx_bridge_mixer::join(const meeting_room& where, std::string display, g711 codec, rtp_address phone,
                            seat_fn then) {
    const auto id = next_id_++;
    auto call =
        std::make_shared<seat_call>(*this, id, where, std::move(display), codec, std::move(phone),
                                    [this, then = std::move(then)](std::optional<mixer_participant> seat) {
                                        // Answered on the strand, after the command that gave it.
                                        net::post(env_.executor, [then, seat = std::move(seat)] { then(seat); });
                                    });
    seats_.emplace(id, call);
    ++count_;
    call->feed(seat::events::seat_requested{});
    forget(id);
}

void pbx_bridge_mixer::leave(const mixer_participant& seat) {
    const auto it = seats_.find(seat.id);
    if (it == seats_.end()) return; // the bridge hung up on it first
    it->second->feed(seat::events::leave_requested{});
    forget(seat.id);
}

void pbx_bridge_mixer::mute(const mixer_participant&, bool, std::function<void(bool ok)> then) {
    net::post(env_.executor, [then = std::move(then)] { then(false); });
}

void pbx_bridge_mixer::watch_lost(const mixer_participant& seat, std::function<void()> lost) {
    // A seat the bridge hung up on before its answer reached the join is gone already.
    if (const auto it = seats_.find(seat.id); it != seats_.end()) it->second->watch_lost(std::move(lost));
    else net::post(env_.executor, std::move(lost));
}

bool pbx_bridge_mixer::on_leg_event(const sip::leg_event& e) {
    const auto leg = seat_of_leg_.find(e.leg);
    if (leg == seat_of_leg_.end()) return false;
    const auto id = leg->second;
    if (e.what == sip::leg_event::kind::released) seat_of_leg_.erase(leg);
    if (const auto it = seats_.find(id); it != seats_.end()) {
        const auto call = it->second; // the event may end it
        call->on_event(e);
        forget(id);
    }
    return true;
}

void pbx_bridge_mixer::stop() {
    auto all = seats_;
    for (auto& [id, call] : all) {
        call->feed(seat::events::leave_requested{});
        forget(id);
    }
}

void pbx_bridge_mixer::forget(std::uint64_t id) {
    const auto it = seats_.find(id);
    if (it == seats_.end() || !it->second->finished()) return;
    seats_.erase(it);
    --count_;
}

} // namespace cvw::server::calls
