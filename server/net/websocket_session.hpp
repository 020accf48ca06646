// One browser tab: a WebSocket that decodes commands for the hub and writes the hub's events in order.
#pragma once

#include "app/auth_service.hpp"
#include "config/server_config.hpp"
#include "cvw/protocol/messages.hpp"
#include "net/connection_limits.hpp"
#include "net/rate_limiter.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <memory>
#include <string>

namespace cvw::server {

class hub;
class embed_service;

class websocket_session : public std::enable_shared_from_this<websocket_session> {
public:
    /** `embed` limits the calls a portal's widget places (see embed_service::call_refused_for). */
    websocket_session(boost::beast::tcp_stream&& stream, connection_slot slot, identity who, std::shared_ptr<hub> h,
                      const server_config& config, embed_service& embed);

    /** Accepts the upgrade request and starts reading. */
    void run(const boost::beast::http::request<boost::beast::http::string_body>& upgrade);
    /** Queues an encoded event; callable from any thread. */
    void send(std::shared_ptr<const std::string> text);
    /** Closes with a reason the browser can show; callable from any thread. */
    void close(boost::beast::websocket::close_code code, std::string reason);

    const identity& who() const { return who_; }

private:
    void on_accept(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void handle_message(std::string_view text);
    void send_error(protocol::error e);
    void do_write();
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void fail(boost::beast::error_code ec, const char* what);

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    connection_slot slot_; ///< the connection's place under the caps, held as long as the socket
    identity who_;
    std::shared_ptr<hub> hub_;
    const server_config& config_;
    embed_service& embed_;
    rate_limiter limiter_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    bool closing_ = false;
    bool left_ = false;
};

} // namespace cvw::server
