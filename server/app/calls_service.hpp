// The calls side of the page: placing a click-to-call for a user from the directory's entry and
// policy, routing a call that arrived for a user, and the user's call log (list, CSV, recorder).
// The call layer (calls/call_manager) runs the calls; this reads and writes the database for it.
#pragma once

#include "app/call_recorder.hpp"
#include "app/directory_service.hpp"
#include "app/presence_service.hpp"
#include "app/tab_ref.hpp"
#include "calls/call_manager.hpp"
#include "cvw/protocol/messages.hpp"
#include "store/call_log.hpp"

#include <memory>

namespace cvw::server {

/** On the services' strand, like the database it reads. */
class calls_service {
public:
    calls_service(const server_config& config, const dial_plan& plan, directory_service& directory,
                  presence_service& presence, call_log& log, fan_out& out);

    /** Wires the call layer in; before the server starts. */
    void set_calls(std::shared_ptr<calls::call_manager> calls) { calls_ = std::move(calls); }
    void forget_calls() { calls_.reset(); }
    /** What the page may do with calls right now (sent after the welcome). */
    protocol::call_service service() const;

    void place(const tab_ref& tab, const protocol::place_call& m);
    void recent(const tab_ref& tab, const protocol::get_recent_calls& m);
    /** The user's newest calls as CSV in the tab's language; bounded so one export cannot flood the tab's queue. */
    void export_csv(const tab_ref& tab);

    /** A call arrived for the SIP user `offer.parties.to_user`: ring the cvw user it names, or refuse it. */
    void route_incoming(calls::call_manager::incoming_offer offer);
    /** A call's step (see call_recorder). */
    void record(const call::call_update& u) { recorder_.record(u); }
    /** The user's calls not ended yet, as their last events (see call_recorder). */
    std::vector<protocol::event> live_calls(std::int64_t user_id) const { return recorder_.live_calls(user_id); }
    /** What the user's desk phone reported: in a call or not, and the calls it finished around cvw. */
    void report_phone(std::int64_t user_id, bool in_call, const std::vector<phone::finished_call>& ended);

private:
    static constexpr int max_exported_calls = 10'000;

    const server_config& config_;
    const dial_plan& dial_plan_;
    directory_service& directory_;
    presence_service& presence_;
    call_log& log_;
    call_recorder recorder_;
    std::shared_ptr<calls::call_manager> calls_;
};

} // namespace cvw::server
