// Benchmark: click-to-calls driven through the WebSocket API against sipp desk phones and callees
// behind the test Kamailio. Measures the highest sustained call rate with < 0.1 % failures,
// click-to-first-INVITE latency (seen by the desk phone), memory per active call with 1,000 calls
// up, heap in use after each rate step, the CPU seconds each process spends per completed call,
// and, as the reference, Kamailio relaying plain sipp-to-sipp calls. It runs twice: with the PBX
// tracking and publishing every call's dialog state to cvw's subscriptions (presence from the desk
// phone, as deployed) and without (cvw's own ceiling). It stops at once when a part it started dies.
#include "app/server.hpp"
#include "auth/password.hpp"
#include "bench_tab.hpp"
#include "percentile.hpp"
#include "process_cpu.hpp"
#include "server_process.hpp"
#include "store/database.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"
#include "../tests/sip/test_pbx.hpp"

#include <CLI/CLI.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>

#include <sys/resource.h>

namespace net = boost::asio;
namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;
using cvw::test::child_process;
using cvw::test::test_pbx;

namespace {

constexpr const char* origin = "http://bench.local";

struct caller_tab {
    std::shared_ptr<cvw::bench::bench_tab> tab;
    bool busy = false;
    std::string call_id;
    clock_type::time_point placed;
};

struct step_result {
    double rate = 0;
    long placed = 0, connected = 0, completed = 0, failed = 0;
    std::map<std::string, long> reasons;
    double seconds = 0;
};

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/** Percentile of unsorted samples (copied, then sorted). */
double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return cvw::bench::percentile(v, p);
}

double wall_seconds() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string number_for(const char* prefix, int i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%04d", prefix, i);
    return buf;
}

/** Registers `count` AORs (prefix + index) to a phone's port. */
void register_phones(const fs::path& dir, const std::string& name, const char* prefix, int count,
                     std::uint16_t phone_port, std::uint16_t pbx_port) {
    const auto csv = dir / (name + ".csv");
    std::ofstream out(csv);
    out << "SEQUENTIAL\n";
    for (int i = 0; i < count; ++i) out << number_for(prefix, i) << ";" << phone_port << ";\n";
    out.close();
    child_process reg({"sipp", "-sf", std::string(CVW_SOURCE_DIR) + "/tests/pbx/sipp/register.xml", "-inf",
                       csv.string(), "127.0.0.1:" + std::to_string(pbx_port), "-i", "127.0.0.1", "-p", "0", "-m",
                       std::to_string(count), "-r", "500", "-timeout", "60", "-timeout_error", "-nostdin"},
                      dir / (name + "-register.log"));
    if (reg.wait(std::chrono::seconds(90)) != 0)
        throw std::runtime_error("registering " + name + " failed; see " + (dir / (name + "-register.log")).string());
}

/** The last lines of a log, for a failure message. */
std::string tail_of(const fs::path& p, std::size_t lines = 15) {
    const auto text = read_file(p);
    std::size_t at = text.size();
    for (std::size_t n = 0; n <= lines && at != std::string::npos && at > 0; ++n) at = text.rfind('\n', at - 1);
    return at == std::string::npos ? text : text.substr(at + 1);
}

struct settings {
    int callers = 800, callees = 4000, seconds = 10, hold_ms = 1000, simultaneous = 1000;
    int request_timeout_seconds = 32; ///< cvw's pbx.request_timeout_seconds: how long sofia keeps finished transactions
    std::vector<double> rates{100, 200, 300, 400, 500, 600};
    std::vector<double> reference_rates{300, 600, 1000, 1500};
    std::string server_bin;
};

/** CPU seconds of each process the benchmark runs, read at one moment. */
struct cpu_sample {
    double cvw = 0, kamailio = 0, desks = 0, callees = 0, bench = 0;
};

/** CPU seconds of this process, or of its children already waited for (`who` = RUSAGE_CHILDREN). */
double own_cpu_seconds(int who = RUSAGE_SELF) {
    rusage u{};
    getrusage(who, &u);
    auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return secs(u.ru_utime) + secs(u.ru_stime);
}

