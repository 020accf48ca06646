// One simulated browser tab: an async WebSocket that says hello and hands every event to a callback.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <deque>
#include <functional>
#include <memory>
#include <string>

namespace cvw::bench {

class bench_tab : public std::enable_shared_from_this<bench_tab> {
public:
    using on_message = std::function<void(bench_tab&, std::string_view)>;

    bench_tab(boost::asio::io_context& ioc, std::string cookie, std::string origin, on_message handler);

    /** Connects, upgrades and sends hello; `done(ok)` runs when the welcome arrives or it fails. */
    void start(std::uint16_t port, std::function<void(bool)> done);
    void send(std::string text);
    void close();

private:
    void do_read();
    void do_write();

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::beast::flat_buffer buffer_;
    std::string cookie_;
    std::string origin_;
    on_message handler_;
    std::function<void(bool)> on_welcome_;
    std::deque<std::string> queue_;
};

} // namespace cvw::bench
