// Async WebSocket client used by the benchmarks.
#include "bench_tab.hpp"

#include "cvw/protocol/messages.hpp"

#include <boost/asio/ip/tcp.hpp>

namespace cvw::bench {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

bench_tab::bench_tab(net::io_context& ioc, std::string cookie, std::string origin, on_message handler)
    : ws_(ioc), cookie_(std::move(cookie)), origin_(std::move(origin)), handler_(std::move(handler)) {}

void bench_tab::start(std::uint16_t port, std::function<void(bool)> done) {
    on_welcome_ = std::move(done);
    auto self = shared_from_this();
    const net::ip::tcp::endpoint ep(net::ip::make_address("127.0.0.1"), port);
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(ws_).async_connect(ep, [self](beast::error_code ec) {
        if (ec) return self->on_welcome_(false);
        beast::get_lowest_layer(self->ws_).expires_never();
        self->ws_.set_option(websocket::stream_base::decorator([self](websocket::request_type& req) {
            req.set(beast::http::field::cookie, self->cookie_);
            req.set(beast::http::field::origin, self->origin_);
        }));
        self->ws_.async_handshake("127.0.0.1", "/ws", [self](beast::error_code hec) {
            if (hec) return self->on_welcome_(false);
            self->send(R"({"type":"hello","protocol":)" + std::to_string(protocol::protocol_version) + "}");
            self->do_read();
        });
    });
}

void bench_tab::do_read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) {
            if (self->on_welcome_) std::exchange(self->on_welcome_, nullptr)(false);
            return;
        }
        const auto data = self->buffer_.cdata();
        const std::string_view text(static_cast<const char*>(data.data()), data.size());
        if (self->on_welcome_ && text.find(R"("type":"welcome")") != std::string_view::npos)
            std::exchange(self->on_welcome_, nullptr)(true);
        else self->handler_(*self, text);
        self->buffer_.consume(self->buffer_.size());
        self->do_read();
    });
}

void bench_tab::send(std::string text) {
    queue_.push_back(std::move(text));
    if (queue_.size() == 1) do_write();
}

void bench_tab::do_write() {
    ws_.async_write(net::buffer(queue_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return;
        self->queue_.pop_front();
        if (!self->queue_.empty()) self->do_write();
    });
}

void bench_tab::close() {
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code) {});
}

} // namespace cvw::bench
