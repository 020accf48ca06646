// A real cvw-server under a low open-file limit and more connections than descriptors: it stays
// responsive, does not spin on accept, and logs a bounded number of lines.
#include "../sip/child_process.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include <unistd.h>

namespace cvw::test {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

constexpr int open_file_limit = 128;
constexpr int attackers = 300; // more than the server has descriptors

/** cvw-server started through prlimit, soft and hard limit both set (the server raises soft to hard). */
class limited_server {
public:
    limited_server(const temp_dir& dir, const std::string& server_section) : port_(free_sip_port()) {
        std::ofstream(dir.path / "cvw.toml") << "[server]\nport = " << port_ << "\ndatabase = \"cvw.db\"\n"
                                             << server_section;
        log_ = dir.path / "server.log";
        process_.emplace(std::vector<std::string>{"prlimit",
                                                  "--nofile=" + std::to_string(open_file_limit) + ":" +
                                                      std::to_string(open_file_limit),
                                                  CVW_SERVER, "-c", (dir.path / "cvw.toml").string()},
                         log_);
        for (int i = 0; i < 500 && !health(); ++i) std::this_thread::sleep_for(20ms);
    }

    std::uint16_t port() const { return port_; }

    /** The /healthz status from 127.0.0.2, or nullopt when there is no answer within 3 s. */
    std::optional<http::status> health() const {
        try {
            net::io_context ioc;
            tcp::socket socket(ioc);
            socket.open(tcp::v4());
            socket.bind(tcp::endpoint(net::ip::make_address("127.0.0.2"), 0));
            beast::tcp_stream stream(std::move(socket));
            stream.expires_after(3s);
            stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
            http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
            req.set(http::field::host, "127.0.0.1");
            http::write(stream, req);
            beast::flat_buffer buffer;
            http::response<http::string_body> res;
            http::read(stream, buffer, res);
            return res.result();
        } catch (const boost::system::system_error&) {
            return std::nullopt;
        }
    }

    /** Seconds of CPU (user + system) the server has used, from /proc/<pid>/stat. */
    double cpu_seconds() const {
        std::ifstream in("/proc/" + std::to_string(process_->pid()) + "/stat");
        std::string stat((std::istreambuf_iterator<char>(in)), {});
        std::istringstream fields(stat.substr(stat.rfind(')') + 2)); // the name may hold spaces
        std::string field;
        long ticks = 0;
        for (int i = 3; i <= 15 && fields >> field; ++i)
            if (i == 14 || i == 15) ticks += std::stol(field); // utime, stime
        return static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }

    /** The server's own log lines (they start with a timestamp); sanitizer reports are checked apart. */
    std::vector<std::string> log_lines() const {
        std::vector<std::string> lines;
        for (auto& line : all_lines())
            if (line.rfind("20", 0) == 0) lines.push_back(std::move(line));
        return lines;
    }

    /**
     * Sanitizer reports other than one known false one: UBSan proves a vtable readable by writing
     * it into a pipe, and while every descriptor is taken that pipe cannot be made, so it reports
     * Boost's static error categories as objects with an invalid vptr (and "memory cannot be printed").
     */
    std::vector<std::string> sanitizer_reports() const {
        std::vector<std::string> reports;
        for (auto& line : all_lines())
            if ((line.find("runtime error") != std::string::npos &&
                 line.find("not point to an object of type 'error_category'") == std::string::npos) ||
                line.find("ERROR: AddressSanitizer") != std::string::npos)
                reports.push_back(std::move(line));
        return reports;
    }

    /** Waits (up to `timeout`) for a log line containing `text`. */
    bool await_log(const std::string& text, std::chrono::milliseconds timeout) const {
        for (auto until = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < until;
             std::this_thread::sleep_for(50ms))
            for (const auto& line : log_lines())
                if (line.find(text) != std::string::npos) return true;
        return false;
    }

private:
    std::vector<std::string> all_lines() const {
        std::ifstream in(log_);
        std::vector<std::string> lines;
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }

