// Test helpers: a real cvw server on 127.0.0.1 with a fresh database, and blocking Beast clients.
#pragma once

#include "app/server.hpp"
#include "config/server_config.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cvw::test {

inline constexpr const char* test_origin = "http://cvw.test";

/** A fresh directory under /tmp holding the database; removed on destruction. */
struct temp_dir {
    temp_dir();
    ~temp_dir();
    std::filesystem::path path;
};

/** Demo users alice, bob, carol with password "password-<name>". */
void add_demo_users(const std::filesystem::path& database);

server::server_config test_config(const std::filesystem::path& dir);

/** docs/cvw.example.toml as the demo runs it (@ROOT@ = the source tree), written to `dir` and loaded. */
server::server_config example_config(const std::filesystem::path& dir);

/** Owns a started server; restart() keeps the database. */
class running_server {
public:
    explicit running_server(server::server_config config);
    ~running_server();
    void restart();
    /** What the server logged since it started, each line stamped with ms since then. */
    std::string log() const;
    std::uint16_t port() const { return port_; }
    server::server& get() { return *server_; }
    const server::server_config& config() const { return config_; }

private:
    server::server_config config_;
    std::unique_ptr<server::server> server_;
    std::uint16_t port_ = 0;
};

using http_response = boost::beast::http::response<boost::beast::http::string_body>;

/** One HTTP request on a fresh connection, from `from` (any 127.x.y.z address works on Linux loopback). */
http_response http_request(std::uint16_t port, boost::beast::http::verb method, const std::string& target,
                           const std::string& body = {}, const std::map<std::string, std::string>& headers = {},
                           const std::string& from = "127.0.0.1");

/** Signs in and returns the cookie header value "cvw_session=..." (empty on failure). */
std::string sign_in(std::uint16_t port, const std::string& user, const std::string& password);

/**
 * What the page shows for an event or one call_entry as received: decoded by the codec, worded by
 * the English catalog. Empty when the event carries no text.
 */
std::string english(const nlohmann::json& event);
std::string english_entry(const nlohmann::json& call_entry);
/** The usernames of a list of people (`favourites`, `recent_contacts`), in its order. */
std::vector<std::string> usernames_of(const nlohmann::json& people_event);

/** A blocking WebSocket client with a receive timeout. */
class ws_client {
public:
    /** Throws boost::system::system_error when the upgrade is refused. */
    /** `protocols`, when given, is the Sec-WebSocket-Protocol offer (how the widget sends its session). */
    ws_client(std::uint16_t port, const std::string& cookie, const std::string& origin = test_origin,
              const std::string& protocols = {});
    /** The subprotocol the server chose, empty when none. */
    const std::string& chosen_protocol() const { return chosen_protocol_; }
    void send(const std::string& text);
    void send(const nlohmann::json& j) { send(j.dump()); }
    void send_binary(const std::string& data);
    /** Next message as JSON; nullopt on timeout or close. */
    std::optional<nlohmann::json> receive(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /** Skips messages until one of `type` arrives; fails the test on timeout. */
    nlohmann::json expect(const std::string& type, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    /** Sends hello and returns the welcome. */
    nlohmann::json hello();
    /** True when the server ended the connection (close frame or reset) before the timeout. */
    bool closed_by_server(std::chrono::milliseconds timeout = std::chrono::seconds(5));
    std::string close_reason() const { return std::string(ws_.reason().reason.c_str()); }
    /** The close code the server sent (1000 normal, 1007 bad payload, ...), 0 when none arrived. */
    int close_code() const { return static_cast<int>(ws_.reason().code); }
    /** Why the last receive() came back empty: a timeout or the read's error. */
    const std::string& last_failure() const { return last_failure_; }

private:
    /** One read; nullopt on timeout (the client is unusable then), else the read's result. */
    std::optional<boost::beast::error_code> read_for(std::chrono::milliseconds timeout);

    boost::asio::io_context ioc_;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{ioc_};
    boost::beast::flat_buffer buffer_;
    std::string last_failure_;
    std::string chosen_protocol_;
};

} // namespace cvw::test
