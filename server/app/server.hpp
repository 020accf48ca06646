// The cvw server: one io_context on a few threads, the listener, the hub and sign-in.
#pragma once

#include "app/auth_service.hpp"
#include "app/embed_service.hpp"
#include "app/hub.hpp"
#include "app/server_context.hpp"
#include "calls/call_manager.hpp"
#include "config/server_config.hpp"
#include "meetings/audio_bridge.hpp"
#include "meetings/audio_bridge_mixer.hpp"
#include "meetings/relaying_mixer.hpp"
#include "net/listener.hpp"
#include "phone/desk_phone_watcher.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace cvw::server {

class server {
public:
    /** Opens (and migrates) the database; throws database_error when it cannot. */
    explicit server(server_config config);
    ~server();

    /** Binds and starts serving on config.threads threads; returns the bound port. */
    std::uint16_t start();
    /** Stops accepting, closes every tab with "going away", and joins the threads. */
    void stop();
    /** Blocks until SIGINT or SIGTERM, then stops. */
    void run_until_signal();

    std::size_t session_count() const { return hub_->session_count(); }
    /** Connections the listener has admitted and not yet closed, for the connection-cap tests. */
    std::size_t open_connections() const { return ctx_->connections ? ctx_->connections->open() : 0; }
    /** Click-to-call, for tests that count calls, legs and media ports. */
    calls::call_manager& calls() { return *calls_; }
    /** Meeting rooms with seats in the mixer, for tests' leak checks; 0 without a mixer. */
    std::size_t mixer_rooms() const { return mixer_port_ ? mixer_port_->rooms() : 0; }
    /** Desk-phone subscriptions, for tests; nullptr without a PBX or with them turned off. */
    phones::desk_phone_watcher* phones() { return phones_.get(); }

private:
    /** Opens the link to the meeting mixer; joins wait for it to come up. */
    void start_mixer();

    server_config config_;
    boost::asio::io_context ioc_;
    std::unique_ptr<auth_service> auth_;
    std::unique_ptr<embed_service> embed_;
    std::shared_ptr<hub> hub_;
    std::shared_ptr<calls::call_manager> calls_;
    std::unique_ptr<audio_bridge> mixer_;            ///< Janus, when [meetings] names one
    std::unique_ptr<audio_bridge_mixer> mixer_port_; ///< the calls' view of it
    std::unique_ptr<relaying_mixer> relay_;          ///< in front of it, to hear who talks (talking_indicator)
    std::shared_ptr<phones::desk_phone_watcher> phones_;
    std::unique_ptr<server_context> ctx_;
    std::shared_ptr<listener> listener_;
    /** Keeps the I/O threads running while stop() still posts work, even with nothing else pending. */
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> keep_running_;
    std::vector<std::thread> threads_;
    bool stopped_ = true;
};

/** Raises the open-file limit to its hard maximum so many tabs can connect. */
void raise_file_limit();

} // namespace cvw::server
