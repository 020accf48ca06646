// Shared state of all open tabs: who is online, who watches whom, directory search and IM routing.
#pragma once

#include "app/call_recorder.hpp"
#include "config/server_config.hpp"
#include "sip/sip_types.hpp"
#include "cvw/dial_plan.hpp"
#include "cvw/phone/phone_dialogs.hpp"
#include "cvw/protocol/messages.hpp"
#include "phone/desk_phone_watcher.hpp"
#include "store/database.hpp"
#include "store/call_log.hpp"
#include "store/message_store.hpp"
#include "store/user_store.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cvw::server {

class websocket_session;
namespace calls {
class call_manager;
}

/**
 * Everything here runs on one strand; sessions reach it only through the posting methods below
 * and it answers them through websocket_session::send, so no state is shared across threads.
 */
class hub : public std::enable_shared_from_this<hub> {
public:
    hub(boost::asio::io_context& ioc, const server_config& config);

    void attach(std::shared_ptr<websocket_session> s);
    void detach(std::shared_ptr<websocket_session> s);
    void submit(std::shared_ptr<websocket_session> s, protocol::command c);
    /** Closes every tab opened with this sign-in session. */
    void sign_out(std::string token_digest);
    /** Closes every tab (server shutdown). */
    void close_all();
    /** Ready once everything posted to the hub before this call has run (call-log writes at shutdown). */
    std::future<void> drained();
    /**
     * Forgets every tab, breaking the hub <-> session ownership cycle of tabs that never finished
     * closing. Only once the io_context has stopped and its threads are joined.
     */
    void forget_all_after_stop();

    /** Wires click-to-call in; before the server starts. */
    void set_calls(std::shared_ptr<calls::call_manager> calls) { calls_ = std::move(calls); }
    /** Sends an event to every tab of a user; callable from any thread. */
    void notify_user(std::int64_t user_id, protocol::event e);
    /** A call's step: its tabs hear of it, presence and the call log follow (app/call_recorder); any thread. */
    void record_call(call::call_update u);
    /**
     * A call for `to_user` reached the server: finds the user it is for (the configured address
     * prefix + username), names the caller from the directory, and has the call layer ring them or
     * refuse the call. Callable from any thread.
     */
    void route_incoming(sip::leg_id leg, std::string to_user, std::string from_user, std::string from_display,
                        std::string sdp);
    /** Sends an event to every signed-in tab; callable from any thread. */
    void broadcast(protocol::event e);
    /**
     * What the user's desk phone reported through its dialog subscription: whether it is in a call
     * (presence) and the calls it finished around cvw (logged with via "phone"). Any thread.
     */
    void report_phone(std::int64_t user_id, bool in_call, std::vector<phone::finished_call> ended);
    /** Every enabled user's desk-phone number (the number cvw rings), handed to `done` on the hub's strand. */
    void list_desk_phones(std::function<void(std::vector<phones::desk_phone>)> done);

    /** Open WebSocket sessions, for /healthz and the leak checks in tests. */
    std::size_t session_count() const { return session_count_.load(); }

private:
    struct tab {
        std::shared_ptr<websocket_session> session;
        bool joined = false;
        std::string language = "en"; ///< the catalog chosen at hello, for what the server writes for the tab
        std::vector<std::string> watching;
    };
    struct online_user {
        std::string username;
        availability chosen = availability::available;
        std::vector<websocket_session*> tabs;
    };

    void handle(websocket_session* s, tab& t, const protocol::command& c);
    void on_hello(websocket_session* s, tab& t, const protocol::hello& m);
    void on_search(websocket_session* s, const protocol::search& m);
    void on_set_presence(websocket_session* s, const protocol::set_presence& m);
    void on_watch(websocket_session* s, tab& t, const protocol::watch_presence& m);
    void on_send_im(websocket_session* s, const protocol::send_im& m);
    void on_get_history(websocket_session* s, const protocol::get_history& m);
    void on_set_callback_number(websocket_session* s, const protocol::set_callback_number& m);
    void on_place_call(websocket_session* s, const protocol::place_call& m);
    void on_get_recent_calls(websocket_session* s, const protocol::get_recent_calls& m);
    /** The user's newest calls as CSV; bounded so one export cannot flood the tab's queue. */
    void on_export_calls(websocket_session* s, const tab& t);
    static constexpr int max_exported_calls = 10'000;
    protocol::settings settings_of(const user_record& u);

    void unwatch(websocket_session* s, tab& t);
    presence presence_of(std::int64_t user_id) const;
    protocol::contact contact_of(const user_record& u) const;
    void publish_presence(std::int64_t user_id);
    /** A call through cvw connected or ended for the user: their presence shows "in a call" meanwhile. */
    void set_in_call(std::int64_t user_id, bool calling);
    /** Records one source's "in a call" for the user; publishes only if their presence changed. */
    void mark_in_call(std::unordered_set<std::int64_t>& source, std::int64_t user_id, bool calling);
    void send(websocket_session* s, const protocol::event& e);
    void send_to_user(std::int64_t user_id, const std::shared_ptr<const std::string>& text);

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    const server_config& config_;
    dial_plan dial_plan_;
    database db_;
    user_store users_;
    message_store messages_;
    call_log call_log_;
    call_recorder recorder_; ///< on the strand, like everything here
    std::unordered_map<websocket_session*, tab> tabs_;
    std::unordered_map<std::int64_t, online_user> online_;
    std::unordered_map<std::string, std::unordered_set<websocket_session*>> watchers_;
    std::unordered_set<std::int64_t> in_call_;       ///< users whose phone is in a call through cvw
    std::unordered_set<std::int64_t> phone_in_call_; ///< users whose desk phone says it is in a call
    std::atomic<std::size_t> session_count_{0};
    std::shared_ptr<calls::call_manager> calls_;
};

} // namespace cvw::server
