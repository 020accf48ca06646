// Benchmark: presence fan-out from the desk phone. `sessions` tabs each watch `contacts` users
// whose desk phones cvw follows through dialog subscriptions; the benchmark plays the PBX (it
// answers the SUBSCRIBEs and sends the NOTIFYs) and measures, for each NOTIFY that turns a phone
// "in a call" or back, the time until the last watching tab has the presence update.
#include "app/server.hpp"
#include "auth/password.hpp"
#include "bench_tab.hpp"
#include "percentile.hpp"
#include "fake_presence_server.hpp"
#include "server_process.hpp"
#include "store/database.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

#include <CLI/CLI.hpp>

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
    int sessions = 5'000;
    int contacts = 50;
    int phones = 500;
    int notifies = 1'000;
    int in_flight = 500;
};

std::string phone_user(int i) {
    char name[32];
    std::snprintf(name, sizeof name, "phone%05d", i);
    return name;
}

std::string phone_number(int i) {
    char number[32];
    std::snprintf(number, sizeof number, "+1555%07d", i);
    return number;
}

} // namespace

int main(int argc, char** argv) {
    options o;
    CLI::App app{"cvw presence fan-out benchmark: desk phone NOTIFY -> last watching tab"};
    o.server = (std::filesystem::path(argv[0]).parent_path() / "../server/cvw-server").string();
    app.add_option("--server", o.server, "cvw-server binary");
    app.add_option("--sessions", o.sessions, "watching tabs, one user each")->check(CLI::Range(1, 20000));
    app.add_option("--contacts", o.contacts, "users each tab watches")->check(CLI::Range(1, 200));
    app.add_option("--phones", o.phones, "users with a followed desk phone (contacts are spread over them)")
        ->check(CLI::Range(1, 100000));
    app.add_option("--notifies", o.notifies, "NOTIFYs to time, one after another")->check(CLI::Range(1, 100000));
    app.add_option("--in-flight", o.in_flight, "concurrent handshakes while connecting");
    CLI11_PARSE(app, argc, argv);
    o.contacts = std::min(o.contacts, o.phones);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows even when the output is a file

    server::init_crypto();
    server::raise_file_limit();
    char dir_template[] = "/tmp/cvw-bench-XXXXXX";
    const std::filesystem::path dir = mkdtemp(dir_template);

    // Users: the phones (with numbers, so cvw subscribes to them) and one watcher per session.
    std::vector<std::string> cookies;
    {
        server::database db((dir / "cvw.db").string());
        server::user_store users(db);
        server::session_store sessions(db);
        const std::string hash = server::hash_password("bench-password").value();
        db.transaction([&] {
            for (int i = 0; i < o.phones; ++i)
                users.add({.username = phone_user(i),
                           .display_name = "Phone " + std::to_string(i),
                           .number = phone_number(i),
                           .password_hash = hash},
                          0);
            for (int i = 0; i < o.sessions; ++i) {
                const auto id = users.add(
                    {.username = "watch" + std::to_string(i), .display_name = "Watcher", .password_hash = hash}, 0);
                const auto token = server::random_token();
                sessions.add(server::token_digest(token), *id, 0, INT64_MAX);
                cookies.push_back("cvw_session=" + token);
            }
        });
    }

    net::io_context ioc;
    bench::fake_presence_server pbx(ioc);
    const auto cvw_sip = bench::free_loopback_port();
    const std::string config =
        "[server]\nport = @PORT@\nallowed_origins = [\"" + std::string(origin) +
        "\"]\ndatabase = \"cvw.db\"\nthreads = 2\nmax_queued_events = 65536\n"
        "max_connections_per_address = 0\n"
        "[policy]\nglobal_caller_id = \"+15550000000\"\n[dial_plan]\nallowed = [\"\\\\+\\\\d+\"]\n"
        "[pbx]\nproxy = \"sip:127.0.0.1:" +
        std::to_string(pbx.port()) + "\"\nlisten = \"127.0.0.1:" + std::to_string(cvw_sip) +
        "\"\nkeepalive_seconds = 0\n";
    bench::server_process server(o.server, dir, config);
    std::cout << "server on port " << server.port() << ", fake PBX on " << pbx.port() << "\n";
    for (auto until = clock_type::now() + std::chrono::seconds(30);
         pbx.subscribed() < static_cast<std::size_t>(o.phones) && clock_type::now() < until;)
        ioc.run_for(std::chrono::milliseconds(20));
    std::printf("subscriptions in place: %zu of %d\n", pbx.subscribed(), o.phones);

    // Tab i watches phones i*7 .. i*7+contacts-1 (mod phones): every phone gets about the same watchers.
    std::vector<int> watchers_of(static_cast<std::size_t>(o.phones), 0);
    auto watched_by = [&](int tab) {
        std::vector<int> out;
        out.reserve(static_cast<std::size_t>(o.contacts));
        for (int k = 0; k < o.contacts; ++k) out.push_back((tab * 7 + k) % o.phones);
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    };

    // The update being timed: which user, which value, how many tabs still have to get it.
    std::string waiting_user, waiting_state;
    int remaining = 0;
    clock_type::time_point first_update;
    int expected_updates = 0;
    int contacts_pending = o.sessions;
    auto on_message = [&](bench::bench_tab&, std::string_view text) {
        if (text.find(R"("type":"contacts")") != std::string_view::npos) {
            --contacts_pending;
            return;
        }
        if (remaining == 0 || text.find(R"("type":"presence")") == std::string_view::npos) return;
        if (text.find("\"username\":\"" + waiting_user + "\"") == std::string_view::npos) return;
        if (text.find("\"presence\":\"" + waiting_state + "\"") == std::string_view::npos) return;
        if (remaining-- == expected_updates) first_update = clock_type::now();
    };

    std::vector<std::shared_ptr<bench::bench_tab>> tabs;
    int started = 0, finished = 0, welcomed = 0;
    std::function<void()> launch = [&] {
        while (started < o.sessions && started - finished < o.in_flight) {
            const int index = started++;
            auto tab =
                std::make_shared<bench::bench_tab>(ioc, cookies[static_cast<std::size_t>(index)], origin, on_message);
            tabs.push_back(tab);
            tab->start(server.port(), [&, index, tab](bool ok) {
                ++finished;
                if (ok) {
                    ++welcomed;
                    std::string users;
                    for (int p : watched_by(index)) {
                        users += (users.empty() ? "\"" : ",\"") + phone_user(p) + "\"";
                        ++watchers_of[static_cast<std::size_t>(p)];
                    }
                    tab->send(R"({"type":"watch_presence","users":[)" + users + "]}");
                } else {
                    --contacts_pending;
                }
                launch();
            });
        }
    };
    const long rss_idle = server.rss_kib();
    const auto t_connect = clock_type::now();
    launch();
    while ((finished < o.sessions || contacts_pending > 0) && clock_type::now() - t_connect < std::chrono::seconds(120))
        ioc.run_for(std::chrono::milliseconds(20));
    const double connect_s = std::chrono::duration<double>(clock_type::now() - t_connect).count();
    const long rss_watching = server.rss_kib();
    std::printf("tabs: %d of %d welcomed, each watching %d contacts, in %.1f s; server RSS %ld -> %ld KiB\n", welcomed,
                o.sessions, o.contacts, connect_s, rss_idle, rss_watching);

    // One NOTIFY at a time, alternating a phone into a call and out of it.
    std::vector<double> first_ms, last_ms;
    std::vector<bool> in_call(static_cast<std::size_t>(o.phones), false);
    int timed_out = 0;
    long updates = 0;
    for (int n = 0; n < o.notifies; ++n) {
        const int p = (n * 37) % o.phones;
        const bool to_call = !in_call[static_cast<std::size_t>(p)];
        waiting_user = phone_user(p);
        waiting_state = to_call ? "in_a_call" : "offline"; // the phones' users have no tab open
        remaining = watchers_of[static_cast<std::size_t>(p)];
        const int expected = remaining;
        expected_updates = expected;
        const auto t0 = clock_type::now();
        pbx.notify(phone_number(p), to_call);
        while (remaining > 0 && clock_type::now() - t0 < std::chrono::seconds(10))
            ioc.run_one_for(std::chrono::milliseconds(10));
        if (remaining > 0) {
            ++timed_out;
            std::printf("NOTIFY %d for %s: %d of %d tabs not updated after 10 s\n", n, waiting_user.c_str(), remaining,
                        expected);
            remaining = 0;
        } else {
            last_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
            first_ms.push_back(std::chrono::duration<double, std::milli>(first_update - t0).count());
            updates += expected;
        }
        in_call[static_cast<std::size_t>(p)] = to_call;
    }
    std::sort(last_ms.begin(), last_ms.end());
    std::sort(first_ms.begin(), first_ms.end());
    double watchers_mean = 0;
    for (int w : watchers_of) watchers_mean += w;
    watchers_mean /= o.phones;
    std::printf("\n## NOTIFY -> last watching tab updated\n");
    std::printf("%d NOTIFYs over %d phones, %.0f watching tabs per phone on average; %d timed out; %ld tab updates\n",
                o.notifies, o.phones, watchers_mean, timed_out, updates);
    std::printf("last tab, ms:  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", percentile(last_ms, 50),
                percentile(last_ms, 90), percentile(last_ms, 99), last_ms.empty() ? 0.0 : last_ms.back());
    std::printf("first tab, ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", percentile(first_ms, 50),
                percentile(first_ms, 90), percentile(first_ms, 99), first_ms.empty() ? 0.0 : first_ms.back());
    std::printf("server RSS at end %ld KiB\n", server.rss_kib());

    for (auto& t : tabs) t->close();
    ioc.run_for(std::chrono::seconds(2));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return timed_out == 0 && welcomed == o.sessions ? 0 : 1;
}
