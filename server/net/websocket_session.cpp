// WebSocket read loop, bounded write queue, and the per-tab checks that do not need the hub.
#include "net/websocket_session.hpp"

#include "app/embed_service.hpp"
#include "app/hub.hpp"
#include "cvw/protocol/codec.hpp"
#include "log.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

namespace cvw::server {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

namespace {
// Frames above the protocol limit up to this size are answered with an error and the tab stays;
// beyond it Beast closes the socket with 1009 (message too big) to bound memory.
constexpr std::size_t hard_frame_limit = std::size_t{1024} * 1024;

/** Commands that ring a phone outside cvw: what a portal's call limit counts. */
bool dials(const protocol::command& c) {
    return std::holds_alternative<protocol::place_call>(c) || std::holds_alternative<protocol::invite_number>(c) ||
           std::holds_alternative<protocol::add_to_call>(c);
}
} // namespace

websocket_session::websocket_session(beast::tcp_stream&& stream, connection_slot slot, identity who,
                                     std::shared_ptr<hub> h, const server_config& config, embed_service& embed)
    : ws_(std::move(stream)), slot_(std::move(slot)), who_(std::move(who)), hub_(std::move(h)), config_(config),
      embed_(embed), limiter_(config.messages_per_second, config.message_burst) {}

void websocket_session::run(const beast::http::request<beast::http::string_body>& upgrade) {
    beast::get_lowest_layer(ws_).expires_never(); // the websocket's own timeouts take over
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    // A widget's socket offered "cvw" beside its session; a browser fails the socket unless one is chosen.
    ws_.set_option(websocket::stream_base::decorator([widget = !who_.portal.empty()](websocket::response_type& res) {
        res.set(beast::http::field::server, "cvw");
        if (widget) res.set(beast::http::field::sec_websocket_protocol, "cvw");
    }));
    ws_.read_message_max(hard_frame_limit);
    ws_.async_accept(upgrade, beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::on_accept(beast::error_code ec) {
    if (ec) return fail(ec, "accept");
    hub_->attach(shared_from_this());
    do_read();
}

void websocket_session::do_read() {
    ws_.async_read(buffer_, beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(beast::error_code ec, std::size_t bytes) {
    if (ec) return fail(ec, "read");
    if (!ws_.got_text()) {
        send_error(protocol::refusal("binary_not_supported"));
    } else if (bytes > config_.max_message_bytes) {
        send_error(
            protocol::refusal("message_too_large", "", "", {{"max", std::to_string(config_.max_message_bytes)}}));
    } else if (!limiter_.allow()) {
        send_error(protocol::refusal("rate_limited"));
    } else {
        const auto data = buffer_.cdata();
        handle_message(std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    buffer_.consume(buffer_.size());
    do_read();
}

void websocket_session::handle_message(std::string_view text) {
    auto command = protocol::decode_command(text);
    if (!command) {
        send_error(protocol::to_error_event(command.error()));
        return;
    }
    if (dials(*command)) {
        if (auto wait = embed_.call_refused_for(who_)) {
            send_error(
                protocol::refusal("call_limit_reached", "", "per_user_minute", {{"seconds", std::to_string(*wait)}}));
            return;
        }
    }
    hub_->submit(shared_from_this(), *command);
}

void websocket_session::send_error(protocol::error e) {
    send(std::make_shared<const std::string>(protocol::encode(protocol::event{std::move(e)})));
}

void websocket_session::send(std::shared_ptr<const std::string> text) {
    net::dispatch(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
        if (self->closing_) return;
        if (self->queue_.size() >= self->config_.max_queued_events) {
            // A tab that cannot keep up would grow without bound; it reconnects and reloads.
            log_warn("closing " + self->who_.username + "'s tab: it is not reading its events");
            self->close(websocket::close_code::policy_error, "too slow");
            return;
        }
        self->queue_.push_back(std::move(text));
        if (self->queue_.size() == 1) self->do_write();
    });
}

void websocket_session::do_write() {
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(beast::error_code ec, std::size_t) {
    if (ec) return fail(ec, "write");
    queue_.pop_front();
    if (!queue_.empty() && !closing_) do_write();
}

void websocket_session::close(websocket::close_code code, std::string reason) {
    net::dispatch(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)] {
        if (self->closing_) return;
        self->closing_ = true;
        self->ws_.async_close(websocket::close_reason(code, reason), [self](beast::error_code) {});
    });
}

void websocket_session::fail(beast::error_code ec, const char* what) {
    if (!left_) {
        left_ = true;
        hub_->detach(shared_from_this());
    }
    if (ec == websocket::error::closed || ec == net::error::operation_aborted || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == beast::error::timeout)
        return;
    if (ec == websocket::error::message_too_big) {
        log_warn("closed " + who_.username + "'s tab: frame above the hard limit");
        return;
    }
    if (ec == websocket::error::bad_frame_payload) {
        // RFC 6455 8.1: Beast fails the connection (1007) and offers no way to skip the check.
        log_warn("closed " + who_.username + "'s tab: a text frame that is not UTF-8");
        return;
    }
    log_warn(std::string("websocket ") + what + ": " + ec.message());
}

} // namespace cvw::server
