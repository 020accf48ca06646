// Writes down what calls do: the tabs' event for every step, "in a call" presence while the phones
// talk, and the call log once a call ended. Every kind of call reports here through one typed
// update, and calls the desk phone made around cvw are logged here too. It also keeps where each
// live call stands, for tabs that open while it lasts.
#pragma once

#include "app/directory_service.hpp"
#include "cvw/call/call_update.hpp"
#include "cvw/phone/phone_dialogs.hpp"
#include "cvw/protocol/messages.hpp"
#include "store/call_log.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace cvw::server {

class call_recorder {
public:
    /** Where the recorder's output goes besides the call log. */
    struct outlets {
        std::function<void(std::int64_t user_id, const protocol::event&)> tabs; ///< every tab of the user
        std::function<void(std::int64_t user_id, bool in_call)> presence;       ///< calls through cvw only
    };

    /** `directory` names the peers of calls only the desk phone saw, however the PBX wrote their numbers. */
    call_recorder(call_log& log, directory_service& directory, outlets out);

    /** One step of a call through cvw; an outside number's way into a meeting (user 0) is only logged. */
    void record(const call::call_update& u);
    /**
     * Where each of the user's calls through cvw stands now (their last events, none ended), for a
     * tab that opens while they last: it shows the call panel, Accept or Leave like the others.
     */
    std::vector<protocol::event> live_calls(std::int64_t user_id) const;
    /** Calls the user's desk phone finished around cvw (its dialog subscription): logged with via "phone". */
    void record_desk_phone_calls(std::int64_t user_id, const std::vector<phone::finished_call>& calls);

private:
    call_log& log_;
    directory_service& directory_;
    outlets out_;
    /** user id -> call id -> the call's last event, for the calls not ended yet. */
    std::unordered_map<std::int64_t, std::map<std::string, protocol::event>> live_;
};

} // namespace cvw::server
