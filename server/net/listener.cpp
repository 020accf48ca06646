// The accept loop: caps, quick refusals, back-off when descriptors run out, and a quiet log.
#include "net/listener.hpp"

#include "log.hpp"
#include "net/http_session.hpp"
#include "net/http_util.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>

namespace cvw::server {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

constexpr auto first_backoff = std::chrono::milliseconds(10);
constexpr auto max_backoff = std::chrono::seconds(1);
constexpr auto log_interval = std::chrono::seconds(10);
constexpr int retry_after_seconds = 10;

/** Answers a connection over a cap at once and closes it, without reading its request. */
void refuse(tcp::socket& socket, admission why) {
    const bool per_address = why == admission::over_per_address;
    http::response<http::string_body> res{http::status::service_unavailable, 11};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.set(http::field::retry_after, std::to_string(retry_after_seconds));
    res.body() = per_address ? error_json("too_many_connections") : error_json("server_busy");
    res.keep_alive(false);
    res.prepare_payload();
    // A fresh socket's send buffer takes these few hundred bytes at once, so this never blocks.
    boost::system::error_code ec;
    http::write(socket, res, ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
}

} // namespace

listener::listener(net::io_context& ioc, const tcp::endpoint& endpoint, server_context& ctx,
                   std::shared_ptr<connection_limits> limits)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), ctx_(ctx), limits_(std::move(limits)),
      retry_timer_(acceptor_.get_executor()), log_timer_(acceptor_.get_executor()) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    port_ = acceptor_.local_endpoint().port();
}

void listener::run() { do_accept(); }

void listener::stop() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ec;
        self->acceptor_.close(ec);
        self->retry_timer_.cancel();
        self->log_timer_.cancel();
    });
}

void listener::do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           boost::beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(boost::beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
        // Out of descriptors and the like: the connection waits in the backlog; retrying at once
        // would spin a core, so wait 10 ms, doubling up to 1 s while it keeps failing.
        note("accept failed: " + ec.message());
        backoff_ =
            std::clamp(backoff_ * 2, std::chrono::milliseconds(first_backoff), std::chrono::milliseconds(max_backoff));
        retry_timer_.expires_after(backoff_);
        retry_timer_.async_wait([self = shared_from_this()](boost::beast::error_code wait_ec) {
            if (!wait_ec && self->acceptor_.is_open()) self->do_accept();
        });
        return;
    }
    backoff_ = std::chrono::milliseconds(0);
    admit(std::move(socket));
    do_accept();
}

void listener::admit(tcp::socket socket) {
    boost::system::error_code ec;
    const auto peer = socket.remote_endpoint(ec);
    if (ec) return; // already gone
    auto address = peer.address().to_string();
    const auto verdict = limits_->try_admit(address);
    if (verdict == admission::admitted) {
        std::make_shared<http_session>(std::move(socket), ctx_, connection_slot(limits_, std::move(address)))->run();
        return;
    }
    note(verdict == admission::over_per_address ? "refused a connection: per-address cap reached"
                                                : "refused a connection: total cap reached");
    refuse(socket, verdict);
}

void listener::note(const std::string& what) {
    if (!tally_.add(what)) return; // a summary is already scheduled
    log_timer_.expires_after(log_interval);
    log_timer_.async_wait([self = shared_from_this()](boost::beast::error_code ec) {
        if (ec) return;
        log_warn("in the last " + std::to_string(log_interval.count()) + " s: " + self->tally_.take());
    });
}

} // namespace cvw::server
