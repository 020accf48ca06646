// The meeting mixer's API as cvw speaks it: one Janus session over a WebSocket on loopback, kept
// alive, reopened after Janus goes away, with request/reply matched by transaction.
#pragma once

#include "cvw/result.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cvw::server {

struct janus_settings {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8188;
    std::string api_secret;
    /** Janus ends a session that hears nothing for 60 s; a keep-alive this often also notices a hung Janus. */
    std::chrono::milliseconds keepalive{5000};
    /** A request unanswered this long means Janus is not answering: the link is dropped and reopened. */
    std::chrono::milliseconds request_timeout{3000};
    std::chrono::milliseconds reconnect_delay{1000};
};

/** Why a request to Janus failed: the link is down, or Janus (or its plugin) refused it. */
struct janus_error {
    enum class kind { unavailable, refused } what = kind::unavailable;
    int code = 0;
    std::string reason;
};

class janus_client : public std::enable_shared_from_this<janus_client> {
public:
    using reply = std::function<void(result<nlohmann::json, janus_error>)>;
    /** Plugin events that answer no request (a participant left, talking), by handle. */
    using event_listener = std::function<void(const nlohmann::json& plugindata)>;

    janus_client(const boost::asio::any_io_executor& ex, janus_settings settings);

    /** Opens the link and keeps reopening it; `on_link(true)` once a session is up, `false` when it is lost. */
    void start(std::function<void(bool up)> on_link);
    void stop();

    /** Attaches a plugin handle in the current session; the reply's value is {"handle": id}. */
    void attach(std::string plugin, reply done);
    void detach(std::uint64_t handle);
    /**
     * Sends a plugin message on a handle. The reply is the plugin's data, whether Janus answers at
     * once (`success`) or later in an `event` for the same transaction (after an `ack`).
     */
    void message(std::uint64_t handle, nlohmann::json body, reply done);
    void listen(std::uint64_t handle, event_listener on_event);

    bool up() const { return session_.has_value(); }

private:
    using websocket = boost::beast::websocket::stream<boost::beast::tcp_stream>;
    struct pending {
        reply done;
        std::chrono::steady_clock::time_point deadline;
    };

    void connect();
    void on_connected();
    void read();
    void on_frame(const nlohmann::json& frame);
    void send(nlohmann::json request, reply done);
    void write_next();
    void keep_alive();
    void drop(const std::string& why);
    void retry_later();

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    janus_settings settings_;
    std::function<void(bool)> on_link_;
    std::unique_ptr<websocket> ws_;
    boost::beast::flat_buffer buffer_;
    std::deque<std::string> outbox_;
    bool writing_ = false;
    bool stopped_ = false;
    std::optional<std::uint64_t> session_;
    std::uint64_t next_transaction_ = 1;
    std::chrono::steady_clock::time_point last_keepalive_{};
    std::uint64_t generation_ = 0; ///< bumped on every drop, so callbacks of an old link do nothing
    std::map<std::string, pending> pending_;
    std::map<std::uint64_t, event_listener> listeners_;
    boost::asio::steady_timer keepalive_timer_;
    boost::asio::steady_timer retry_timer_;
};

} // namespace cvw::server
