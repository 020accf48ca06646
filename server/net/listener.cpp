// The accept loop.
#include "net/listener.hpp"

#include "log.hpp"
#include "net/http_session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

namespace cvw::server {

namespace net = boost::asio;
using tcp = net::ip::tcp;

listener::listener(net::io_context& ioc, tcp::endpoint endpoint, server_context& ctx)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), ctx_(ctx) {
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
    });
}

void listener::do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           boost::beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(boost::beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (ec) {
        // Out of descriptors and the like: keep serving the connections we have, try again.
        log_warn("accept: " + ec.message());
    } else {
        std::make_shared<http_session>(std::move(socket), ctx_)->run();
    }
    if (acceptor_.is_open()) do_accept();
}

} // namespace cvw::server
