// HTTP routes. Every API answer is JSON: {"error": code, "message": sentence} on failure.
#include "net/http_session.hpp"

#include "app/clock.hpp"
#include "calls/call_manager.hpp"
#include "log.hpp"
#include "net/embed_routes.hpp"
#include "net/http_util.hpp"
#include "net/websocket_session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <malloc.h>

namespace cvw::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

namespace {

constexpr std::size_t body_limit = 16 * std::size_t{1024};
constexpr std::size_t header_limit = 8 * std::size_t{1024};
constexpr auto read_timeout = std::chrono::seconds(30);
constexpr const char* cookie_name = "cvw_session";
/** The widget's socket offers "cvw" and "cvw-session.<its session>": browsers cannot set headers. */
constexpr std::string_view embed_protocol_prefix = "cvw-session.";

/** The session a widget offers among its WebSocket subprotocols, or empty. */
std::string offered_embed_session(std::string_view protocols) {
    while (!protocols.empty()) {
        const auto end = protocols.find(',');
        auto item = protocols.substr(0, end);
        protocols = end == std::string_view::npos ? std::string_view{} : protocols.substr(end + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.starts_with(embed_protocol_prefix)) return std::string(item.substr(embed_protocol_prefix.size()));
    }
    return {};
}

/** Liveness plus the counters that prove nothing leaks (also read by the benchmarks). */
std::string health_json(server_context& ctx) {
    const auto heap = mallinfo2();
    nlohmann::json j{{"status", "ok"},
                     {"sessions", ctx.hub_ptr->session_count()},
                     {"connections", ctx.connections ? ctx.connections->open() : 0},
                     {"heap_in_use_bytes", heap.uordblks + heap.hblkhd}};
    if (ctx.calls) {
        j["calls"] = ctx.calls->active_calls();
        j["sip_dialogs"] = ctx.calls->active_legs();
        j["rtp_ports"] = ctx.calls->media_ports_in_use();
    }
    return j.dump();
}

/** The answer while an account's sign-ins are delayed; the page counts retry_after_seconds down. */
std::string throttled_json(int seconds) {
    return nlohmann::json{{"error", "login_throttled"}, {"retry_after_seconds", seconds}}.dump();
}

} // namespace

http_session::http_session(net::ip::tcp::socket&& socket, server_context& ctx, connection_slot slot)
    : stream_(std::move(socket)), ctx_(ctx), slot_(std::move(slot)) {}

void http_session::run() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->body_limit(body_limit);
    parser_->header_limit(header_limit);
    stream_.expires_after(read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream) {
        stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
        http::response<http::string_body> res{http::status::payload_too_large, 11};
        res.set(http::field::content_type, "application/json");
        res.body() = error_json("too_large");
        res.prepare_payload();
        res.keep_alive(false);
        return send(std::move(res));
    }
    if (ec) return fail(ec, "read");
    handle(parser_->release());
}

void http_session::handle(request&& req) {
    const auto target = std::string(req.target());
    const auto path = target.substr(0, target.find('?'));

    if (beast::websocket::is_upgrade(req)) {
        if (path == "/ws") return upgrade(std::move(req));
        return send_json(req, http::status::not_found, error_json("not_found"));
    }
    if (path == "/healthz") {
        if (req.method() != http::verb::get && req.method() != http::verb::head)
            return send_json(req, http::status::method_not_allowed, error_json("method_not_allowed"));
        return send_json(req, http::status::ok, health_json(ctx_));
    }
    if (path.rfind("/api/", 0) == 0) {
        if (path == "/api/me" && req.method() == http::verb::get) return me(req);
        if (path == "/api/embed/config" && req.method() == http::verb::get)
            return send_reply(req, embed_config(ctx_.config, target));
        if (req.method() != http::verb::post)
            return send_json(req, http::status::method_not_allowed, error_json("method_not_allowed"));
        // Cross-site form posts carry a foreign Origin (or none): refuse before doing anything.
        if (!origin_allowed(req, ctx_.config.allowed_origins))
            return send_json(req, http::status::forbidden, error_json("bad_origin"));
        if (path == "/api/login") return login(std::move(req));
        if (path == "/api/logout") return logout(req);
        if (path == "/api/embed/session") return send_reply(req, embed_session(ctx_, req.body()));
        if (path == "/api/embed/code")
            return send_reply(
                req,
                embed_code(ctx_, ctx_.auth.resolve(cookie_value(req[http::field::cookie], cookie_name)), req.body()));
        if (path == "/api/embed/logout") return send_reply(req, embed_logout(ctx_, req[http::field::authorization]));
        return send_json(req, http::status::not_found, error_json("not_found"));
    }
    if (req.method() != http::verb::get && req.method() != http::verb::head)
        return send_json(req, http::status::method_not_allowed, error_json("method_not_allowed"));
    // The widget page may be framed, but only by the portal it is asked for.
    if (path == "/embed/widget.html") {
        auto ancestors = widget_frame_ancestors(ctx_.config, target);
        if (!ancestors) return send_json(req, http::status::not_found, error_json("unknown_portal"));
        return serve_file(req, *ancestors);
    }
    serve_file(req);
}

