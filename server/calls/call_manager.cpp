// Call bookkeeping: ids, one call per user, leg routing, PBX reachability, cleanup.
#include "calls/call_manager.hpp"

#include "app/clock.hpp"
#include "cvw/protocol/call_events.hpp"
#include "log.hpp"
#include "random_hex.hpp"

#include <boost/asio/post.hpp>

#include <future>
#include <thread>

namespace cvw::server::calls {

namespace net = boost::asio;

namespace {

/** A call id no other call has, here or in another process: `prefix` and 64 random bits in hex. */
std::string new_call_id(const char* prefix) { return prefix + random_hex(8); }

/** The configured prompts, or the build's: `<build>/prompts` beside `<build>/server/cvw-server`. */
std::filesystem::path prompts_folder(const meetings_config& m) {
    if (!m.prompts.empty()) return m.prompts;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path("prompts") : exe.parent_path().parent_path() / "prompts";
}

} // namespace

call_manager::call_manager(net::io_context& ioc, const server_config& config, notify_fn notify, update_fn on_update,
                           broadcast_fn broadcast, incoming_fn on_incoming)
    : config_(config), strand_(net::make_strand(ioc)), notify_(std::move(notify)), on_update_(std::move(on_update)),
      broadcast_(std::move(broadcast)), on_incoming_(std::move(on_incoming)),
      ports_(std::make_shared<media::rtp_port_pool>(config.pbx.rtp_port_min, config.pbx.rtp_port_max)),
      plan_(dial_plan::compile(config.dial_plan).value()), admission_(config.call_limits, now_ms()),
      lockout_({.failures = config.meetings.dial_in_failures,
                .window_ms = config.meetings.dial_in_lockout_minutes * 60'000LL,
                .lock_ms = config.meetings.dial_in_lockout_minutes * 60'000LL}) {}

std::string call_manager::start(std::string_view call_id_key) {
    if (!enabled()) return {};
    std::weak_ptr<call_manager> weak = shared_from_this();
    agent_ = std::make_unique<sip::sofia_agent>(
        config_.pbx, sip::own_call_ids(call_id_key),
        [weak, strand = strand_](sip::leg_event e) {
            // On the sofia thread: copy and hop over.
            net::post(strand, [weak, e = std::move(e)] {
                if (auto self = weak.lock()) self->on_leg_event(e);
            });
        },
        [weak, strand = strand_](bool reachable, int status) {
            net::post(strand, [weak, reachable, status] {
                auto self = weak.lock();
                if (!self) return;
                const bool changed = self->reachable_.exchange(reachable) != reachable || !self->ever_answered_;
                self->ever_answered_ = true;
                if (!changed) return;
                log(reachable ? log_level::info : log_level::warn,
                    reachable ? "PBX reachable" : "PBX unreachable (" + std::to_string(status) + ")");
                self->broadcast_(self->service());
            });
        });
    clock_ = std::make_unique<asio_call_clock>(strand_);
    env_ = std::make_unique<call_environment>(call_environment{
        .executor = strand_,
        .sip = *agent_,
        .clock = *clock_,
        .ports = ports_,
        .domain = config_.pbx.domain,
        .media_address = config_.pbx.media_address,
        .relay_early_media = config_.pbx.relay_early_media,
        .bind_leg = [this](sip::leg_id leg, std::string call_id) { call_of_leg_[leg] = std::move(call_id); },
        .report =
            [this](call::call_update u) {
                const bool ended = u.ended();
                const auto id = u.call_id;
                on_update_(std::move(u));
                if (ended) net::post(strand_, [self = shared_from_this(), id] { self->reap(id); });
            },
        .settled = [this](const std::string& id) { reap(id); },
        .talking =
            [this](const std::string& meeting_id, const std::string& call_id, bool talking) {
                if (talk_listener_) talk_listener_(meeting_id, call_id, talking);
            },
    });
    if (subscription_sink_) agent_->on_subscription(subscription_sink_);
    if (config_.meetings.enabled() && config_.meetings.backend == meetings_config::mixer_backend::pbx) {
        // The PBX's own bridge is the mixer: it is there whenever the PBX is.
        bridge_mixer_ =
            std::make_unique<pbx_bridge_mixer>(*env_, bridge_settings{.uri_template = config_.meetings.bridge_uri,
                                                                      .keys_template = config_.meetings.bridge_keys,
                                                                      .caller_number = config_.meetings.bridge_number,
                                                                      .timeouts = {}});
        mixer_ = bridge_mixer_.get();
        mixer_up_ = true;
    }
    if (config_.meetings.enabled() && !config_.meetings.bridge_user().empty())
        prompts_ = std::make_shared<const media::prompt_clips>(
            media::prompt_clips::load(prompts_folder(config_.meetings), config_.meetings.prompt_language));
    if (auto error = agent_->start(); !error.empty()) {
        agent_.reset();
        return error;
    }
    // Without keep-alives there is nothing to ask; assume the configured PBX is there.
    if (config_.pbx.keepalive_seconds == 0) reachable_ = true;
    return {};
}

void call_manager::stop(std::chrono::milliseconds grace) {
    if (!agent_) return;
    std::promise<void> asked;
    net::post(strand_, [this, &asked] {
        admission_.stop();
        for (auto& [id, call] : calls_) call->stop();
        if (bridge_mixer_) bridge_mixer_->stop(); // seats still under way are refused, given ones hung up
        asked.set_value();
    });
    asked.get_future().wait();
    // Calls are reaped as their legs are released, i.e. as the PBX answers each CANCEL and BYE.
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while ((active_calls_ > 0 || bridge_seats() > 0) && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::promise<void> forgotten;
    net::post(strand_, [this, &forgotten] {
        if (!calls_.empty()) log_warn(std::to_string(calls_.size()) + " call(s) still waiting for the PBX at shutdown");
        calls_.clear(); // closes their media; the agent ends any leg still up
        bridge_mixer_.reset();
        call_of_leg_.clear();
        active_calls_ = 0;
        forgotten.set_value();
    });
    forgotten.get_future().wait();
    agent_->stop();
}

protocol::call_service call_manager::service() const {
    if (!enabled()) return {false, "not_set_up"};
    if (!agent_) return {false, "agent_failed"};
    if (!reachable_) return {false, "pbx_unreachable"};
    return {true, ""};
}

std::optional<std::string> call_manager::admit(const caller& who) {
    auto id = new_call_id("call-");
    const auto admitted = admission_.try_place(who.user_id, id, now_ms());
    if (!admitted.refused) return id;
    refuse(who.user_id, who.username, admitted);
    return std::nullopt;
}

std::optional<std::string> call_manager::admit_on_behalf(std::int64_t user_id, const std::string& username) {
    const auto admitted = admission_.try_place_on_behalf(user_id, now_ms());
    if (!admitted.refused) return new_call_id("call-");
    refuse(user_id, username, admitted);
    return std::nullopt;
}

void call_manager::refuse(std::int64_t user_id, const std::string& username, const call::admission_decision& refused) {
    switch (*refused.refused) {
    case call::admission_refusal::shutting_down:
        notify_(user_id, protocol::refusal("calls_unavailable", "", "shutting_down"));
        break;
    case call::admission_refusal::call_in_progress: notify_(user_id, protocol::refusal("call_in_progress")); break;
    case call::admission_refusal::over_cap:
        if (refused.cap.alert) log_warn(call::alert_line(username, refused.cap, admission_.limits()));
        notify_(user_id, protocol::refusal_of(refused.cap, admission_.limits()));
        break;
    }
}

void call_manager::place(caller who, std::string destination, std::string callee_name, std::string conversation,
                         std::string cvw_user) {
    net::post(strand_, [self = shared_from_this(), who = std::move(who), destination = std::move(destination),
                        callee_name = std::move(callee_name), conversation = std::move(conversation),
                        cvw_user = std::move(cvw_user)]() mutable {
        if (!self->agent_) {
            self->notify_(who.user_id, protocol::refusal("calls_unavailable", "", self->service().reason));
            return;
        }
        const auto id = self->admit(who);
        if (!id) return;
        auto call = std::make_shared<click_to_call>(*self->env_, *id, std::move(who), std::move(callee_name),
                                                    self->plan_, self->config_.ring, now_ms(), std::move(conversation));
        self->calls_.emplace(*id, call);
        ++self->active_calls_;
        call->start(destination, !cvw_user.empty(), cvw_user);
    });
}

void call_manager::mixer_available(bool up) {
    if (mixer_up_.exchange(up) == up) return;
    if (up) return;
    net::post(strand_, [self = shared_from_this()] {
        for (auto& [id, call] : self->calls_)
            if (auto join = std::dynamic_pointer_cast<meeting_join>(call)) join->mixer_lost();
    });
}

void call_manager::join_meeting(caller who, meeting_details meeting) {
    net::post(strand_, [self = shared_from_this(), who = std::move(who), meeting = std::move(meeting)]() mutable {
        const auto asker = meeting.invited_by != 0 ? meeting.invited_by : who.user_id;
        if (!self->meetings_ready(asker)) return;
        const auto id =
            meeting.invited_by != 0 ? self->admit_on_behalf(meeting.invited_by, who.username) : self->admit(who);
        if (id) self->start_join(*id, std::move(who), std::move(meeting));
    });
}

bool call_manager::meetings_ready(std::int64_t asker) {
    if (!agent_) {
        notify_(asker, protocol::refusal("calls_unavailable", "", service().reason));
        return false;
    }
    if (!meetings_available()) {
        notify_(asker, protocol::refusal("meetings_unavailable"));
        return false;
    }
    return true;
}

void call_manager::start_join(const std::string& id, caller who, meeting_details meeting) {
    const auto& m = config_.meetings;
    auto call = std::make_shared<meeting_join>(
        *env_, *mixer_, id, std::move(who), std::move(meeting), plan_,
        call::meeting_join::timeouts{.ring_ms = m.ring_seconds * 1000LL, .confirm_ms = m.confirm_seconds * 1000LL},
        now_ms());
    calls_.emplace(id, call);
    ++active_calls_;
    call->start();
    reap(id);
}

void call_manager::add_person(std::int64_t user_id, std::string call_id, meeting_details meeting, caller third) {
    net::post(strand_, [self = shared_from_this(), user_id, call_id = std::move(call_id), meeting = std::move(meeting),
                        third = std::move(third)]() mutable {
        if (!self->meetings_ready(user_id)) return;
        const auto call = self->users_call(user_id, call_id);
        if (!call) return;
        auto* two_party = dynamic_cast<click_to_call*>(call.get());
        const auto not_connected = [&] {
            self->notify_(user_id, protocol::refusal("not_allowed", "call_id", "not_connected"));
        };
        if (!two_party || !two_party->can_hand_over()) return not_connected();
        // The third phone is dialled on the user's behalf and counts against their caps: a refusal
        // leaves the call as it was.
        const auto third_id = self->admit_on_behalf(user_id, third.username);
        if (!third_id) return;
        auto phones = two_party->hand_over();
        if (!phones) return not_connected();
        log_info("call " + call_id + " becomes meeting " + meeting.meeting_id + " (Add person)");

        const auto desk_id = new_call_id("call-");
        self->admission_.carry_over(user_id, call_id, desk_id); // the user's one call goes on as the meeting
        auto desk = std::move(phones->user);
        desk.number = phones->desk_number;
        self->adopt_join(desk_id, std::move(desk), meeting, std::move(phones->desk), "");

        // The other phone stays in as someone the user brought in, like a number they dialled.
        auto on_behalf = meeting;
        on_behalf.invited_by = user_id;
        caller partner{.user_id = 0,
                       .display_name = phones->callee_name.empty() ? phones->callee_number : phones->callee_name,
                       .number = phones->callee_number,
                       .policy = {},
                       .username = {}};
        // A colleague called by name keeps their name in the roster; a number is masked as any other.
        auto shown = phones->callee_username.empty() ? std::string() : phones->callee_name;
        self->adopt_join(new_call_id("call-"), std::move(partner), on_behalf, std::move(phones->callee),
                         std::move(shown));

        self->start_join(*third_id, std::move(third), std::move(on_behalf));
    });
}

void call_manager::adopt_join(const std::string& id, caller who, const meeting_details& meeting,
                              std::unique_ptr<sip_leg> phone, std::string name) {
    auto call = std::make_shared<meeting_join>(*env_, *mixer_, id, std::move(who), meeting, std::move(phone),
                                               std::move(name), plan_, now_ms());
    calls_.emplace(id, call);
    ++active_calls_;
    call->start();
    reap(id);
}

void call_manager::dial_in(incoming_offer offer, dial_in_caller who) {
    net::post(strand_, [self = shared_from_this(), offer = std::move(offer), who = std::move(who)]() mutable {
        auto& agent = *self->agent_;
        if (self->admission_.stopping()) return agent.respond(offer.leg, 503, {}, {});
        if (!self->meetings_available() || !self->find_conference_ || !self->prompts_)
            return agent.respond(offer.leg, 480, {}, {});
        if (self->lockout_.locked(who.number, now_ms())) {
            log_warn("dial-in from " + who.number + " refused: locked out after wrong conference IDs or PINs");
            return agent.respond(offer.leg, 403, {}, {});
        }
        if (!offer.sdp.empty()) {
            const auto media = sdp::audio_of(offer.sdp);
            if (!media || sdp::pick_g711(*media) < 0) return agent.respond(offer.leg, 488, {}, {});
        }
        who.leg = offer.leg;
        who.sdp = std::move(offer.sdp);
        const auto id = new_call_id("dial-");
        auto call = std::make_shared<meeting_join>(*self->env_, *self->mixer_, id, std::move(who),
                                                   self->hooks_for_dial_in(), self->plan_, now_ms());
        self->calls_.emplace(id, call);
        ++self->active_calls_;
        call->start();
        self->reap(id);
    });
}

dial_in_hooks call_manager::hooks_for_dial_in() {
    std::weak_ptr<call_manager> weak = shared_from_this();
    return {
        .prompts = prompts_,
        .limits = {},
        .find =
            [weak, strand = strand_](std::string conference_id, dial_in_entry::found_fn found) {
                auto self = weak.lock();
                if (!self) return;
                self->find_conference_(std::move(conference_id), [strand, found = std::move(found)](
                                                                     std::optional<conference> c) mutable {
                    net::post(strand, [found = std::move(found), c = std::move(c)]() mutable { found(std::move(c)); });
                });
            },
        .entry_done =
            [weak](const std::string& number, meeting::pin_entry::outcome how, int wrong_entries) {
                auto self = weak.lock();
                if (!self) return;
                if (how == meeting::pin_entry::outcome::admitted) return self->lockout_.admitted(number);
                if (wrong_entries == 0) return;
                log_warn("dial-in from " + number + ": " + std::to_string(wrong_entries) +
                         " wrong conference ID(s) or PIN(s)");
                if (self->lockout_.failed(number, now_ms()))
                    log_warn("dial-in from " + number + " locked out for " +
                             std::to_string(self->config_.meetings.dial_in_lockout_minutes) + " minutes");
            },
    };
}

std::shared_ptr<call_driver> call_manager::users_call(std::int64_t user_id, const std::string& call_id) {
    auto it = calls_.find(call_id);
    if (it != calls_.end() && it->second->user_id() == user_id) return it->second;
    notify_(user_id, protocol::refusal("not_found", "call_id", "call"));
    return nullptr;
}

std::shared_ptr<meeting_join> call_manager::meeting_call(const std::string& call_id) {
    const auto it = calls_.find(call_id);
    return it == calls_.end() ? nullptr : std::dynamic_pointer_cast<meeting_join>(it->second);
}

void call_manager::mute_in_meeting(std::int64_t asked_by, std::string call_id, bool muted) {
    net::post(strand_, [self = shared_from_this(), asked_by, call_id = std::move(call_id), muted] {
        auto join = self->meeting_call(call_id);
        if (!join) return;
        // The PBX's bridge is muted at the phone, never by cvw (calls/pbx_bridge_mixer).
        if (self->bridge_mixer_)
            return self->notify_(asked_by, protocol::refusal("not_allowed", "participant_id", "bridge_mutes"));
        const bool asked = join->set_muted(muted, [self, asked_by](bool ok) {
            if (!ok) self->notify_(asked_by, protocol::refusal("meetings_unavailable"));
        });
        // The roster allowed it, but the phone left the mix meanwhile (the roster will say so).
        if (!asked) self->notify_(asked_by, protocol::refusal("not_allowed", "participant_id", "not_joined"));
    });
}

void call_manager::remove_from_meeting(std::string call_id) {
    net::post(strand_, [self = shared_from_this(), call_id = std::move(call_id)] {
        if (auto join = self->meeting_call(call_id)) join->removed();
        self->reap(call_id);
    });
}

void call_manager::end_meeting(std::string meeting_id, std::int64_t ended_by) {
    net::post(strand_, [self = shared_from_this(), meeting_id = std::move(meeting_id), ended_by] {
        std::vector<std::string> ended;
        for (auto& [id, call] : self->calls_)
            if (auto join = std::dynamic_pointer_cast<meeting_join>(call); join && join->meeting_id() == meeting_id) {
                if (join->user_id() == ended_by) join->hang_up();
                else join->meeting_ended();
                ended.push_back(id);
            }
        for (const auto& id : ended) self->reap(id);
    });
}

void call_manager::hang_up(std::int64_t user_id, std::string call_id) {
    net::post(strand_, [self = shared_from_this(), user_id, call_id = std::move(call_id)] {
        if (auto call = self->users_call(user_id, call_id)) call->hang_up();
    });
}

void call_manager::accept(std::int64_t user_id, std::string call_id) {
    net::post(strand_, [self = shared_from_this(), user_id, call_id = std::move(call_id)] {
        auto call = self->users_call(user_id, call_id);
        if (call && !call->accept())
            self->notify_(user_id, protocol::refusal("invalid_value", "call_id", "not_incoming_accept"));
    });
}

void call_manager::decline(std::int64_t user_id, std::string call_id) {
    net::post(strand_, [self = shared_from_this(), user_id, call_id = std::move(call_id)] {
        auto call = self->users_call(user_id, call_id);
        if (call && !call->decline())
            self->notify_(user_id, protocol::refusal("invalid_value", "call_id", "not_incoming_decline"));
    });
}

void call_manager::ring(incoming_offer offer, incoming_target target) {
    net::post(strand_, [self = shared_from_this(), offer = std::move(offer), target = std::move(target)]() mutable {
        if (self->admission_.stopping()) {
            self->agent_->respond(offer.leg, 503, {}, {});
            return;
        }
        const auto id = new_call_id("in-");
        auto call = std::make_shared<incoming_call>(*self->env_, id, offer.leg, std::move(offer.sdp), std::move(target),
                                                    now_ms());
        self->calls_.emplace(id, call);
        ++self->active_calls_;
        call->start();
        self->reap(id);
    });
}

void call_manager::refuse(sip::leg_id leg, int status) {
    net::post(strand_, [self = shared_from_this(), leg, status] {
        if (self->agent_) self->agent_->respond(leg, status, {}, {});
    });
}

void call_manager::on_leg_event(const sip::leg_event& e) {
    auto leg = call_of_leg_.find(e.leg);
    if (leg == call_of_leg_.end()) {
        if (bridge_mixer_ && bridge_mixer_->on_leg_event(e)) return;
        if (e.what != sip::leg_event::kind::invite) return;
        // A new call for a cvw user: the calls service finds whom it is for.
        if (admission_.stopping()) agent_->respond(e.leg, 503, {}, {});
        else if (on_incoming_) on_incoming_({e.leg, e.caller, e.sdp});
        else agent_->respond(e.leg, 480, {}, {});
        return;
    }
    const auto call_id = leg->second;
    if (e.what == sip::leg_event::kind::released) call_of_leg_.erase(leg);
    auto it = calls_.find(call_id);
    if (it == calls_.end()) return;
    it->second->on_leg_event(e);
    reap(call_id);
}

void call_manager::reap(const std::string& call_id) {
    auto it = calls_.find(call_id);
    if (it == calls_.end()) return;
    const auto& call = *it->second;
    if (call.ended()) {
        // The user may place the next call as soon as this one has ended for them.
        admission_.call_ended(call.user_id(), call_id);
    }
    if (!call.finished()) return;
    calls_.erase(it);
    --active_calls_;
}

} // namespace cvw::server::calls