/**
 * One full measurement in a fresh directory: memory with calls held, the rate steps, CPU per call
 * and the Kamailio reference. `dialog_state`: the PBX tracks and publishes every call's dialog
 * state and cvw subscribes to each user's desk phone, as deployed with presence from the phone.
 * Throws, naming the part and the end of its log, as soon as a process it started dies.
 */
void run_mode(const settings& cfg, bool dialog_state) {
    const int callers = std::max(cfg.callers, cfg.simultaneous);
    char tmpl[] = "/tmp/cvw-c2c-bench-XXXXXX";
    const fs::path dir = mkdtemp(tmpl);
    std::printf("\n# %s\nwork dir %s\n",
                dialog_state ? "with the PBX publishing dialog state (presence from the desk phone)"
                             : "without dialog state (cvw's own ceiling)",
                dir.c_str());

    // Users with signed-in sessions, seeded directly.
    std::vector<std::string> cookies;
    {
        cvw::server::database db((dir / "cvw.db").string());
        cvw::server::user_store users(db);
        cvw::server::session_store sessions(db);
        const auto hash = cvw::server::hash_password("bench-password").value();
        db.transaction([&] {
            for (int i = 0; i < callers; ++i) {
                const auto id = users.add({.username = number_for("caller", i),
                                           .display_name = "Caller " + std::to_string(i),
                                           .number = number_for("+1425600", i),
                                           .password_hash = hash},
                                          0);
                const auto token = cvw::server::random_token();
                sessions.add(cvw::server::token_digest(token), *id, 0, INT64_MAX);
                cookies.push_back("cvw_session=" + token);
            }
        });
    }

    // The PBX (the tests' own Kamailio configuration, with room for the load) and the phones.
    const auto cvw_sip = cvw::test::free_sip_port();
    test_pbx::options how{.shared_memory_mb = 1024, .private_memory_mb = 32, .children = 4};
    if (!dialog_state) how.defines.emplace_back("WITHOUT_DIALOG_STATE");
    test_pbx pbx(dir / "pbx", cvw_sip, how);

    const auto desk_port = cvw::test::free_sip_port(), callee_port = cvw::test::free_sip_port();
    child_process desks({"sipp", "-sf", std::string(CVW_SOURCE_DIR) + "/tests/pbx/sipp/desk_phone_answer.xml", "-i",
                         "127.0.0.1", "-p", std::to_string(desk_port), "-mp", "30000", "-d", "100", "-nostdin",
                         "-trace_msg", "-message_file", (dir / "desk-messages.log").string(), "-max_recv_loops",
                         "10000"},
                        dir / "desk.log");
    child_process callee_phones({"sipp", "-sf", std::string(CVW_SOURCE_DIR) + "/tests/pbx/sipp/callee_answer.xml", "-i",
                                 "127.0.0.1", "-p", std::to_string(callee_port), "-mp", "32000", "-d", "100",
                                 "-nostdin", "-max_recv_loops", "10000"},
                                dir / "callees.log");
    cvw::test::wait_for_udp(desk_port, "sipp desk phones", dir / "desk.log");
    cvw::test::wait_for_udp(callee_port, "sipp callees", dir / "callees.log");
    register_phones(dir, "desks", "+1425600", callers, desk_port, pbx.port());
    register_phones(dir, "callees", "+1425700", cfg.callees, callee_port, pbx.port());

    std::string config = "[server]\nport = @PORT@\nallowed_origins = [\"" + std::string(origin) +
                         "\"]\ndatabase = \"cvw.db\"\nthreads = 2\nmax_connections_per_address = 0\n"
                         "[policy]\nglobal_caller_id = \"+14255550000\"\n"
                         "[dial_plan]\nallowed = [\"\\\\+1425\\\\d{7}\"]\n"
                         // Each caller places a call per hold time, far beyond a person: lift the caps.
                         "[call_limits]\nuser_calls_per_minute = 0\nuser_calls_per_day = 0\n"
                         "server_calls_per_second = 0\n"
                         "[pbx]\nproxy = \"sip:127.0.0.1:" +
                         std::to_string(pbx.port()) + "\"\nlisten = \"127.0.0.1:" + std::to_string(cvw_sip) +
                         "\"\nkeepalive_seconds = 0\nrtp_port_min = 20000\nrtp_port_max = 29999\n" +
                         "presence_subscriptions = " + (dialog_state ? "true" : "false") +
                         "\nrequest_timeout_seconds = " + std::to_string(cfg.request_timeout_seconds) + "\n";
    cvw::bench::server_process server(cfg.server_bin, dir, config);

    // Any part that dies ends the run at once, with its own words.
    auto check_parts = [&] {
        auto dead = [&](const std::string& what, const fs::path& log) {
            throw std::runtime_error(what + " exited during the benchmark; the end of " + log.string() + ":\n" +
                                     tail_of(log));
        };
        if (pbx.exited()) dead("kamailio", dir / "pbx/kamailio.log");
        if (desks.wait(std::chrono::milliseconds(0))) dead("the desk phones' sipp", dir / "desk.log");
        if (callee_phones.wait(std::chrono::milliseconds(0))) dead("the callees' sipp", dir / "callees.log");
        if (server.exited()) dead("cvw-server", dir / "server.log");
    };
    auto cpu_now = [&] {
        return cpu_sample{cvw::bench::cpu_seconds(server.pid()), cvw::bench::cpu_seconds(pbx.pid()),
                          cvw::bench::cpu_seconds(desks.pid()), cvw::bench::cpu_seconds(callee_phones.pid()),
                          own_cpu_seconds()};
    };

    net::io_context ioc;
    // Runs the benchmark's own event loop for `d`, checking the parts every 20 ms.
    auto run_for = [&](std::chrono::milliseconds d) {
        for (auto until = clock_type::now() + d; clock_type::now() < until;) {
            ioc.run_for(std::chrono::milliseconds(20));
            check_parts();
        }
    };

    std::vector<caller_tab> tabs(static_cast<std::size_t>(callers));
    std::map<std::string, std::size_t> tab_of_call;
    step_result* current = nullptr;
    std::vector<double> event_latency_ms;
    std::map<std::string, double> step_placed; // callee number -> wall clock of place_call, this step
    std::size_t connected_now = 0;
    bool hold_forever = false;

    auto on_message = [&](std::size_t index, std::string_view text) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_object() || j.value("type", "") != "call_state") return;
        auto& t = tabs[index];
        const auto state = j.value("state", "");
        if (t.call_id.empty()) {
            t.call_id = j.value("call_id", "");
            event_latency_ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t.placed).count());
        }
        if (state == "connected") {
            ++connected_now;
            if (current) ++current->connected;
            if (hold_forever) return;
            auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(cfg.hold_ms));
            timer->async_wait([&, index, timer](boost::system::error_code) {
                tabs[index].tab->send(R"({"type":"hang_up","call_id":")" + tabs[index].call_id + "\"}");
            });
        } else if (state == "ended") {
            if (j.value("connected_at", 0) > 0) --connected_now;
            const auto reason = j.value("reason", "");
            if (current) {
                ++current->reasons[reason];
                if (reason == "hung_up_by_user") ++current->completed;
                else ++current->failed;
            }
            t.busy = false;
            t.call_id.clear();
        }
    };
    for (std::size_t i = 0; i < tabs.size(); ++i) {
        tabs[i].tab = std::make_shared<cvw::bench::bench_tab>(
            ioc, cookies[i], origin, [&, i](cvw::bench::bench_tab&, std::string_view t) { on_message(i, t); });
        bool done = false;
        tabs[i].tab->start(server.port(), [&](bool) { done = true; });
        while (!done) {
            ioc.run_for(std::chrono::milliseconds(20));
            check_parts();
        }
    }
    std::cout << callers << " callers signed in\n";

    int callee_seq = 0;
    auto place_one = [&](double wall) -> bool {
        auto it = std::find_if(tabs.begin(), tabs.end(), [](const caller_tab& t) { return !t.busy; });
        if (it == tabs.end()) return false;
        const auto callee = number_for("+1425700", callee_seq++ % cfg.callees);
        it->busy = true;
        it->placed = clock_type::now();
        step_placed.emplace(callee, wall);
        it->tab->send(R"({"type":"place_call","destination":")" + callee + "\"}");
        return true;
    };
    auto run_rate = [&](double rate, int secs) {
        step_result r;
        r.rate = rate;
        current = &r;
        step_placed.clear();
        const auto start = clock_type::now();
        const long total = static_cast<long>(rate * secs);
        long no_caller = 0;
        while (r.placed + no_caller < total) {
            const double elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
            const long due = std::min(total, static_cast<long>(elapsed * rate));
            while (r.placed + no_caller < due) {
                if (place_one(wall_seconds())) ++r.placed;
                else ++no_caller;
            }
            ioc.run_for(std::chrono::milliseconds(1));
            check_parts();
        }
        r.failed += no_caller;
        const auto deadline = clock_type::now() + std::chrono::seconds(15);
        while (r.completed + r.failed < total && clock_type::now() < deadline) {
            ioc.run_for(std::chrono::milliseconds(10));
            check_parts();
        }
        r.failed += total - r.completed - r.failed;
        r.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
        current = nullptr;
        return r;
    };

    // Memory with `simultaneous` calls connected at once.
    const auto heap = [&] {
        return nlohmann::json::parse(server.health(), nullptr, false).value("heap_in_use_bytes", std::int64_t{0}) /
               1024;
    };
    const long rss_idle = server.rss_kib();
    const auto heap_idle = heap();
    hold_forever = true;
    connected_now = 0;
    step_result held;
    current = &held;
    for (int i = 0; i < cfg.simultaneous; ++i) {
        place_one(wall_seconds());
        if (i % 100 == 99) run_for(std::chrono::milliseconds(500)); // 200 calls/s
    }
    const auto deadline = clock_type::now() + std::chrono::seconds(30);
    while (connected_now < static_cast<std::size_t>(cfg.simultaneous) && clock_type::now() < deadline)
        run_for(std::chrono::milliseconds(20));
    const long rss_setup = server.rss_kib();
    const auto heap_setup = heap();
    // sofia keeps each finished transaction (and its messages) for 64*T1 = 32 s, as RFC 3261 asks;
    // after that only the dialogs of the held calls remain.
    run_for(std::chrono::seconds(40));
    const long rss_steady = server.rss_kib();
    const auto heap_steady = heap();
    const auto per_call = [&](long kib) {
        return connected_now ? static_cast<double>(kib) / static_cast<double>(connected_now) : 0.0;
    };
    std::printf("\n## memory\n%zu calls connected at once (of %d placed)\n", connected_now, cfg.simultaneous);
    std::printf(
        "heap in use: %ld KiB before, %ld KiB just after set-up (%.1f KiB per call, finished transactions still "
        "kept), %ld KiB 40 s later (%.1f KiB per call)\n",
        static_cast<long>(heap_idle), static_cast<long>(heap_setup),
        per_call(static_cast<long>(heap_setup - heap_idle)), static_cast<long>(heap_steady),
        per_call(static_cast<long>(heap_steady - heap_idle)));
    std::printf("server RSS: %ld KiB before, %ld KiB after set-up, %ld KiB 40 s later (glibc keeps freed pages)\n",
                rss_idle, rss_setup, rss_steady);
    for (auto& t : tabs)
        if (!t.call_id.empty()) t.tab->send(R"({"type":"hang_up","call_id":")" + t.call_id + "\"}");
    run_for(std::chrono::seconds(5));
    hold_forever = false;
    for (auto& t : tabs) t.busy = !t.call_id.empty();
    std::printf("\n## click-to-call rate steps (%d s each, %d ms hold)\n", cfg.seconds, cfg.hold_ms);
    std::printf("server RSS with %d callers signed in: %ld KiB\n", callers, server.rss_kib());
    std::printf("CPU ms per completed click-to-call, by process: cvw, kamailio (all workers), the desk phones' sipp, "
                "the callees' sipp, this benchmark (the tabs)\n");
    std::printf("| rate/s | placed | connected | completed | failed | failure %% | heap in use after | cvw | kamailio "
                "| desks | callees | tabs | note |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    double best = 0;
    std::vector<double> latency_at_100;
    std::map<std::string, double> first_placed_100;
    for (double rate : cfg.rates) {
        event_latency_ms.clear();
        const auto cpu_before = cpu_now();
        auto r = run_rate(rate, cfg.seconds);
        const auto cpu_after = cpu_now();
        const double done = static_cast<double>(std::max(r.completed, 1L)) / 1000.0; // ms per call (of at least one)
        const double failure = r.placed ? 100.0 * static_cast<double>(r.failed) / static_cast<double>(r.placed) : 100;
        std::string note;
        for (auto& [reason, n] : r.reasons)
            if (reason != "hung_up_by_user") note += reason + "=" + std::to_string(n) + " ";
        std::printf("| %.0f | %ld | %ld | %ld | %ld | %.2f | %ld KiB | %.2f | %.2f | %.2f | %.2f | %.2f | %s|\n", rate,
                    r.placed, r.connected, r.completed, r.failed, failure, static_cast<long>(heap()),
                    (cpu_after.cvw - cpu_before.cvw) / done, (cpu_after.kamailio - cpu_before.kamailio) / done,
                    (cpu_after.desks - cpu_before.desks) / done, (cpu_after.callees - cpu_before.callees) / done,
                    (cpu_after.bench - cpu_before.bench) / done, note.c_str());
        std::fflush(stdout);
        if (rate == 100) {
            latency_at_100 = event_latency_ms;
            first_placed_100 = step_placed;
        }
        if (failure < 0.1) best = rate;
        else break;
        run_for(std::chrono::seconds(2));
    }
    std::printf("highest sustained rate with < 0.1%% failed: %.0f calls/s\n", best);

    // Reference: Kamailio relaying plain sipp-to-sipp calls (INVITE/200/ACK, hold, BYE) to the same
    // desk phones, no cvw involved.
    std::printf("\n## reference: Kamailio relaying plain sipp calls (%d s each, %d ms hold)\n", cfg.seconds,
                cfg.hold_ms);
    std::printf("CPU ms per successful call: kamailio (all workers), the calling sipp, the desk phones' sipp\n");
    std::printf(
        "| rate/s | calls | successful | failed | kamailio | caller | desks |\n|---|---|---|---|---|---|---|\n");
    double reference_best = 0;
    for (double rate : cfg.reference_rates) {
        const long total = static_cast<long>(rate * cfg.seconds);
        const auto cpu_before = cpu_now();
        const double reaped_before = own_cpu_seconds(RUSAGE_CHILDREN);
        // clang-format off
        child_process uac({"sipp", "-sf", std::string(CVW_SOURCE_DIR) + "/tests/pbx/sipp/uac_call.xml",
                           "127.0.0.1:" + std::to_string(pbx.port()), "-s", number_for("+1425600", 0), "-i", "127.0.0.1",
                           "-p", "0", "-mp", "34000", "-r", std::to_string(static_cast<int>(rate)), "-m",
                           std::to_string(total), "-d", std::to_string(cfg.hold_ms), "-l", "20000", "-timeout",
                           std::to_string(cfg.seconds + 30), "-nostdin"},
                          dir / "reference.log");
        // clang-format on
        for (auto until = clock_type::now() + std::chrono::seconds(cfg.seconds + 40);
             clock_type::now() < until && !uac.wait(std::chrono::milliseconds(100));)
            check_parts();
        if (!uac.wait(std::chrono::milliseconds(0))) uac.terminate(); // calls stuck: it prints its totals as it stops
        const auto cpu_after = cpu_now();
        const double caller_cpu = own_cpu_seconds(RUSAGE_CHILDREN) - reaped_before; // the caller, once reaped
        const auto out = read_file(dir / "reference.log");
        auto last_count = [&](const std::string& label) {
            long n = 0;
            std::smatch m;
            for (auto it = out.cbegin();
                 std::regex_search(it, out.cend(), m, std::regex(label + "[^\\n]*\\|\\s*(\\d+)\\s*\\n"));
                 it = m.suffix().first)
                n = std::stol(m[1]);
            return n;
        };
        const long ok = last_count("Successful call"), bad = total - ok;
        const double done = static_cast<double>(ok) / 1000.0;
        auto ms_per_call = [&](double seconds) {
            return ok ? std::to_string(seconds / done).substr(0, 5) : std::string("-");
        };
        std::printf("| %.0f | %ld | %ld | %ld | %s | %s | %s |\n", rate, total, ok, bad,
                    ms_per_call(cpu_after.kamailio - cpu_before.kamailio).c_str(), ms_per_call(caller_cpu).c_str(),
                    ms_per_call(cpu_after.desks - cpu_before.desks).c_str());
        std::fflush(stdout);
        if (static_cast<double>(bad) < 0.001 * static_cast<double>(total)) reference_best = rate;
        else break;
    }
    std::printf("highest reference rate with < 0.1%% failed: %.0f calls/s; cvw click-to-call reached %.0f (%.0f%%; "
                "each click-to-call is two calls plus a re-INVITE through the PBX)\n",
                reference_best, best, reference_best > 0 ? 100.0 * best / reference_best : 0.0);

    // Click-to-first-INVITE as the desk phones saw it: sipp stamps each message with the wall
    // clock (local time, microseconds); callees are unique within the 100 calls/s step.
    std::vector<double> invite_ms;
    {
        const auto log = read_file(dir / "desk-messages.log");
        const std::regex invite(
            "-{47} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d):(\\d\\d\\.\\d+)\\n[^\\n]*received[^\\n]*\\n\\n"
            "INVITE [^\\n]*\\n(?:[^\\n]+\\n)*?From: \"cvw: call to (\\+1425700\\d{4})\"");
        std::map<std::string, bool> seen;
        for (std::sregex_iterator it(log.begin(), log.end(), invite), end; it != end; ++it) {
            const auto callee = (*it)[3].str();
            if (seen[callee] || !first_placed_100.count(callee)) continue; // first INVITE only, not the re-INVITE
            seen[callee] = true;
            std::tm tm{};
            strptime((*it)[1].str().c_str(), "%Y-%m-%d %H:%M", &tm);
            tm.tm_isdst = -1;
            const double at = static_cast<double>(mktime(&tm)) + std::stod((*it)[2]);
            invite_ms.push_back((at - first_placed_100[callee]) * 1000.0);
        }
    }
    std::printf("\n## click -> first INVITE at the desk phone (100 calls/s step)\n");
    std::printf("p50 %.2f ms  p99 %.2f ms  max %.2f ms  (%zu calls)\n", percentile(invite_ms, 50),
                percentile(invite_ms, 99),
                invite_ms.empty() ? 0.0 : *std::max_element(invite_ms.begin(), invite_ms.end()), invite_ms.size());

    std::printf("\n## WebSocket place_call -> first call_state back in the tab (at 100 calls/s)\n");
    std::printf("p50 %.2f ms  p99 %.2f ms  (%zu calls)\n", percentile(latency_at_100, 50),
                percentile(latency_at_100, 99), latency_at_100.size());
}

} // namespace

