// The meetings side of the page: Meet Now makes a meeting and its room in the mixer, then dials out
// to the user's phone to join it. The call layer (calls/meeting_join) runs the join.
#pragma once

#include "app/directory_service.hpp"
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
    meetings_service(const server_config& config, directory_service& directory, database& db);

    /** Wires the call layer and the mixer in; before the server starts. Without a mixer, meetings are off. */
    void set_calls(std::shared_ptr<calls::call_manager> calls) { calls_ = std::move(calls); }
    void set_mixer(audio_bridge* mixer) { mixer_ = mixer; }

    void meet_now(const tab_ref& tab, const protocol::meet_now& m);

private:
    const server_config& config_;
    directory_service& directory_;
    meeting_store meetings_;
    std::shared_ptr<calls::call_manager> calls_;
    audio_bridge* mixer_ = nullptr;
};

} // namespace cvw::server
