#include "meetings/janus_client.hpp"

#include "log.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

#include <utility>

namespace cvw::server {

namespace net = boost::asio;
namespace beast = boost::beast;
using json = nlohmann::json;

namespace {

constexpr std::chrono::milliseconds tick{1000};
constexpr std::size_t max_frame_bytes = std::size_t{1024} * 1024;

/** A plugin's answer carries its own error fields inside a Janus `success` or `event`. */
result<json, janus_error> plugin_result(const json& frame) {
    const auto& data = frame.at("plugindata").at("data");
    if (data.contains("error_code"))
        return janus_error{.what = janus_error::kind::refused,
                           .code = data.value("error_code", 0),
                           .reason = data.value("error", std::string{})};
    return data;
}

/** What a final answer to a request says: an error, a plugin's data, or Janus's own data. */
result<json, janus_error> answer_of(const std::string& kind, const json& frame) {
    try {
        if (kind == "error") {
            const auto& e = frame.at("error");
            return janus_error{.what = janus_error::kind::refused,
                               .code = e.value("code", 0),
                               .reason = e.value("reason", std::string{})};
        }
        if (frame.contains("plugindata")) return plugin_result(frame);
        return frame.value("data", json::object());
    } catch (const json::exception& e) {
        log_warn(std::string("meetings: the mixer's answer was not as expected: ") + e.what());
        return janus_error{.what = janus_error::kind::refused, .code = 0, .reason = "malformed answer"};
    }
}

/** The id in a `create` or `attach` answer; 0 when there is none. */
std::uint64_t id_of(const json& data) {
    const auto it = data.find("id");
    return it != data.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

} // namespace

janus_client::janus_client(const net::any_io_executor& ex, janus_settings settings)
    : strand_(net::make_strand(ex)), settings_(std::move(settings)), keepalive_timer_(strand_), retry_timer_(strand_) {}

void janus_client::start(std::function<void(bool up)> on_link) {
    net::dispatch(strand_, [self = shared_from_this(), on_link = std::move(on_link)]() mutable {
        self->on_link_ = std::move(on_link);
        self->connect();
        self->keep_alive();
    });
}

void janus_client::stop() {
    net::dispatch(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->keepalive_timer_.cancel();
        self->retry_timer_.cancel();
        self->drop("cvw is stopping");
    });
}

void janus_client::connect() {
    if (stopped_) return;
    const auto generation = generation_;
    beast::error_code bad_address;
    const auto address = net::ip::make_address(settings_.host, bad_address);
    if (bad_address) {
        log_error("meetings: the mixer's address " + settings_.host + " is not an IP address");
        return;
    }
    ws_ = std::make_unique<websocket>(strand_);
    ws_->read_message_max(max_frame_bytes);
    beast::get_lowest_layer(*ws_).expires_after(settings_.request_timeout);
    beast::get_lowest_layer(*ws_).async_connect(
        net::ip::tcp::endpoint(address, settings_.port), [self = shared_from_this(), generation](beast::error_code ec) {
            if (generation != self->generation_) return;
            if (ec) return self->drop("cannot reach the mixer: " + ec.message());
            beast::get_lowest_layer(*self->ws_).expires_never();
            self->ws_->set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::client));
            self->ws_->set_option(beast::websocket::stream_base::decorator([](beast::websocket::request_type& r) {
                r.set(beast::http::field::sec_websocket_protocol, "janus-protocol");
            }));
            const auto host = self->settings_.host + ":" + std::to_string(self->settings_.port);
            self->ws_->async_handshake(host, "/", [self, generation](beast::error_code refused) {
                if (generation != self->generation_) return;
                if (refused) return self->drop("the mixer refused the WebSocket: " + refused.message());
                self->on_connected();
            });
        });
}

void janus_client::on_connected() {
    read();
    send({{"janus", "create"}}, [self = shared_from_this()](result<json, janus_error> r) {
        if (!r) return; // drop() has already said why
        if (id_of(*r) == 0) return self->drop("the mixer's session answer has no id");
        self->session_ = id_of(*r);
        log_info("meetings: the mixer is up (session " + std::to_string(*self->session_) + ")");
        if (self->on_link_) self->on_link_(true);
    });
}

void janus_client::read() {
    ws_->async_read(buffer_, [self = shared_from_this(), generation = generation_](beast::error_code ec, std::size_t) {
        if (generation != self->generation_) return;
        if (ec) return self->drop("the mixer went away: " + ec.message());
        auto frame = json::parse(beast::buffers_to_string(self->buffer_.data()), nullptr, false);
        self->buffer_.consume(self->buffer_.size());
        if (frame.is_object()) self->on_frame(frame);
        else log_warn("meetings: the mixer sent something that is not JSON; ignored");
        self->read();
    });
}