int main(int argc, char** argv) {
    settings cfg;
    cfg.server_bin = (fs::path(argv[0]).parent_path() / "../server/cvw-server").string();
    std::string dialog_state = "both";
    CLI::App app{"cvw click-to-call benchmark"};
    app.add_option("--server", cfg.server_bin, "cvw-server binary");
    app.add_option("--rates", cfg.rates, "call rates to try, calls per second, ascending");
    app.add_option("--reference-rates", cfg.reference_rates, "plain-call rates for the Kamailio reference");
    app.add_option("--seconds", cfg.seconds, "length of each rate step")->check(CLI::Range(1, 60));
    app.add_option("--hold-ms", cfg.hold_ms, "how long each connected call is held before hanging up");
    app.add_option("--callers", cfg.callers, "signed-in users placing calls (each has its own desk phone)");
    app.add_option("--callees", cfg.callees, "numbers called, registered to one sipp");
    app.add_option("--simultaneous", cfg.simultaneous, "calls held up at once for the memory measurement");
    app.add_option("--request-timeout-seconds", cfg.request_timeout_seconds,
                   "cvw's pbx.request_timeout_seconds (64*T1: how long finished non-INVITE transactions are kept)")
        ->check(CLI::Range(1, 64));
    app.add_option("--dialog-state", dialog_state,
                   "with the PBX publishing each call's dialog state to cvw (on), without (off), or both runs")
        ->check(CLI::IsMember({"on", "off", "both"}));
    CLI11_PARSE(app, argc, argv);

    std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress shows line by line when written to a file
    cvw::server::init_crypto();
    cvw::server::raise_file_limit();
    try {
        if (dialog_state != "on") run_mode(cfg, false);
        if (dialog_state != "off") run_mode(cfg, true);
    } catch (const std::exception& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "benchmark failed: %s\n", e.what());
        return 1;
    }
    return 0;
}
