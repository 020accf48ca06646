// Test server lifecycle and blocking clients.
#include "test_server.hpp"

#include "app/clock.hpp"
#include "auth/password.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/codec.hpp"
#include "cvw/protocol/event_text.hpp"
#include "log.hpp"
#include "store/database.hpp"
#include "store/user_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <mutex>

namespace cvw::test {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

temp_dir::temp_dir() {
    std::string templ = (std::filesystem::temp_directory_path() / "cvw-test-XXXXXX").string();
    path = mkdtemp(templ.data());
}

temp_dir::~temp_dir() {
    if (std::getenv("CVW_KEEP_TEST_DIRS")) {
        std::fprintf(stderr, "kept %s\n", path.c_str());
        return;
    }
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

void add_demo_users(const std::filesystem::path& database) {
    server::init_crypto();
    server::database db(database.string());
    server::user_store users(db);
    struct person {
        const char *username, *name, *extension, *number;
    };
    for (const auto& p :
         {person{"alice", "Alice Smith", "1001", "+14255550101"}, person{"bob", "Bob Jones", "1002", "+14255550102"},
          person{"carol", "Carol Diaz", "1003", "+14255550103"}}) {
        server::user_record u{0, p.username, p.name, p.extension, p.number, "", true, "", "", ""};
        u.password_hash = server::hash_password(std::string("password-") + p.username).value();
        users.add(u, server::now_ms());
    }
}

server::server_config test_config(const std::filesystem::path& dir) {
    auto c = server::default_config(dir);
    c.port = 0;
    c.allowed_origins = {test_origin};
    c.web_root = CVW_SOURCE_DIR "/web";
    c.wasm_dir = dir / "wasm";
    c.database = dir / "cvw.db";
    return c;
}

server::server_config example_config(const std::filesystem::path& dir) {
    std::ifstream in(CVW_SOURCE_DIR "/docs/cvw.example.toml");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    for (auto at = text.find("@ROOT@"); at != std::string::npos; at = text.find("@ROOT@"))
        text.replace(at, 6, CVW_SOURCE_DIR);
    const auto file = dir / "example.toml";
    std::ofstream(file) << text;
    auto loaded = server::load_config(file);
    if (!loaded) throw std::runtime_error(loaded.error());
    return loaded.value();
}

namespace {

/** The server's log since the test's server started, each line stamped with ms since then. */
struct captured_log {
    std::mutex lock;
    std::string text;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

captured_log& server_log() {
    static captured_log log;
    return log;
}

void capture_server_log() {
    auto& log = server_log();
    {
        std::lock_guard guard(log.lock);
        log.text.clear();
        log.start = std::chrono::steady_clock::now();
    }
    server::set_log_sink([](std::string_view line) {
        auto& into = server_log();
        std::lock_guard guard(into.lock);
        constexpr std::size_t keep = 256 * 1024; // a flood test must not grow this without bound
        if (into.text.size() > keep) into.text.erase(0, into.text.size() - keep / 2);
        const auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - into.start);
        into.text += "+" + std::to_string(ms.count()) + "ms " + std::string(line) + "\n";
    });
}

} // namespace

running_server::running_server(server::server_config config) : config_(std::move(config)) {
    capture_server_log();
    restart();
}

std::string running_server::log() const {
    auto& log = server_log();
    std::lock_guard guard(log.lock);
    return log.text;
}

running_server::~running_server() {
    if (server_) server_->stop();
    server::set_log_sink({});
    // A failed test shows what the server said; a passing one stays quiet.
    if (::testing::Test::HasFailure()) {
        auto& log = server_log();
        std::lock_guard guard(log.lock);
        std::printf("---- cvw server log ----\n%s---- end of cvw server log ----\n", log.text.c_str());
    }
}

void running_server::restart() {
    if (server_) server_->stop();
    server_.reset();
    auto c = config_;
    c.port = port_; // come back on the same port so clients' origin and URLs stay valid
    server_ = std::make_unique<server::server>(c);
    port_ = server_->start();
}

http_response http_request(std::uint16_t port, http::verb method, const std::string& target, const std::string& body,
                           const std::map<std::string, std::string>& headers, const std::string& from) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.socket().open(tcp::v4());
    stream.socket().bind(tcp::endpoint(net::ip::make_address(from), 0));
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (method == http::verb::head) parser.skip(true);
    http::read(stream, buffer, parser);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return parser.release();
}

std::string sign_in(std::uint16_t port, const std::string& user, const std::string& password) {
    auto res = http_request(port, http::verb::post, "/api/login",
                            nlohmann::json{{"username", user}, {"password", password}}.dump(),
                            {{"Origin", test_origin}, {"Content-Type", "application/json"}});
    if (res.result() != http::status::ok) return {};
    const auto cookie = std::string(res[http::field::set_cookie]);
    return cookie.substr(0, cookie.find(';'));
}

ws_client::ws_client(std::uint16_t port, const std::string& cookie, const std::string& origin,
                     const std::string& protocols) {
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws_.set_option(websocket::stream_base::decorator([&](websocket::request_type& req) {
        if (!cookie.empty()) req.set(http::field::cookie, cookie);
        if (!origin.empty()) req.set(http::field::origin, origin);
        if (!protocols.empty()) req.set(http::field::sec_websocket_protocol, protocols);
    }));
    websocket::response_type res;
    ws_.handshake(res, "127.0.0.1", "/ws");
    chosen_protocol_ = std::string(res[http::field::sec_websocket_protocol]);
}

void ws_client::send(const std::string& text) {
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    ws_.text(true);
    ws_.write(net::buffer(text));
}

void ws_client::send_binary(const std::string& data) {
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    ws_.binary(true);
    ws_.write(net::buffer(data));
}

std::optional<beast::error_code> ws_client::read_for(std::chrono::milliseconds timeout) {
    // The caller's timeout governs a read, not the 10 s a connect or a write set on the socket.
    beast::get_lowest_layer(ws_).expires_never();
    beast::error_code ec;
    bool done = false;
    ws_.async_read(buffer_, [&](beast::error_code e, std::size_t) {
        ec = e;
        done = true;
    });
    ioc_.restart();
    ioc_.run_for(timeout);
    if (done) return ec;
    // Abandon the pending read by cancelling the socket; this client is unusable afterwards.
    beast::get_lowest_layer(ws_).cancel();
    ioc_.restart();
    ioc_.run();
    return std::nullopt;
}

std::optional<nlohmann::json> ws_client::receive(std::chrono::milliseconds timeout) {
    auto ec = read_for(timeout);
    if (!ec) {
        last_failure_ = "no message within " + std::to_string(timeout.count()) + " ms";
        return std::nullopt;
    }
    if (*ec) {
        last_failure_ = "the read failed: " + ec->message();
        return std::nullopt;
    }
    auto text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    return nlohmann::json::parse(text);
}

nlohmann::json ws_client::expect(const std::string& type, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto m = receive(left);
        if (!m) break;
        if ((*m)["type"] == type) return *m;
    }
    ADD_FAILURE() << "no '" << type << "' event arrived";
    return {};
}

nlohmann::json ws_client::hello() {
    send(nlohmann::json{{"type", "hello"}, {"protocol", protocol::protocol_version}});
    return expect("welcome");
}

bool ws_client::closed_by_server(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        auto ec = read_for(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
        if (!ec) return false;
        buffer_.consume(buffer_.size());
        // A close frame, or a reset when the server drops a connection that still has unread data.
        if (*ec) return true;
    }
    return false;
}

std::string english(const nlohmann::json& event) {
    const auto decoded = protocol::decode_event(event.dump());
    EXPECT_TRUE(decoded.ok()) << event.dump();
    if (!decoded) return {};
    const auto text = protocol::text_of(*decoded);
    return text ? i18n::catalogs::built_in().render("en", *text) : std::string();
}

std::string english_entry(const nlohmann::json& call_entry) {
    return english(nlohmann::json{{"type", "call_logged"}, {"call", call_entry}});
}

std::vector<std::string> usernames_of(const nlohmann::json& people_event) {
    std::vector<std::string> out;
    for (const auto& c : people_event["people"]) out.push_back(c["username"]);
    return out;
}

} // namespace cvw::test
