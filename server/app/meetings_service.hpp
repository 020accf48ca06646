// The meetings side of the page: Meet Now makes a meeting, invitations ask colleagues in, and a
// join dials out to the user's phone. The call layer (calls/meeting_join) runs each join; the mixer
// makes a meeting's room with its first seat.
#pragma once

#include "app/directory_service.hpp"
#include "app/fan_out.hpp"
#include "app/tab_ref.hpp"
#include "calls/call_manager.hpp"
#include "cvw/protocol/messages.hpp"
#include "meetings/audio_bridge.hpp"
#include "store/meeting_store.hpp"

#include <memory>

namespace cvw::server {

/** On the services' strand, like the database it writes. */
class meetings_service {
public:
    meetings_service(const server_config& config, directory_service& directory, database& db, fan_out& out);

    /** Wires the call layer and the mixer in; before the server starts. Without a mixer, meetings are off. */
    void set_calls(std::shared_ptr<calls::call_manager> calls) { calls_ = std::move(calls); }
    void set_mixer(audio_bridge* mixer) { mixer_ = mixer; }

    void meet_now(const tab_ref& tab, const protocol::meet_now& m);
    /** The organizer or an invitee asks a colleague in: every tab of theirs shows the invitation. */
    void invite(const tab_ref& tab, const protocol::invite_to_meeting& m);
    /** Anyone signed in who has the meeting's id (its link is the key) joins: it dials out to their phone. */
    void join(const tab_ref& tab, const protocol::join_meeting& m);
    void decline(const tab_ref& tab, const protocol::decline_meeting& m);
    /** What a meeting link shows before Join: subject, organizer, times. */
    void describe(const tab_ref& tab, const protocol::get_meeting& m);

private:
    /** Whether meetings work now; if not, tells the tab why. */
    bool available(const tab_ref& tab) const;
    /** Dials out to `user`'s phone to join `meeting`. */
    void dial_in(const user_record& user, const meeting_record& meeting);
    /** Every tab of the invitee drops the invitation. */
    void answered(std::int64_t user_id, const meeting_record& meeting);

    const server_config& config_;
    directory_service& directory_;
    meeting_store meetings_;
    fan_out& out_;
    std::shared_ptr<calls::call_manager> calls_;
    audio_bridge* mixer_ = nullptr;
};

} // namespace cvw::server
