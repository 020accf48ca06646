// Connection caps: the counting (no I/O), and the real server refusing over them while others get in.
#include "net/connection_limits.hpp"
#include "net/event_tally.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace cvw::test {
namespace {

using server::admission;
using server::connection_limits;
using server::connection_slot;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

TEST(connection_limits, caps_per_address_before_the_total) {
    auto limits = std::make_shared<connection_limits>(3, 2);
    EXPECT_EQ(limits->try_admit("10.0.0.1"), admission::admitted);
    EXPECT_EQ(limits->try_admit("10.0.0.1"), admission::admitted);
    EXPECT_EQ(limits->try_admit("10.0.0.1"), admission::over_per_address);
    EXPECT_EQ(limits->try_admit("10.0.0.2"), admission::admitted);
    EXPECT_EQ(limits->try_admit("10.0.0.3"), admission::over_total);
    EXPECT_EQ(limits->open(), 3u);
    limits->release("10.0.0.1");
    EXPECT_EQ(limits->try_admit("10.0.0.3"), admission::admitted);
    limits->release("never-admitted"); // ignored
    EXPECT_EQ(limits->open(), 3u);
}

TEST(connection_limits, zero_means_no_cap) {
    connection_limits limits(0, 0);
    for (int i = 0; i < 1000; ++i) ASSERT_EQ(limits.try_admit("10.0.0.1"), admission::admitted);
}

TEST(connection_limits, a_slot_gives_its_place_back_once) {
    auto limits = std::make_shared<connection_limits>(1, 1);
    {
        ASSERT_EQ(limits->try_admit("a"), admission::admitted);
        connection_slot slot(limits, "a");
        connection_slot moved = std::move(slot);
        EXPECT_EQ(limits->open(), 1u);
    }
    EXPECT_EQ(limits->open(), 0u);
}

TEST(connection_limits, the_default_total_leaves_a_reserve_of_descriptors) {
    EXPECT_EQ(server::default_max_connections(1024, 0), 896u);      // 128 kept
    EXPECT_EQ(server::default_max_connections(1024, 500), 396u);    // and one per RTP port
    EXPECT_EQ(server::default_max_connections(20000, 500), 17500u); // an eighth of a large limit
    EXPECT_EQ(server::default_max_connections(256, 500), 128u);     // nothing left: half
}

TEST(event_tally, says_each_condition_once_with_its_count) {
    server::event_tally tally;
    EXPECT_TRUE(tally.add("refused: per-address cap"));
    EXPECT_FALSE(tally.add("refused: per-address cap"));
    EXPECT_FALSE(tally.add("accept failed: Too many open files"));
    EXPECT_EQ(tally.take(), "refused: per-address cap (2 times); accept failed: Too many open files (1 time)");
    EXPECT_EQ(tally.take(), "");
    EXPECT_TRUE(tally.add("again"));
}

/** A TCP connection from a chosen loopback address (Linux routes all of 127.0.0.0/8 to lo). */
struct client_socket {
    client_socket(const char* from, std::uint16_t port) : socket(ioc) {
        socket.open(tcp::v4());
        socket.bind(tcp::endpoint(net::ip::make_address(from), 0));
        socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    }
    /** Sends a GET and reads the answer (5 s at most). */
    http::response<http::string_body> get(const std::string& target) {
        beast::tcp_stream stream(std::move(socket));
        stream.expires_after(std::chrono::seconds(5));
        http::request<http::string_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "127.0.0.1");
        beast::error_code ec;
        http::write(stream, req, ec); // a refused connection may be closed already; its answer is still there
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        return res;
    }
    net::io_context ioc;
    tcp::socket socket;
};

class connection_caps : public ::testing::Test {
protected:
    void SetUp() override { add_demo_users(dir.path / "cvw.db"); }
    static server::server_config capped(const std::filesystem::path& dir) {
        auto c = test_config(dir);
        c.max_connections = 5;
        c.max_connections_per_address = 3;
        return c;
    }
    /** Waits (5 s at most) until the server itself counts `n` admitted connections. */
    ::testing::AssertionResult server_counts(std::size_t n) {
        auto seen = server.get().open_connections();
        for (int i = 0; i < 500 && seen != n; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            seen = server.get().open_connections();
        }
        if (seen == n) return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure() << "the server counts " << seen << " open connections, not " << n;
    }
    temp_dir dir;
    running_server server{capped(dir.path)};
};

TEST_F(connection_caps, one_address_over_its_cap_is_refused_at_once_while_others_get_in) {
    const auto cookie = sign_in(server.port(), "alice", "password-alice");
    ASSERT_FALSE(cookie.empty());
    ASSERT_TRUE(server_counts(0));
    ws_client tab(server.port(), cookie); // one connection from 127.0.0.1
    tab.hello();
    client_socket idle1("127.0.0.1", server.port()), idle2("127.0.0.1", server.port());
    ASSERT_TRUE(server_counts(3));

    const auto t0 = std::chrono::steady_clock::now();
    auto refused = client_socket("127.0.0.1", server.port()).get("/healthz");
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2)); // answered, not left hanging
    EXPECT_EQ(refused.result(), http::status::service_unavailable);
    EXPECT_EQ(refused[http::field::retry_after], "10");
    EXPECT_EQ(nlohmann::json::parse(refused.body())["error"], "too_many_connections");

    auto other = client_socket("127.0.0.2", server.port()).get("/healthz");
    EXPECT_EQ(other.result(), http::status::ok);

    // The tab that was in before keeps working.
    tab.send(nlohmann::json{{"type", "search"}, {"request_id", "r"}, {"query", "bob"}});
    EXPECT_EQ(tab.expect("search_results")["results"][0]["username"], "bob");
}

TEST_F(connection_caps, over_the_total_cap_everyone_new_hears_busy_until_a_place_frees) {
    ASSERT_TRUE(server_counts(0));
    std::vector<std::unique_ptr<client_socket>> idle;
    for (const char* from : {"127.0.0.1", "127.0.0.1", "127.0.0.2", "127.0.0.2", "127.0.0.3"})
        idle.push_back(std::make_unique<client_socket>(from, server.port()));
    // The server's own count, not a probe: a probe would take a place itself, and closing its
    // connection is asynchronous on the server's side.
    ASSERT_TRUE(server_counts(5));

    auto busy = client_socket("127.0.0.4", server.port()).get("/healthz");
    EXPECT_EQ(busy.result(), http::status::service_unavailable);
    EXPECT_EQ(nlohmann::json::parse(busy.body())["error"], "server_busy");
    EXPECT_EQ(busy[http::field::retry_after], "10");

    idle.pop_back();
    ASSERT_TRUE(server_counts(4));
    EXPECT_EQ(client_socket("127.0.0.4", server.port()).get("/healthz").result(), http::status::ok);
}

} // namespace
} // namespace cvw::test