void janus_client::on_frame(const json& frame) {
    const auto kind = frame.value("janus", std::string{});
    if (kind == "timeout") return drop("the mixer ended cvw's session");
    const auto transaction = frame.value("transaction", std::string{});
    const auto it = pending_.find(transaction);
    if (it == pending_.end()) {
        // Events nobody asked for: a participant left, someone is talking, a handle went away.
        if (kind == "event" && frame.contains("plugindata")) {
            const auto listener = listeners_.find(frame.value("sender", std::uint64_t{0}));
            if (listener != listeners_.end()) listener->second(frame.at("plugindata").at("data"));
        }
        return;
    }
    if (kind == "ack" && !transaction.starts_with('k')) return; // the plugin answers later, in an event
    auto done = std::move(it->second.done);
    pending_.erase(it);
    done(answer_of(kind, frame));
}

void janus_client::send(json request, reply done) {
    if (!ws_ || (!session_ && request.value("janus", std::string{}) != "create")) {
        done(janus_error{.what = janus_error::kind::unavailable, .code = 0, .reason = "the mixer is not connected"});
        return;
    }
    // Keep-alives are answered by a bare ack; their transactions start with k so on_frame can tell.
    const bool keepalive = request.value("janus", std::string{}) == "keepalive";
    const auto transaction = (keepalive ? "k" : "t") + std::to_string(next_transaction_++);
    request["transaction"] = transaction;
    request["apisecret"] = settings_.api_secret;
    if (session_) request["session_id"] = *session_;
    pending_.emplace(transaction, pending{.done = std::move(done),
                                          .deadline = std::chrono::steady_clock::now() + settings_.request_timeout});
    outbox_.push_back(request.dump());
    write_next();
}

void janus_client::write_next() {
    if (writing_ || outbox_.empty() || !ws_) return;
    writing_ = true;
    ws_->async_write(net::buffer(outbox_.front()),
                     [self = shared_from_this(), generation = generation_](beast::error_code ec, std::size_t) {
                         if (generation != self->generation_) return;
                         self->writing_ = false;
                         self->outbox_.pop_front();
                         if (ec) return self->drop("writing to the mixer failed: " + ec.message());
                         self->write_next();
                     });
}

void janus_client::keep_alive() {
    if (stopped_) return;
    const auto now = std::chrono::steady_clock::now();
    for (const auto& [transaction, p] : pending_)
        if (p.deadline < now)
            return drop("the mixer did not answer within " + std::to_string(settings_.request_timeout.count()) + " ms");
    if (session_ && (now - last_keepalive_) >= settings_.keepalive) {
        last_keepalive_ = now;
        send({{"janus", "keepalive"}}, [](const result<json, janus_error>&) {});
    }
    keepalive_timer_.expires_after(tick);
    keepalive_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec) self->keep_alive();
    });
}

void janus_client::attach(std::string plugin, reply done) {
    net::dispatch(strand_, [self = shared_from_this(), plugin = std::move(plugin), done = std::move(done)]() mutable {
        self->send({{"janus", "attach"}, {"plugin", plugin}}, [done = std::move(done)](result<json, janus_error> r) {
            if (!r) return done(r.error());
            if (id_of(*r) == 0)
                return done(janus_error{.what = janus_error::kind::refused, .code = 0, .reason = "no handle id"});
            done(json{{"handle", id_of(*r)}});
        });
    });
}

void janus_client::detach(std::uint64_t handle) {
    net::dispatch(strand_, [self = shared_from_this(), handle] {
        self->listeners_.erase(handle);
        if (self->session_)
            self->send({{"janus", "detach"}, {"handle_id", handle}}, [](const result<json, janus_error>&) {});
    });
}

void janus_client::message(std::uint64_t handle, json body, reply done) {
    net::dispatch(
        strand_, [self = shared_from_this(), handle, body = std::move(body), done = std::move(done)]() mutable {
            self->send({{"janus", "message"}, {"handle_id", handle}, {"body", std::move(body)}}, std::move(done));
        });
}

void janus_client::listen(std::uint64_t handle, event_listener on_event) {
    net::dispatch(strand_, [self = shared_from_this(), handle, on_event = std::move(on_event)]() mutable {
        self->listeners_[handle] = std::move(on_event);
    });
}

void janus_client::drop(const std::string& why) {
    ++generation_;
    const bool was_up = session_.has_value();
    session_.reset();
    if (ws_) {
        beast::error_code ignored;
        beast::get_lowest_layer(*ws_).socket().close(ignored);
        ws_.reset();
    }
    outbox_.clear();
    writing_ = false;
    buffer_.clear();
    listeners_.clear();
    auto failed = std::move(pending_);
    pending_.clear();
    for (auto& [transaction, p] : failed)
        p.done(janus_error{.what = janus_error::kind::unavailable, .code = 0, .reason = why});
    if (was_up) {
        log_warn("meetings: the mixer is unavailable: " + why);
        if (on_link_) on_link_(false);
    }
    retry_later();
}

void janus_client::retry_later() {
    if (stopped_) return;
    retry_timer_.expires_after(settings_.reconnect_delay);
    retry_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec && !self->ws_) self->connect();
    });
}

} // namespace cvw::server