void http_session::upgrade(request&& req) {
    if (!origin_allowed(req, ctx_.config.allowed_origins))
        return send_json(req, http::status::forbidden, error_json("bad_origin"));
    const auto offered = offered_embed_session(req[http::field::sec_websocket_protocol]);
    auto who = offered.empty() ? ctx_.auth.resolve(cookie_value(req[http::field::cookie], cookie_name))
                               : ctx_.embed.resolve(offered, now_ms());
    if (!who) return send_json(req, http::status::unauthorized, error_json("unauthorized"));
    std::make_shared<websocket_session>(std::move(stream_), std::move(slot_), std::move(*who), ctx_.hub_ptr,
                                        ctx_.config, ctx_.embed)
        ->run(req);
}

void http_session::login(request&& req) {
    const auto body = nlohmann::json::parse(req.body(), nullptr, false);
    const auto field = [&](const char* name) -> std::string {
        if (!body.is_object() || !body.contains(name) || !body[name].is_string()) return {};
        return body[name].get<std::string>();
    };
    auto username = field("username"), password = field("password");
    if (username.empty() || password.empty() || username.size() > 64 || password.size() > 256)
        return send_json(req, http::status::bad_request, error_json("bad_request"));

    beast::error_code ec;
    const auto ip = stream_.socket().remote_endpoint(ec).address().to_string();
    ctx_.auth.login(
        ip, std::move(username), std::move(password),
        [self = shared_from_this(), req = std::move(req)](login_result r) mutable {
            // Back from the password worker to this connection's executor.
            net::post(self->stream_.get_executor(), [self, req = std::move(req), r = std::move(r)] {
                switch (r.outcome) {
                case login_outcome::ok: {
                    const auto cookie = session_cookie(cookie_name, r.token, self->ctx_.auth.session_lifetime_seconds(),
                                                       self->ctx_.config.secure_cookies);
                    nlohmann::json user{{"username", r.user.username}, {"display_name", r.user.display_name}};
                    return self->send_json(req, http::status::ok, user.dump(), cookie);
                }
                case login_outcome::invalid_credentials:
                    return self->send_json(req, http::status::unauthorized, error_json("invalid_credentials"));
                case login_outcome::disabled:
                    return self->send_json(req, http::status::forbidden, error_json("disabled"));
                case login_outcome::rate_limited:
                    return self->send_json(req, http::status::too_many_requests, error_json("rate_limited"),
                                           std::nullopt, r.retry_after_seconds);
                case login_outcome::throttled:
                    return self->send_json(req, http::status::too_many_requests, throttled_json(r.retry_after_seconds),
                                           std::nullopt, r.retry_after_seconds);
                case login_outcome::busy:
                    return self->send_json(req, http::status::service_unavailable, error_json("busy"), std::nullopt,
                                           r.retry_after_seconds);
                case login_outcome::internal_error:
                    return self->send_json(req, http::status::internal_server_error, error_json("internal"));
                }
            });
        });
}

void http_session::logout(const request& req) {
    const auto token = cookie_value(req[http::field::cookie], cookie_name);
    if (auto who = ctx_.auth.resolve(token)) ctx_.hub_ptr->sign_out(who->token_digest);
    if (!token.empty()) ctx_.auth.logout(token);
    send_json(req, http::status::ok, "{}", session_cookie(cookie_name, "", 0, ctx_.config.secure_cookies));
}

void http_session::me(const request& req) {
    // Always 200: "not signed in" is an answer here, not an error.
    auto who = ctx_.auth.resolve(cookie_value(req[http::field::cookie], cookie_name));
    if (!who) return send_json(req, http::status::ok, R"({"signed_in":false})");
    send_json(req, http::status::ok, nlohmann::json{{"signed_in", true}, {"username", who->username}}.dump());
}

