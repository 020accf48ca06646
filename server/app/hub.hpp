// The open tabs and what reaches them: the session registry, the fan-out, and the dispatch table
// that hands each command to the service it is for. The services (directory, presence, IM, calls)
// and the database run on a strand of their own, so a slow write never holds up the fan-out.
#pragma once

#include "app/calls_service.hpp"
#include "app/directory_service.hpp"
#include "app/favourites_service.hpp"
#include "app/fan_out.hpp"
#include "app/im_service.hpp"
#include "app/meetings_service.hpp"
#include "app/presence_service.hpp"
#include "app/recent_contacts_service.hpp"
#include "app/session_registry.hpp"
#include "app/tab_ref.hpp"
#include "config/server_config.hpp"
#include "cvw/dial_plan.hpp"
#include "cvw/phone/phone_dialogs.hpp"
#include "cvw/protocol/messages.hpp"
#include "phone/desk_phone_watcher.hpp"
#include "store/call_log.hpp"
#include "store/database.hpp"
#include "store/message_store.hpp"
#include "store/favourite_store.hpp"
#include "store/user_store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <functional>
#include <future>
#include <memory>
#include <shared_mutex>
#include <string_view>
#include <vector>

namespace cvw::server {

class websocket_session;
namespace calls {
class call_manager;
}

/**
 * The registry sits behind one lock: tabs register, say hello and watch under it exclusively; the
 * fan-out reads it shared, from whichever thread has an event, so an event needs no extra hop
 * between threads. The services (the database and everything that reads it) run on a strand of
 * their own and reach the tabs only through the fan-out.
 */
class hub final : public fan_out, public std::enable_shared_from_this<hub> {
public:
    hub(boost::asio::io_context& ioc, const server_config& config);

    void attach(std::shared_ptr<websocket_session> s);
    void detach(const std::shared_ptr<websocket_session>& s);
    /** Routes one of the tab's commands; called from the tab's strand, in the order it read them. */
    void submit(const std::shared_ptr<websocket_session>& s, const protocol::command& c);
    /** Closes every tab opened with this sign-in session. */
    void sign_out(const std::string& token_digest);
    /** Closes every tab (server shutdown). */
    void close_all();
    /** Ready once everything posted to the services before this call has run (call-log writes at shutdown). */
    std::future<void> drained();
    /**
     * Forgets every tab, breaking the hub <-> session ownership cycle of tabs that never finished
     * closing. Only once the io_context has stopped and its threads are joined.
     */
    void forget_all_after_stop();

    /** Wires the call layer in; before the server starts. */
    void set_calls(std::shared_ptr<calls::call_manager> calls);
    /** Wires the meeting mixer in; before the server starts. */
    void set_mixer_set_up(bool set_up) { meetings_.set_mixer_set_up(set_up); }
    /** A call's step: its tabs hear of it, presence and the call log follow (app/call_recorder); any thread. */
    void record_call(call::call_update u);
    /** A phone in a meeting started or stopped talking (the mixer's tap); from the calls' strand. */
    void report_talking(std::string meeting_id, std::string call_id, bool talking);
    /** A call for a cvw user reached the server: the calls service rings them or refuses it. Any thread. */
    void route_incoming(calls::call_manager::incoming_offer offer);
    /** A dial-in's lookup of a conference ID; `found` is called on the services' strand. */
    void find_conference(std::string conference_id, calls::dial_in_entry::found_fn found);
    /**
     * What the user's desk phone reported through its dialog subscription: whether it is in a call
     * (presence) and the calls it finished around cvw (logged with via "phone"). Any thread.
     */
    void report_phone(std::int64_t user_id, bool in_call, std::vector<phone::finished_call> ended);
    /** Every enabled user's desk-phone number (the number cvw rings), handed to `done` on the services' strand. */
    void list_desk_phones(std::function<void(std::vector<phones::desk_phone>)> done);

    // fan_out
    void to_user(std::int64_t user_id, protocol::event e) override;
    void to_watchers(std::int64_t user_id, std::string username, protocol::event e) override;
    void to_everyone(protocol::event e) override;

    /** Open WebSocket sessions, for /healthz and the leak checks in tests. */
    std::size_t session_count() const;

private:
    using strand = boost::asio::strand<boost::asio::io_context::executor_type>;

    /** The dispatch table: which service each command goes to. Under the registry's lock. */
    void route(websocket_session* s, session_registry::tab& t, const protocol::command& c);
    void on_hello(websocket_session* s, session_registry::tab& t, const protocol::hello& m);
    void on_watch(websocket_session* s, const protocol::watch_presence& m);
    /** Runs `work` on the services' strand; a failure is logged and the tab told "internal". */
    template <typename Work> void serve(std::string_view command, tab_ref tab, Work work);
    /** Counts the greeted tab as its user's; the user comes online with their first tab. Services' strand. */
    void join(const std::shared_ptr<websocket_session>& s);
    bool has_tabs(std::int64_t user_id);
    static tab_ref tab_of(websocket_session* s, const session_registry::tab& t);

    strand services_; ///< the database and the services below
    const server_config& config_;
    dial_plan dial_plan_;
    database db_;
    user_store users_;
    message_store messages_;
    call_log call_log_;
    favourite_store favourite_rows_;
    mutable std::shared_mutex registry_mutex_;
    session_registry registry_; ///< guarded by registry_mutex_
    presence_service presence_;
    directory_service directory_;
    favourites_service favourites_;
    recent_contacts_service recent_contacts_;
    im_service im_;
    calls_service calls_;
    meetings_service meetings_;
    std::shared_ptr<calls::call_manager> call_manager_; ///< hang-ups and answers go straight to it
};

} // namespace cvw::server
