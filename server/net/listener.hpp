// Accepts TCP connections within the connection caps and hands each to an http_session on its own strand.
#pragma once

#include "app/server_context.hpp"
#include "net/connection_limits.hpp"
#include "net/event_tally.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>

#include <chrono>
#include <memory>

namespace cvw::server {

class listener : public std::enable_shared_from_this<listener> {
public:
    listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint, server_context& ctx,
             std::shared_ptr<connection_limits> limits);

    void run();
    void stop();
    std::uint16_t port() const { return port_; }

private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
    void admit(boost::asio::ip::tcp::socket socket);
    /** Counts a condition for the next per-interval log line. */
    void note(const std::string& what);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    server_context& ctx_;
    std::shared_ptr<connection_limits> limits_;
    boost::asio::steady_timer retry_timer_;
    std::chrono::milliseconds backoff_{0};
    boost::asio::steady_timer log_timer_;
    event_tally tally_;
    std::uint16_t port_ = 0;
};

} // namespace cvw::server
