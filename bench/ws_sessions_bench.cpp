// Benchmark: how many authenticated WebSocket sessions one cvw-server holds, memory per session,
// and IM delivery latency (send -> recipient's tab) at a stated message rate while they are held.
#include "app/server.hpp"
#include "auth/password.hpp"
#include "bench_tab.hpp"
#include "percentile.hpp"
#include "server_process.hpp"
#include "store/database.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <vector>

namespace net = boost::asio;

namespace {

using namespace cvw;
using bench::percentile;
using clock_type = std::chrono::steady_clock;
constexpr const char* origin = "http://bench.local";

struct options {
    std::string server;
    int sessions = 10'000;
    int users = 100;
    int pairs = 100;
    double rate = 2'000;
    int seconds = 10;
    int in_flight = 500;
};

std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count();
}

/** Creates users and signed-in sessions directly in the store; returns one cookie per user. */
std::vector<std::string> seed(const std::filesystem::path& db_path, int count, const std::string& prefix) {
    server::database db(db_path.string());
    server::user_store users(db);
    server::session_store sessions(db);
    static const std::string hash = server::hash_password("bench-password").value();
    std::vector<std::string> cookies;
    db.transaction([&] {
        for (int i = 0; i < count; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "%s%05d", prefix.c_str(), i);
            const auto id =
                users.add({.username = name, .display_name = std::string("Bench ") + name, .password_hash = hash}, 0);
            const auto token = server::random_token();
            sessions.add(server::token_digest(token), *id, 0, INT64_MAX);
            cookies.push_back("cvw_session=" + token);
        }
    });
    return cookies;
}

