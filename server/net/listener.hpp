// Accepts TCP connections and hands each to an http_session on its own strand.
#pragma once

#include "app/server_context.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>

#include <memory>

namespace cvw::server {

class listener : public std::enable_shared_from_this<listener> {
public:
    listener(boost::asio::io_context& ioc, boost::asio::ip::tcp::endpoint endpoint, server_context& ctx);

    void run();
    void stop();
    std::uint16_t port() const { return port_; }

private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    boost::asio::ip::tcp::acceptor acceptor_;
    server_context& ctx_;
    std::uint16_t port_ = 0;
};

} // namespace cvw::server
