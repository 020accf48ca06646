// One HTTP connection: the JSON API (sign-in), static files, /healthz and the WebSocket upgrade.
#pragma once

#include "app/server_context.hpp"
#include "net/connection_limits.hpp"
#include "net/embed_routes.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <memory>
#include <optional>
#include <string_view>

namespace cvw::server {

class http_session : public std::enable_shared_from_this<http_session> {
public:
    /** `slot` holds this connection's place under the caps; a WebSocket upgrade takes it over. */
    http_session(boost::asio::ip::tcp::socket&& socket, server_context& ctx, connection_slot slot);
    void run();

private:
    using request = boost::beast::http::request<boost::beast::http::string_body>;

    void do_read();
    void on_read(boost::beast::error_code ec, std::size_t bytes);
    void handle(request&& req);
    void upgrade(request&& req);
    void login(request&& req);
    void logout(const request& req);
    void me(const request& req);
    void serve_file(const request& req, std::string_view frame_ancestors = "'self'");
    /** A page: its links tagged with versions and compressed in memory (html_pages). */
    void serve_page(const request& req, const static_file& page, accepted_codings codings,
                    std::string_view frame_ancestors);
    /** 304 for a representation the browser holds already. */
    void send_not_modified(const request& req, const std::string& etag, const std::string& cache_control);
    /** A response, or for HEAD only its headers. */
    template <class Body> void send_or_head(const request& req, boost::beast::http::response<Body>&& res);
    void send_json(const request& req, boost::beast::http::status status, std::string body,
                   std::optional<std::string> set_cookie = std::nullopt, int retry_after_seconds = 0);
    void send_reply(const request& req, api_reply reply);
    template <class Message> void send(Message&& msg);
    void on_write(bool close, boost::beast::error_code ec, std::size_t bytes);
    void fail(boost::beast::error_code ec, const char* what);

    boost::beast::tcp_stream stream_;
    boost::beast::flat_buffer buffer_;
    server_context& ctx_;
    connection_slot slot_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    std::shared_ptr<void> response_;
};

} // namespace cvw::server
