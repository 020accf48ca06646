// Owns the SIP agent and every call in progress (each a call_driver); routes leg events to their calls.
#pragma once

#include "calls/asio_call_clock.hpp"
#include "calls/click_to_call.hpp"
#include "calls/incoming_call.hpp"
#include "calls/meeting_join.hpp"
#include "calls/pbx_bridge_mixer.hpp"
#include "cvw/call/call_admission.hpp"
#include "cvw/meeting/dial_in_lockout.hpp"
#include "config/server_config.hpp"
#include "media/rtp_port_pool.hpp"
#include "sip/sofia_agent.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

namespace cvw::server::calls {

/**
 * All call state lives on one strand. The calls service places calls from the services strand and the hub hangs up from its own; SIP events
 * arrive from the sofia thread; both are posted here.
 */
class call_manager : public std::enable_shared_from_this<call_manager> {
public:
    /** An answer for one user's tabs (errors); calls' own progress goes to update_fn. */
    using notify_fn = std::function<void(std::int64_t user_id, protocol::event)>;
    /** Every step of every call (see app/call_recorder). */
    using update_fn = std::function<void(call::call_update)>;
    using broadcast_fn = std::function<void(protocol::event)>;
    /** A call for a cvw user arrived: who calls whom. The calls service (app/calls_service) answers with ring() or refuse(). */
    struct incoming_offer {
        sip::leg_id leg = 0;
        sip::leg_event::parties parties;
        std::string sdp;
    };
    using incoming_fn = std::function<void(incoming_offer)>;

    call_manager(boost::asio::io_context& ioc, const server_config& config, notify_fn notify, update_fn on_update,
                 broadcast_fn broadcast, incoming_fn on_incoming = {});

    /** Where the SIP agent's subscription events go (on the sofia thread); before start(). */
    void on_subscription_events(sip::sofia_agent::subscription_sink sink) { subscription_sink_ = std::move(sink); }
    /**
     * Starts the SIP agent when a PBX is configured; returns an error message or empty.
     * `call_id_key` marks the Call-IDs of cvw's own INVITEs (see sip/own_call_ids.hpp).
     */
    std::string start(std::string_view call_id_key = {});
    /** The running SIP agent, or nullptr without a PBX (for the desk-phone subscriptions). */
    sip::sofia_agent* agent() { return agent_.get(); }
    /**
     * Ends every call in order and stops the SIP agent: refuses new calls, CANCELs or BYEs each leg
     * (each call's end is reported, so it is logged), waits up to `grace` for the PBX's answers,
     * closes whatever media is left, then shuts the stack down. Blocks; call it from outside the
     * I/O threads while they still run.
     */
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(3));

    bool enabled() const { return config_.pbx.enabled(); }
    protocol::call_service service() const;

    /** `conversation`: the IM peer the call was placed from (reported back with every state), or empty. */
    /** `cvw_user`: the username when calling a directory user at their cvw address (`destination`). */
    void place(caller who, std::string destination, std::string callee_name, std::string conversation = {},
               std::string cvw_user = {});
    /**
     * The meeting mixer's seats (meetings/audio_bridge_mixer); before start(). Without it meetings
     * are off, unless [meetings] backend = "pbx": then start() makes the mixer (calls/pbx_bridge_mixer).
     */
    void set_mixer(mixer_port* mixer) { mixer_ = mixer; }
    /** cvw's RTP ports, shared with the meeting relays so one count says what is in use. */
    std::shared_ptr<media::rtp_port_pool> ports() const { return ports_; }
    /** The mixer's link came up or went away; going away ends every way into a meeting. Any thread. */
    void mixer_available(bool up);
    /** The strand every call lives on (the mixer port answers there). */
    boost::asio::any_io_executor executor() const { return strand_; }
    bool meetings_available() const { return mixer_ != nullptr && mixer_up_.load(); }
    /**
     * Rings the user's phone and takes it into `meeting` (one call at a time, as for click-to-call).
     * With `meeting.invited_by`, `who` is an outside number that user dials in: it counts against
     * their rate caps but not their one call, and refusals go to them.
     */
    void join_meeting(caller who, meeting_details meeting);
    /**
     * Add person: the user's connected click-to-call becomes `meeting` (both phones are handed to it
     * and take seats) and `third`, a colleague's phone or an outside number, is rung into it on the
     * user's behalf. Refused (`not_connected`, the call unchanged) unless the phones talk.
     */
    void add_person(std::int64_t user_id, std::string call_id, meeting_details meeting, caller third);
    /** Finds the meeting a conference ID names (app/meetings_service); `found` may be called on any strand. */
    using conference_finder = std::function<void(std::string conference_id, dial_in_entry::found_fn found)>;
    /** Where dial-ins look conference IDs up; before start(). Without it the bridge number is refused. */
    void set_conference_finder(conference_finder find) { find_conference_ = std::move(find); }
    /** Who hears that a phone in a meeting started or stopped talking; before start(). */
    using talk_listener = std::function<void(std::string meeting_id, std::string call_id, bool talking)>;
    void on_talking(talk_listener listener) { talk_listener_ = std::move(listener); }
    /**
     * Answers a call to the bridge number and takes the caller into the meeting whose conference ID
     * and PIN they key. A number locked out for guessing gets 403, an offer without G.711 488.
     */
    void dial_in(incoming_offer offer, dial_in_caller who);
    /**
     * Moderation the meeting service allowed (app/meetings_service): mute or unmute a join in the mix
     * (`asked_by` hears if the mixer refused), take a join out of its meeting, or end every join of one
     * (the organizer who ended it has left it; everyone else hears that the organizer ended it).
     */
    void mute_in_meeting(std::int64_t asked_by, std::string call_id, bool muted);
    void remove_from_meeting(std::string call_id);
    void end_meeting(std::string meeting_id, std::int64_t ended_by);
    /** Hangs up or cancels the user's call, outgoing or incoming, or leaves a meeting. */
    void hang_up(std::int64_t user_id, std::string call_id);
    /** Rings the user for an offered incoming call. */
    void ring(incoming_offer offer, incoming_target target);
    /** Refuses an offered incoming call (404 for no such user, 480 when it cannot be taken). */
    void refuse(sip::leg_id leg, int status);
    void accept(std::int64_t user_id, std::string call_id);
    void decline(std::int64_t user_id, std::string call_id);