void http_session::serve_file(const request& req, std::string_view frame_ancestors) {
    const auto codings = accepted_codings_of(req[http::field::accept_encoding]);
    auto file = ctx_.files.find(req.target(), codings);
    if (!file) return send_json(req, http::status::not_found, error_json("not_found"));
    if (file->mime_type.starts_with("text/html")) return serve_page(req, *file, codings, frame_ancestors);
    if (req[http::field::if_none_match] == file->etag) return send_not_modified(req, file->etag, file->cache_control);
    http::file_body::value_type body;
    beast::error_code ec;
    body.open(file->path.c_str(), beast::file_mode::scan, ec);
    if (ec) return send_json(req, http::status::not_found, error_json("not_found"));
    const auto size = body.size();
    http::response<http::file_body> res{std::piecewise_construct, std::make_tuple(std::move(body)),
                                        std::make_tuple(http::status::ok, req.version())};
    res.set(http::field::content_type, file->mime_type);
    res.set(http::field::cache_control, file->cache_control);
    res.set(http::field::etag, file->etag);
    res.set(http::field::vary, "Accept-Encoding");
    if (!file->content_encoding.empty()) res.set(http::field::content_encoding, file->content_encoding);
    add_security_headers(res, frame_ancestors);
    res.content_length(size);
    send_or_head(req, std::move(res));
}

void http_session::serve_page(const request& req, const static_file& page, accepted_codings codings,
                              std::string_view frame_ancestors) {
    auto rendered = ctx_.pages->render(page, ctx_.files, codings);
    if (!rendered) return send_json(req, http::status::not_found, error_json("not_found"));
    if (req[http::field::if_none_match] == rendered->etag)
        return send_not_modified(req, rendered->etag, page.cache_control);
    http::response<http::string_body> res{http::status::ok, req.version()};
    res.set(http::field::content_type, page.mime_type);
    res.set(http::field::cache_control, page.cache_control);
    res.set(http::field::etag, rendered->etag);
    res.set(http::field::vary, "Accept-Encoding");
    if (!rendered->content_encoding.empty()) res.set(http::field::content_encoding, rendered->content_encoding);
    add_security_headers(res, frame_ancestors);
    res.body() = *rendered->body;
    res.prepare_payload();
    send_or_head(req, std::move(res));
}

void http_session::send_not_modified(const request& req, const std::string& etag, const std::string& cache_control) {
    http::response<http::empty_body> res{http::status::not_modified, req.version()};
    res.set(http::field::etag, etag);
    res.set(http::field::cache_control, cache_control);
    res.set(http::field::vary, "Accept-Encoding");
    res.keep_alive(req.keep_alive());
    send(std::move(res));
}

template <class Body> void http_session::send_or_head(const request& req, http::response<Body>&& res) {
    res.keep_alive(req.keep_alive());
    if (req.method() == http::verb::head) {
        http::response<http::empty_body> head{res.result(), res.version()};
        for (const auto& f : res) head.set(f.name_string(), f.value());
        head.keep_alive(req.keep_alive());
        return send(std::move(head));
    }
    send(std::move(res));
}

void http_session::send_json(const request& req, http::status status, std::string body,
                             std::optional<std::string> set_cookie, int retry_after_seconds) {
    http::response<http::string_body> res{status, req.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    if (set_cookie) res.set(http::field::set_cookie, *set_cookie);
    if (retry_after_seconds > 0) res.set(http::field::retry_after, std::to_string(retry_after_seconds));
    add_security_headers(res);
    res.keep_alive(req.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    send(std::move(res));
}

void http_session::send_reply(const request& req, api_reply reply) {
    send_json(req, reply.status, std::move(reply.body));
}

template <class Message> void http_session::send(Message&& msg) {
    auto sp = std::make_shared<std::decay_t<Message>>(std::forward<Message>(msg));
    response_ = sp;
    http::async_write(stream_, *sp,
                      beast::bind_front_handler(&http_session::on_write, shared_from_this(), sp->need_eof()));
}

void http_session::on_write(bool close, beast::error_code ec, std::size_t) {
    if (ec) return fail(ec, "write");
    response_.reset();
    if (close) {
        stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
        return;
    }
    do_read();
}

void http_session::fail(beast::error_code ec, const char* what) {
    // The peer left or never finished its request; a line for each would let anyone flood the log.
    if (ec == net::error::operation_aborted || ec == beast::error::timeout || ec == net::error::connection_reset ||
        ec == net::error::eof || ec == http::error::partial_message)
        return;
    log_warn(std::string("http ") + what + ": " + ec.message());
}

} // namespace cvw::server
