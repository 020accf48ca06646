// The meetings side of the page: Meet Now makes a meeting, invitations ask colleagues in, and a
// join dials out to the user's phone. The call layer (calls/meeting_join) runs each join; the mixer
// makes a meeting's room with its first seat. The roster of each live meeting follows its joins'
// steps, and its rules (shared/cvw/meeting/roster) decide who may mute, remove and end.
#pragma once

#include "app/directory_service.hpp"
#include "app/fan_out.hpp"
#include "app/tab_ref.hpp"
#include "calls/call_manager.hpp"
#include "cvw/call/call_update.hpp"
#include "cvw/dial_plan.hpp"
#include "cvw/meeting/roster.hpp"
#include "cvw/protocol/messages.hpp"
#include "store/meeting_message_store.hpp"
#include "store/meeting_store.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cvw::server {

/** On the services' strand, like the database it writes. */
class meetings_service {
public:
    meetings_service(const server_config& config, const dial_plan& plan, directory_service& directory, database& db,
                     fan_out& out);

    /** Wires the call layer in and says whether a mixer is set up; before the server starts. Without one, meetings are off. */
    void set_calls(std::shared_ptr<calls::call_manager> calls) { calls_ = std::move(calls); }
    void set_mixer_set_up(bool set_up) { mixer_set_up_ = set_up; }

    void meet_now(const tab_ref& tab, const protocol::meet_now& m);
    /** Makes a scheduled meeting with its invitations; the Meetings list of everyone in it changes. */
    void schedule(const tab_ref& tab, const protocol::schedule_meeting& m);
    /** The user's Meetings list: scheduled, not over, organized or invited to and not declined. */
    void list(const tab_ref& tab);
    /** The meeting as an iCalendar file, in the tab's language; anyone with its id may have it. */
    void calendar(const tab_ref& tab, const protocol::get_meeting_calendar& m);
    /** The organizer or an invitee asks a colleague in: every tab of theirs shows the invitation. */
    void invite(const tab_ref& tab, const protocol::invite_to_meeting& m);
    /**
     * Someone in the meeting who organizes it or was invited dials an outside number in, as a call
     * of theirs: their policy and the dial plan decide, and they hear if it does not answer.
     */
    void invite_number(const tab_ref& tab, const protocol::invite_number& m);
    /**
     * Add person: the user's connected call becomes a meeting they organize, with both phones in it,
     * and the colleague or number they named is dialled in on their behalf, as invite_number would.
     */
    void add_to_call(const tab_ref& tab, const protocol::add_to_call& m);
    /** Anyone signed in who has the meeting's id (its link is the key) joins: it dials out to their phone. */
    void join(const tab_ref& tab, const protocol::join_meeting& m);
    void decline(const tab_ref& tab, const protocol::decline_meeting& m);
    /** What a meeting link shows before Join: subject, organizer, times. */
    void describe(const tab_ref& tab, const protocol::get_meeting& m);
    /** Self, or (as organizer) others: the mixer stops mixing their phone in. */
    void mute(const tab_ref& tab, const protocol::mute_participant& m);
    /** The organizer hangs up someone's phone in the meeting. */
    void remove(const tab_ref& tab, const protocol::remove_participant& m);
    /** The organizer hangs up every phone in the meeting. */
    void end(const tab_ref& tab, const protocol::end_meeting& m);

    /** A line in the meeting's conversation: stored, then to every tab of everyone in the meeting. */
    void say(const tab_ref& tab, const protocol::send_meeting_message& m);
    /** A page of the meeting's conversation. */
    void conversation(const tab_ref& tab, const protocol::get_meeting_messages& m);

    /** The meeting a caller on the bridge keyed the conference ID of, with its PIN. */
    std::optional<calls::conference> by_conference_id(const std::string& conference_id);
    /** A meeting join's step: the roster follows, and every tab of everyone in the meeting hears it. */
    void follow(const call::call_update& u);
    /** The mixer's tap heard a join's phone start or stop talking: everyone in the meeting sees it. */
    void talking(const std::string& meeting_id, const std::string& participant_id, bool talking);
    /** The rosters of the meetings the user is in, for a tab that opens meanwhile. */
    std::vector<protocol::event> rosters_of(std::int64_t user_id) const;

private:
    /** Whether meetings work now; if not, tells the tab why. */
    bool available(const tab_ref& tab) const;
    /**
     * The phone to ring for `destination` on `asker`'s behalf: a colleague's (by username, under
     * their own name) or a number the dial plan allows (masked). Nothing, and the tab told why, else.
     */
    std::optional<calls::caller> phone_to_add(const tab_ref& tab, const user_record& asker,
                                              const std::string& destination, const char* field);
    /** Dials out to `user`'s phone to join `meeting`. */
    void dial_out(const user_record& user, const meeting_record& meeting);
    /** What the call layer needs of a meeting to join it; `invited_by` for an outside number. */
    calls::meeting_details details_of(const meeting_record& meeting, const std::string& caller_id,
                                      std::int64_t invited_by) const;
    /**
     * Whether the user may read and write the meeting's conversation: its organizer, someone
     * invited, or someone with a way into it now. If not, the tab is told why.
     */
    bool may_chat(const tab_ref& tab, const std::string& meeting_id);
    protocol::meeting_chat_line line_of(stored_meeting_message stored);
    /** Tells whoever dialled an outside number in that it never joined, and why. */
    void tell_inviter(const meeting::participant& who, call::meeting_join::end_reason why);
    /** Every tab of the invitee drops the invitation. */
    void answered(std::int64_t user_id, const meeting_record& meeting);
    protocol::meetings_list list_of(std::int64_t user_id);
    /** The bridge number, conference ID and PIN; empty without a bridge number. */
    protocol::meeting_dial_in dial_in_of(const meeting_record& m) const;

    /** A meeting with someone on their way in or in it. */
    struct live_meeting {
        meeting::roster roster;
        std::string organizer_username;
    };
    /** The live meeting, or one with nobody in it when only stored; nothing (and the tab told) when unknown. */
    std::optional<live_meeting> meeting_for(const tab_ref& tab, const std::string& meeting_id);
    protocol::meeting_roster roster_event(const std::string& meeting_id, const live_meeting& m) const;

    const server_config& config_;
    const dial_plan& dial_plan_;
    directory_service& directory_;
    meeting_store meetings_;
    meeting_message_store chat_;
    fan_out& out_;
    std::shared_ptr<calls::call_manager> calls_;
    bool mixer_set_up_ = false;
    std::map<std::string, live_meeting> live_; ///< by meeting id; a meeting leaves with its last participant
};

} // namespace cvw::server
