// Benchmark: how many sign-ins per second one cvw-server verifies (argon2id), and their latency,
// with a fixed number of clients signing in over loopback for a bounded time.
#include "auth/password.hpp"
#include "percentile.hpp"
#include "server_process.hpp"
#include "store/database.hpp"
#include "store/user_store.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

using namespace cvw;
using clock_type = std::chrono::steady_clock;
constexpr const char* origin = "http://bench.local";
constexpr const char* password = "bench-password";

struct totals {
    std::vector<double> latencies_ms; ///< successful sign-ins only
    long refused = 0;                 ///< any answer but 200
    long broken = 0;                  ///< connection errors
};

/** One client: signs in as its user again and again on a keep-alive connection until the deadline. */
class login_client : public std::enable_shared_from_this<login_client> {
public:
    login_client(net::io_context& ioc, std::uint16_t port, const std::string& user, clock_type::time_point deadline,
                 totals& out)
        : stream_(ioc), port_(port), deadline_(deadline), out_(out), req_{http::verb::post, "/api/login", 11} {
        req_.set(http::field::host, "127.0.0.1");
        req_.set(http::field::origin, origin);
        req_.set(http::field::content_type, "application/json");
        req_.body() = R"({"username":")" + user + R"(","password":")" + password + "\"}";
        req_.prepare_payload();
    }

    void start() {
        stream_.async_connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_),
                              [self = shared_from_this()](beast::error_code ec) {
                                  if (ec) return self->broken();
                                  self->do_request();
                              });
    }

private:
    void do_request() {
        if (clock_type::now() >= deadline_) return;
        sent_ = clock_type::now();
        stream_.expires_after(std::chrono::seconds(30));
        http::async_write(stream_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec) return self->broken();
            self->res_ = {};
            http::async_read(self->stream_, self->buffer_, self->res_,
                             [self](beast::error_code rec, std::size_t) { self->on_response(rec); });
        });
    }

    void on_response(beast::error_code ec) {
        if (ec) return broken();
        if (res_.result() == http::status::ok)
            out_.latencies_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - sent_).count());
        else ++out_.refused;
        do_request();
    }

    void broken() {
        ++out_.broken;
        if (clock_type::now() >= deadline_) return;
        beast::error_code ignored;
        stream_.socket().close(ignored);
        start();
    }

    beast::tcp_stream stream_;
    std::uint16_t port_;
    clock_type::time_point deadline_;
    totals& out_;
    http::request<http::string_body> req_;
    http::response<http::string_body> res_;
    beast::flat_buffer buffer_;
    clock_type::time_point sent_;
};

} // namespace

int main(int argc, char** argv) {
    std::string server_binary = (std::filesystem::path(argv[0]).parent_path() / "../server/cvw-server").string();
    int clients = 8, seconds = 10, threads = 2, login_threads = 0;
    CLI::App app{"cvw sign-in throughput benchmark"};
    app.add_option("--server", server_binary, "cvw-server binary");
    app.add_option("--clients", clients, "clients signing in at once, each as its own user")
        ->check(CLI::Range(1, 1000));
    app.add_option("--seconds", seconds, "how long to sign in")->check(CLI::Range(1, 300));
    app.add_option("--threads", threads, "server.threads (I/O)")->check(CLI::Range(1, 64));
    app.add_option("--login-threads", login_threads, "server.login_threads (0: one per core)")
        ->check(CLI::Range(0, 64));
    CLI11_PARSE(app, argc, argv);

    server::init_crypto();
    char dir_template[] = "/tmp/cvw-bench-XXXXXX";
    const std::filesystem::path dir = mkdtemp(dir_template);
    {
        server::database db((dir / "cvw.db").string());
        server::user_store users(db);
        const std::string hash = server::hash_password(password).value(); // the server's own parameters
        db.transaction([&] {
            for (int i = 0; i < clients; ++i)
                users.add({.username = "login" + std::to_string(i), .display_name = "Bench", .password_hash = hash}, 0);
        });
    }
    // The address limit is for attackers; here every client shares 127.0.0.1, so it is lifted.
    const std::string config = "[server]\nport = @PORT@\nallowed_origins = [\"" + std::string(origin) +
                               "\"]\ndatabase = \"cvw.db\"\nthreads = " + std::to_string(threads) +
                               "\nlogin_threads = " + std::to_string(login_threads) +
                               "\nlogin_attempts_per_minute = 1000000000\nmax_pending_logins = 100000\n";
    bench::server_process server(server_binary, dir, config);

    net::io_context ioc;
    totals out;
    const auto start = clock_type::now();
    const auto deadline = start + std::chrono::seconds(seconds);
    for (int i = 0; i < clients; ++i)
        std::make_shared<login_client>(ioc, server.port(), "login" + std::to_string(i), deadline, out)->start();
    ioc.run();
    const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();

    std::sort(out.latencies_ms.begin(), out.latencies_ms.end());
    const auto ok = out.latencies_ms.size();
    std::printf("%d clients for %.1f s (server: %d I/O threads, login_threads %d, %u cores)\n", clients, elapsed,
                threads, login_threads, std::thread::hardware_concurrency());
    std::printf("sign-ins: %zu ok, %ld refused, %ld connection errors -> %.1f sign-ins/s\n", ok, out.refused,
                out.broken, static_cast<double>(ok) / elapsed);
    std::printf("latency ms: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f\n", bench::percentile(out.latencies_ms, 50),
                bench::percentile(out.latencies_ms, 90), bench::percentile(out.latencies_ms, 99),
                out.latencies_ms.empty() ? 0.0 : out.latencies_ms.back());
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return ok > 0 && out.refused == 0 ? 0 : 1;
}
