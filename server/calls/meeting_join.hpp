// One phone's way into a meeting, as one SIP leg: by dial-out (cvw rings the user's phone), by
// dial-in (a call to the bridge number, answered by cvw), or handed over from a two-party call (Add
// person). A dialled or dialling phone is first on cvw's own RTP port (the key prompt, or the
// conference ID and PIN entry); every phone is then re-INVITEd to its seat in the mixer.
#pragma once

#include "calls/call_clock.hpp"
#include "calls/call_driver.hpp"
#include "calls/call_types.hpp"
#include "calls/click_to_call.hpp"
#include "calls/dial_in_entry.hpp"
#include "calls/mixer_port.hpp"
#include "calls/sip_leg.hpp"
#include "cvw/call/meeting_join_machine.hpp"
#include "cvw/sdp/sdp.hpp"
#include "media/prompt_clips.hpp"
#include "media/ringback_stream.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace cvw::server::calls {

/** A call to the bridge number, and its caller as the directory knows them. */
struct dial_in_caller {
    sip::leg_id leg = 0;
    std::string sdp;          ///< its offer; empty for a late offer
    std::string number;       ///< the caller's number (its From), maybe empty
    std::int64_t user_id = 0; ///< the colleague whose number it is; 0 for an outside caller
    std::string name;         ///< the colleague's name, else the number partly masked
};

/** What a dial-in needs beyond the call layer: its prompts, the meeting lookup, and the lock-out's bookkeeping. */
struct dial_in_hooks {
    std::shared_ptr<const media::prompt_clips> prompts;
    meeting::pin_entry::limits limits;
    std::function<void(std::string conference_id, dial_in_entry::found_fn found)> find;
    /** The entry ended (admitted or not), with the wrong entries the caller keyed. */
    std::function<void(const std::string& number, meeting::pin_entry::outcome, int wrong_entries)> entry_done;
};

class meeting_join final : public call_driver, public std::enable_shared_from_this<meeting_join> {
public:
    meeting_join(call_environment& env, mixer_port& mixer, std::string id, caller who, meeting_details meeting,
                 dial_plan plan, call::meeting_join::timeouts timeouts, std::int64_t now_ms);
    /** A dial-in: answered by start(), in no meeting until the PIN was right. */
    meeting_join(call_environment& env, mixer_port& mixer, std::string id, dial_in_caller who, dial_in_hooks hooks,
                 dial_plan plan, std::int64_t now_ms);
    /**
     * Add person: a phone talking in a two-party call, handed over with its leg (click_to_call::
     * hand_over), takes a seat from where it is; `name` is what the roster calls it (empty: its
     * number, masked).
     */
    meeting_join(call_environment& env, mixer_port& mixer, std::string id, caller who, meeting_details meeting,
                 std::unique_ptr<sip_leg> phone, std::string name, dial_plan plan, std::int64_t now_ms);
    ~meeting_join() override;
    meeting_join(const meeting_join&) = delete;
    meeting_join& operator=(const meeting_join&) = delete;

    void start();
    /** Leave in the page (or cancel while the phone still rings). */
    void hang_up() override;
    void stop() override;
    void on_leg_event(const sip::leg_event& e) override;
    /** The meeting service's news: the mixer went away, the organizer removed them or ended the meeting. */
    void mixer_lost();
    void removed();
    void meeting_ended();
    /**
     * Mutes or unmutes the phone in the mix; `then(ok)` once the mixer answered. False (and `then`
     * never called) when the phone is not in the mix (yet, or any more).
     */
    bool set_muted(bool muted, std::function<void(bool ok)> then);

    const std::string& id() const override { return id_; }
    std::int64_t user_id() const override { return caller_.user_id; }
    const std::string& meeting_id() const { return meeting_.meeting_id; }
    /** The seat in the mixer, once the phone has one (for mute and kick). */
    const std::optional<mixer_participant>& seat() const { return seat_; }
    bool ended() const override { return machine_.current() == call::meeting_join::state::ended; }
    /** Ended, the phone's leg released, cvw's port closed, and no seat held or still asked for. */
    bool finished() const override;

private:
    void feed(const call::meeting_join::event& e);
    void execute(const call::meeting_join::command& c);
    void on_phone(const call::leg::command& notification);
    /** Hears the phone's keys on cvw's port, as tones and (when offered) as RFC 4733 events. */
    void listen_for_keys();
    void on_key(char key);
    /** Answers a dial-in from cvw's port (with its offer's codec, or an offer of cvw's for a late offer). */
    void answer_dial_in();
    /** The dial-in re-INVITEd to `offer` while keying its PIN: answer from the same port, follow it. */
    void follow_caller_media(const std::string& offer);
    /** The dial-in's media is now `media`: prompts go there, keys are heard from there. */
    void take_caller_media(const sdp::audio_endpoint& media);
    /** The dial-in's ACK came: the caller hears the first prompt. */
    void start_entry();
    dial_in_entry::hooks entry_hooks();
    void join_mixer();
    /** Re-INVITEs the phone to its seat, if it is still on its way there. */
    void move_phone();
    void on_seat(std::optional<mixer_participant> seat);
    void close_stream();
    /** Tells the tabs, the log and the roster where the join stands (call_recorder, meetings_service). */
    void report(call::meeting_join::state now, call::meeting_join::end_reason reason);
    std::string uri_for(const std::string& number) const { return "sip:" + number + "@" + env_.domain; }

    call_environment& env_;
    mixer_port& mixer_;
    std::string id_;
    caller caller_;
    meeting_details meeting_;
    call::meeting_join::meeting_join_machine machine_;
    std::int64_t started_at_ms_;
    std::int64_t joined_at_ms_ = 0;
    std::unique_ptr<sip_leg> phone_;
    std::string shown_name_;  ///< the roster's name for a phone of no known user; empty: its number, masked
    bool taken_over_ = false; ///< came from a two-party call (Add person)
    std::optional<sdp::audio_endpoint> phone_media_;
    int payload_type_ = 0;                           ///< the G.711 type the phone chose, kept toward the mixer
    std::shared_ptr<media::ringback_stream> stream_; ///< cvw's own port until the phone moves
    std::optional<mixer_participant> seat_;
    bool seat_asked_ = false; ///< a join request is out; its answer decides whether to keep the seat
    bool muted_ = false;      ///< as the mixer last confirmed
    bool talking_ = false;    ///< as the mixer's tap last heard
    std::string mixer_sdp_;   ///< what the phone was moved to (answered again to its re-INVITEs)
    std::map<call::meeting_join::timer_id, call_clock::timer_id> timers_;

    // A dial-in only:
    std::int64_t answered_at_ms_ = 0;     ///< when the dialled-out phone answered (and was ACKed)
    call_clock::timer_id move_timer_ = 0; ///< the move to the mixer, waiting for that ACK to settle
    bool dialled_in_ = false;
    std::string caller_offer_; ///< the caller's INVITE offer, empty for a late offer
    dial_in_hooks dial_in_;
    std::unique_ptr<dial_in_entry> entry_; ///< from the ACK until the entry ended
};

} // namespace cvw::server::calls