    /** Resource counters the tests read to prove nothing leaks. */
    std::size_t active_calls() const { return active_calls_.load(); }
    std::size_t active_legs() const { return agent_ ? agent_->active_legs() : 0; }
    std::size_t media_ports_in_use() const { return ports_->in_use(); }
    /** Calls to the PBX's bridge, one per seat, given or under way (backend = "pbx"). */
    std::size_t bridge_seats() const { return bridge_mixer_ ? bridge_mixer_->seats() : 0; }

private:
    /** A new call id for `who`'s next call, or nothing (and the refusal sent) when admission says no. */
    std::optional<std::string> admit(const caller& who);
    /** The same for an outside number `user_id` dials into a meeting (call_admission::try_place_on_behalf). */
    std::optional<std::string> admit_on_behalf(std::int64_t user_id, const std::string& username);
    /** Whether a meeting join can start now; if not, `asker` hears why. */
    bool meetings_ready(std::int64_t asker);
    /** Starts a join that rings its phone. */
    void start_join(const std::string& id, caller who, meeting_details meeting);
    /** Starts a join of a phone handed over from a two-party call. */
    void adopt_join(const std::string& id, caller who, const meeting_details& meeting, std::unique_ptr<sip_leg> phone,
                    std::string name);
    /** Tells `user_id` why admission said no. */
    void refuse(std::int64_t user_id, const std::string& username, const call::admission_decision& refused);
    void on_leg_event(const sip::leg_event& e);
    /** The prompts, the lookup (answered on this strand) and the lock-out, for one dial-in. */
    dial_in_hooks hooks_for_dial_in();
    void reap(const std::string& call_id);
    /** The user's call with that id, or nullptr and an error event sent to them. */
    std::shared_ptr<call_driver> users_call(std::int64_t user_id, const std::string& call_id);
    /** The meeting join with that id, or nullptr (ended meanwhile: the roster will say so). */
    std::shared_ptr<meeting_join> meeting_call(const std::string& call_id);

    const server_config& config_;
    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    notify_fn notify_;
    update_fn on_update_;
    broadcast_fn broadcast_;
    incoming_fn on_incoming_;
    sip::sofia_agent::subscription_sink subscription_sink_;
    std::shared_ptr<media::rtp_port_pool> ports_;
    std::unique_ptr<sip::sofia_agent> agent_;
    std::unique_ptr<asio_call_clock> clock_;
    std::unique_ptr<call_environment> env_;
    dial_plan plan_;
    call::call_admission admission_;   ///< every click-to-call passes here before its first INVITE
    meeting::dial_in_lockout lockout_; ///< caller numbers that keyed wrong conference IDs or PINs too often
    conference_finder find_conference_;
    talk_listener talk_listener_;
    std::shared_ptr<const media::prompt_clips> prompts_;
    std::unordered_map<std::string, std::shared_ptr<call_driver>> calls_;
    std::unordered_map<sip::leg_id, std::string> call_of_leg_;
    std::atomic<std::size_t> active_calls_{0};
    std::atomic<bool> reachable_{false};
    mixer_port* mixer_ = nullptr;
    std::unique_ptr<pbx_bridge_mixer> bridge_mixer_; ///< the mixer, with backend = "pbx"
    std::atomic<bool> mixer_up_{false};
    std::atomic<bool> ever_answered_{false};
};

} // namespace cvw::server::calls