/** Opens `count` tabs with at most `in_flight` handshakes at once; returns how many said welcome. */
int open_tabs(net::io_context& ioc, std::uint16_t port, const std::vector<std::string>& cookies, int count,
              int in_flight, std::vector<std::shared_ptr<bench::bench_tab>>& out,
              bench::bench_tab::on_message handler) {
    int started = 0, finished = 0, ok = 0;
    std::function<void()> launch = [&] {
        while (started < count && started - finished < in_flight) {
            auto tab = std::make_shared<bench::bench_tab>(
                ioc, cookies[static_cast<std::size_t>(started) % cookies.size()], origin, handler);
            out.push_back(tab);
            ++started;
            tab->start(port, [&](bool welcomed) {
                ++finished;
                ok += welcomed;
                launch();
            });
        }
    };
    launch();
    while (finished < count) ioc.run_one();
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"cvw WebSocket sessions and IM latency benchmark"};
    o.server = (std::filesystem::path(argv[0]).parent_path() / "../server/cvw-server").string();
    app.add_option("--server", o.server, "cvw-server binary");
    app.add_option("--sessions", o.sessions, "idle authenticated sessions to hold");
    app.add_option("--users", o.users, "users the idle sessions belong to (tabs per user = sessions / users)");
    app.add_option("--pairs", o.pairs, "sender/recipient pairs for the IM phase");
    app.add_option("--rate", o.rate, "IM messages per second, in total");
    app.add_option("--seconds", o.seconds, "length of the IM phase")->check(CLI::Range(1, 120));
    app.add_option("--in-flight", o.in_flight, "concurrent handshakes while connecting");
    CLI11_PARSE(app, argc, argv);

    server::init_crypto();
    server::raise_file_limit();
    char dir_template[] = "/tmp/cvw-bench-XXXXXX";
    const std::filesystem::path dir = mkdtemp(dir_template);
    const auto idle_cookies = seed(dir / "cvw.db", o.users, "idle");
    const auto sender_cookies = seed(dir / "cvw.db", o.pairs, "send");
    const auto receiver_cookies = seed(dir / "cvw.db", o.pairs, "recv");

    const double per_sender = o.rate / o.pairs;
    std::string config =
        "[server]\nport = @PORT@\nallowed_origins = [\"" + std::string(origin) +
        "\"]\ndatabase = \"cvw.db\"\nthreads = 2\nmessages_per_second = " +
        std::to_string(std::max(20.0, per_sender * 2)) + "\nmessage_burst = 100.0\n" +
        // Every tab comes from 127.0.0.1, and the run is about how many one process holds.
        "max_connections_per_address = 0\nmax_connections = " + std::to_string(o.sessions + 2 * o.pairs + 64) + "\n";
    bench::server_process server(o.server, dir, config);
    std::cout << "server pid started on port " << server.port() << "\n";

    net::io_context ioc;
    std::vector<std::shared_ptr<bench::bench_tab>> idle, senders, receivers;
    const long rss_before = server.rss_kib();
    const auto t0 = clock_type::now();
    const int idle_ok = open_tabs(ioc, server.port(), idle_cookies, o.sessions, o.in_flight, idle,
                                  [](bench::bench_tab&, std::string_view) {});
    const double connect_s = std::chrono::duration<double>(clock_type::now() - t0).count();
    // Let the server settle (presence fan-out, allocator) before reading its memory.
    for (auto until = clock_type::now() + std::chrono::seconds(1); clock_type::now() < until;)
        ioc.run_for(std::chrono::milliseconds(50));
    const long rss_after = server.rss_kib();

    std::vector<double> latencies_us;
    latencies_us.reserve(static_cast<std::size_t>(o.rate * o.seconds));
    auto on_receiver_message = [&](bench::bench_tab&, std::string_view text) {
        // {"message":{...,"text":"t<ns>",...},"type":"im"} without client_id: the recipient's copy.
        const auto at = text.find("\"text\":\"t");
        if (at == std::string_view::npos || text.find("\"type\":\"im\"") == std::string_view::npos) return;
        const std::int64_t sent = std::strtoll(text.data() + at + 9, nullptr, 10);
        latencies_us.push_back(static_cast<double>(now_ns() - sent) / 1000.0);
    };
    const int receivers_ok =
        open_tabs(ioc, server.port(), receiver_cookies, o.pairs, o.in_flight, receivers, on_receiver_message);
    const int senders_ok = open_tabs(ioc, server.port(), sender_cookies, o.pairs, o.in_flight, senders,
                                     [](bench::bench_tab&, std::string_view) {});

    // Paced sending: every tick, send what the stated rate says is due, round-robin over senders.
    const long total = static_cast<long>(o.rate * o.seconds);
    long sent = 0;
    const auto start = clock_type::now();
    net::steady_timer tick(ioc);
    std::function<void()> pace = [&] {
        const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
        const long due = std::min(total, static_cast<long>(elapsed * o.rate));
        for (; sent < due; ++sent) {
            const auto pair = static_cast<std::size_t>(sent % o.pairs);
            char recipient[32];
            std::snprintf(recipient, sizeof recipient, "recv%05zu", pair);
            senders[pair]->send(std::string(R"({"type":"send_im","client_id":"b","to":")") + recipient +
                                R"(","text":"t)" + std::to_string(now_ns()) + "\"}");
        }
        if (sent < total) {
            tick.expires_after(std::chrono::milliseconds(2));
            tick.async_wait([&](boost::system::error_code) { pace(); });
        }
    };
    pace();
    const auto deadline = clock_type::now() + std::chrono::seconds(o.seconds + 5);
    while ((sent < total || latencies_us.size() < static_cast<std::size_t>(total)) && clock_type::now() < deadline)
        ioc.run_for(std::chrono::milliseconds(20));
    const double send_s = std::chrono::duration<double>(clock_type::now() - start).count();
    const long rss_end = server.rss_kib();

    std::sort(latencies_us.begin(), latencies_us.end());
    const double per_session_kib = idle_ok ? static_cast<double>(rss_after - rss_before) / idle_ok : 0.0;
    std::printf("\n## sessions\n");
    std::printf("requested %d, held %d (failed %d), connect time %.2f s (%.0f sessions/s)\n", o.sessions, idle_ok,
                o.sessions - idle_ok, connect_s, idle_ok / connect_s);
    std::printf("server RSS %ld KiB before, %ld KiB after -> %.1f KiB per session\n", rss_before, rss_after,
                per_session_kib);
    std::printf("\n## IM latency while holding them\n");
    std::printf("%d pairs (%d/%d connected), %.0f msg/s for %d s: sent %ld, delivered %zu (lost %ld) in %.2f s\n",
                o.pairs, senders_ok, receivers_ok, o.rate, o.seconds, sent, latencies_us.size(),
                sent - static_cast<long>(latencies_us.size()), send_s);
    std::printf("latency us: p50 %.0f  p90 %.0f  p99 %.0f  p99.9 %.0f  max %.0f\n", percentile(latencies_us, 50),
                percentile(latencies_us, 90), percentile(latencies_us, 99), percentile(latencies_us, 99.9),
                latencies_us.empty() ? 0.0 : latencies_us.back());
    std::printf("server RSS at end %ld KiB\n", rss_end);

    for (auto* group : {&idle, &senders, &receivers})
        for (auto& t : *group) t->close();
    ioc.run_for(std::chrono::seconds(2));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return idle_ok == o.sessions && latencies_us.size() == static_cast<std::size_t>(total) ? 0 : 1;
}