    std::uint16_t port_;
    std::filesystem::path log_;
    std::optional<child_process> process_;
};

/** Opens `count` connections from 127.0.0.1, each with an unfinished request, and keeps them. */
struct flood {
    flood(std::uint16_t port, int count) {
        for (int i = 0; i < count; ++i) {
            auto& s = sockets.emplace_back(ioc);
            s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port)); // the kernel's backlog completes it
            net::write(s, net::buffer(std::string("GET / HTTP/1.1\r\nHost: x\r\n")));
        }
    }
    /** How many got an answer (a 503 for those over a cap) within `timeout` in all. */
    int answered(std::chrono::milliseconds timeout) {
        int n = 0;
        const auto until = std::chrono::steady_clock::now() + timeout;
        for (auto& s : sockets) {
            s.non_blocking(true);
            char buf[512];
            boost::system::error_code ec;
            do {
                s.read_some(net::buffer(buf), ec);
                if (ec != net::error::would_block) break;
                std::this_thread::sleep_for(1ms);
            } while (std::chrono::steady_clock::now() < until);
            if (ec != net::error::would_block) ++n;
        }
        return n;
    }
    net::io_context ioc;
    std::vector<tcp::socket> sockets;
};

TEST(descriptor_exhaustion, accept_backs_off_instead_of_spinning_and_recovers) {
    temp_dir dir;
    // A total cap above the descriptors, so accept() itself runs out (EMFILE).
    limited_server server(dir, "max_connections = 100000\nmax_connections_per_address = 0\n");
    ASSERT_EQ(server.health(), http::status::ok) << "the server did not start";
    {
        flood f(server.port(), attackers);
        ASSERT_TRUE(server.await_log("accept failed: Too many open files", 15s));
        const double cpu_before = server.cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(2s); // a window to measure CPU over, not a wait for a condition
        const double window = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        EXPECT_LT(server.cpu_seconds() - cpu_before, 0.25 * window) << "accept is spinning";
    }
    // The flood is gone: within the longest back-off the server accepts and answers again.
    std::optional<http::status> after;
    for (int i = 0; i < 100 && after != http::status::ok; ++i) {
        after = server.health();
        if (after != http::status::ok) std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(after, http::status::ok);
    EXPECT_LT(server.log_lines().size(), 10u);
    EXPECT_EQ(server.sanitizer_reports(), std::vector<std::string>{});
}

TEST(descriptor_exhaustion, the_default_cap_keeps_a_reserve_and_answers_the_rest_at_once) {
    temp_dir dir;
    limited_server server(dir, ""); // defaults: the total cap derived from the open-file limit
    ASSERT_EQ(server.health(), http::status::ok) << "the server did not start";
    const double cpu_before = server.cpu_seconds();
    {
        flood f(server.port(), attackers);
        // Everyone over the cap hears 503 at once instead of waiting in the backlog.
        EXPECT_GE(f.answered(5s), attackers - open_file_limit / 2);
        EXPECT_EQ(server.health(), http::status::service_unavailable); // answered while full
    }
    std::optional<http::status> after;
    for (int i = 0; i < 100 && after != http::status::ok; ++i) {
        after = server.health();
        if (after != http::status::ok) std::this_thread::sleep_for(50ms);
    }
    EXPECT_EQ(after, http::status::ok);
    EXPECT_LT(server.cpu_seconds() - cpu_before, 2.0);
    ASSERT_TRUE(server.await_log("refused a connection: total cap reached", 15s));
    for (const auto& line : server.log_lines()) EXPECT_EQ(line.find("accept failed"), std::string::npos) << line;
    EXPECT_LT(server.log_lines().size(), 10u);
    EXPECT_EQ(server.sanitizer_reports(), std::vector<std::string>{});
}

} // namespace
} // namespace cvw::test
