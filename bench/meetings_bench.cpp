// Benchmark: meetings held through the real parts, all on loopback: cvw-server, the test Kamailio,
// Janus AudioBridge (started as scripts/run.sh starts it), one sipp answering as every desk phone
// (bench/sipp/meeting_phone.xml), and this program as every phone's audio (bench/meeting_audio).
// Users meet in rooms of five: the first clicks Meet now, the others Join once the meeting exists,
// paced at a fixed rate. With everyone in, it measures over a window: each phone's mix arriving
// without gaps, the latency the mixer path adds (a burst's onset at one phone to the first loud
// frame at each other phone of the room), and the CPU each process used; from sipp's trace, click
// to first INVITE at the desk phone. It stops at once when a part it started dies.
#include "app/server.hpp"
#include "auth/password.hpp"
#include "bench_tab.hpp"
#include "meeting_audio.hpp"
#include "percentile.hpp"
#include "process_cpu.hpp"
#include "server_process.hpp"
#include "store/database.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"
#include "../tests/meetings/test_janus.hpp"
#include "../tests/sip/test_pbx.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

namespace net = boost::asio;
namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;
using cvw::test::child_process;

namespace {

constexpr const char* origin = "http://bench.local";

struct settings {
    int participants = 200;
    int room_size = 5;
    double joins_per_second = 20;
    int seconds = 20;
    bool talking_indicator = true; ///< phones' RTP through cvw's relay (the default), or straight to Janus
    std::string server_bin;
};

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string tail_of(const fs::path& p, std::size_t lines = 15) {
    const auto text = read_file(p);
    std::size_t at = text.size();
    for (std::size_t n = 0; n <= lines && at != std::string::npos && at > 0; ++n) at = text.rfind('\n', at - 1);
    return at == std::string::npos ? text : text.substr(at + 1);
}

double wall_seconds() {
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

/** A desk number that names the port its audio is at: +142590PPPPP. */
std::string number_at(std::uint16_t port) { return "+142590" + std::to_string(port); }

/** Registers every number to the one sipp that answers them all. */
void register_numbers(const fs::path& dir, const std::vector<std::string>& numbers, std::uint16_t phone_port,
                      std::uint16_t pbx_port) {
    const auto csv = dir / "numbers.csv";
    std::ofstream out(csv);
    out << "SEQUENTIAL\n";
    for (const auto& n : numbers) out << n << ";" << phone_port << ";\n";
    out.close();
    child_process reg({"sipp", "-sf", std::string(CVW_SOURCE_DIR) + "/tests/pbx/sipp/register.xml", "-inf",
                       csv.string(), "127.0.0.1:" + std::to_string(pbx_port), "-i", "127.0.0.1", "-p", "0", "-m",
                       std::to_string(numbers.size()), "-r", "500", "-timeout", "60", "-timeout_error", "-nostdin"},
                      dir / "register.log");
    if (reg.wait(std::chrono::seconds(90)) != 0)
        throw std::runtime_error("registering the desk numbers failed; see " + (dir / "register.log").string());
}

struct user_tab {
    std::shared_ptr<cvw::bench::bench_tab> tab;
    int room = 0;
    bool organizer = false;
    bool asked = false; ///< meet_now or join_meeting sent
    double clicked = 0; ///< wall clock when it was sent
    bool in = false;    ///< its phone is in the meeting
    std::string ended;  ///< why its way in ended, if it did
};

void run(const settings& cfg) {
    char tmpl[] = "/tmp/cvw-meetings-bench-XXXXXX";
    const fs::path dir = mkdtemp(tmpl);
    std::printf("work dir %s; talking indicator %s\n", dir.c_str(), cfg.talking_indicator ? "on" : "off");
    const int n = cfg.participants;
    const int rooms = (n + cfg.room_size - 1) / cfg.room_size;

    cvw::bench::meeting_audio audio(n, cfg.room_size);

    // Users with signed-in sessions, seeded directly; each one's desk number names its audio port.
    std::vector<std::string> cookies, numbers;
    {
        cvw::server::database db((dir / "cvw.db").string());
        cvw::server::user_store users(db);
        cvw::server::session_store sessions(db);
        const auto hash = cvw::server::hash_password("bench-password").value();
        db.transaction([&] {
            for (int i = 0; i < n; ++i) {
                numbers.push_back(number_at(audio.port(i)));
                const auto id = users.add({.username = "user" + std::to_string(i),
                                           .display_name = "User " + std::to_string(i),
                                           .number = numbers.back(),
                                           .password_hash = hash},
                                          0);
                const auto token = cvw::server::random_token();
                sessions.add(cvw::server::token_digest(token), *id, 0, INT64_MAX);
                cookies.push_back("cvw_session=" + token);
            }
        });
    }

    const auto cvw_sip = cvw::test::free_sip_port();
    cvw::test::test_pbx pbx(
        dir / "pbx", cvw_sip,
        cvw::test::test_pbx::options{.shared_memory_mb = 256, .private_memory_mb = 16, .children = 4});
    cvw::test::test_janus janus(dir, 2 * n + 100); // Janus takes even ports only
    const auto phone_port = cvw::test::free_sip_port();
    child_process phones({"sipp", "-sf", std::string(CVW_SOURCE_DIR) + "/bench/sipp/meeting_phone.xml", "-i",
                          "127.0.0.1", "-p", std::to_string(phone_port), "-mp", "30000", "-nostdin", "-trace_msg",
                          "-message_file", (dir / "phone-messages.log").string(), "-trace_logs", "-log_file",
                          (dir / "seats.log").string(), "-max_recv_loops", "10000"},
                         dir / "phones.log");
    cvw::test::wait_for_udp(phone_port, "sipp desk phones", dir / "phones.log");
    register_numbers(dir, numbers, phone_port, pbx.port());

    const auto janus_api = janus.settings().port;
    const std::string config =
        "[server]\nport = @PORT@\nallowed_origins = [\"" + std::string(origin) +
        "\"]\ndatabase = \"cvw.db\"\nthreads = 2\nmax_connections_per_address = 0\n"
        "[policy]\nglobal_caller_id = \"+14255550000\"\n"
        "[dial_plan]\nallowed = [\"\\\\+1425\\\\d{7}\"]\n"
        "[call_limits]\nuser_calls_per_minute = 0\nuser_calls_per_day = 0\nserver_calls_per_second = 0\n"
        "[pbx]\nproxy = \"sip:127.0.0.1:" +
        std::to_string(pbx.port()) + "\"\nlisten = \"127.0.0.1:" + std::to_string(cvw_sip) +
        "\"\nkeepalive_seconds = 0\nrtp_port_min = 20000\nrtp_port_max = 29999\npresence_subscriptions = false\n"
        "[meetings]\nmixer_api = \"127.0.0.1:" +
        std::to_string(janus_api) + "\"\nmixer_secrets = \"" + (dir / "janus").string() +
        "\"\nbridge_number = \"+14255550199\"\ntalking_indicator = " + (cfg.talking_indicator ? "true" : "false") +
        "\n";
    cvw::bench::server_process server(cfg.server_bin, dir, config);

    auto check_parts = [&] {
        auto dead = [&](const std::string& what, const fs::path& log) {
            throw std::runtime_error(what + " exited during the benchmark; the end of " + log.string() + ":\n" +
                                     tail_of(log));
        };
        if (pbx.exited()) dead("kamailio", dir / "pbx/kamailio.log");
        if (janus.exited()) dead("janus", dir / "janus/janus.log");
        if (phones.wait(std::chrono::milliseconds(0))) dead("the desk phones' sipp", dir / "phones.log");
        if (server.exited()) dead("cvw-server", dir / "server.log");
    };

    net::io_context ioc;
    // Seats as the phones hear of them (sipp's log of each re-INVITE), fed to the audio.
    std::size_t seats_read = 0;
    int seated = 0;
    auto read_seats = [&] {
        const auto text = read_file(dir / "seats.log");
        static const std::regex seat("seat (\\d+) (\\d+)");
        for (auto it = std::sregex_iterator(text.begin() + static_cast<std::ptrdiff_t>(seats_read), text.end(), seat);
             it != std::sregex_iterator(); ++it) {
            audio.seated(static_cast<std::uint16_t>(std::stoi((*it)[1])),
                         static_cast<std::uint16_t>(std::stoi((*it)[2])));
            ++seated;
        }
        const auto last_line = text.rfind('\n');
        if (last_line != std::string::npos) seats_read = last_line + 1;
    };
    auto run_for = [&](std::chrono::milliseconds d) {
        for (auto until = clock_type::now() + d; clock_type::now() < until;) {
            ioc.run_for(std::chrono::milliseconds(20));
            read_seats();
            check_parts();
        }
    };

    std::vector<user_tab> users(static_cast<std::size_t>(n));
    std::vector<std::string> meeting_of(static_cast<std::size_t>(rooms));
    int in = 0, ended = 0;
    for (int i = 0; i < n; ++i) {
        auto& u = users[static_cast<std::size_t>(i)];
        u.room = i / cfg.room_size;
        u.organizer = i % cfg.room_size == 0;
        u.tab = std::make_shared<cvw::bench::bench_tab>(
            ioc, cookies[static_cast<std::size_t>(i)], origin, [&, i](cvw::bench::bench_tab&, std::string_view text) {
                const auto j = nlohmann::json::parse(text, nullptr, false);
                if (!j.is_object() || j.value("type", "") != "meeting_state") return;
                auto& me = users[static_cast<std::size_t>(i)];
                if (me.organizer && meeting_of[static_cast<std::size_t>(me.room)].empty())
                    meeting_of[static_cast<std::size_t>(me.room)] = j.value("meeting_id", "");
                const auto state = j.value("state", "");
                if (state == "in_meeting" && !me.in) {
                    me.in = true;
                    ++in;
                } else if (state == "ended" && me.ended.empty()) {
                    me.ended = j.value("reason", "?");
                    ++ended;
                }
            });
    }
    int welcomed = 0;
    for (auto& u : users) u.tab->start(server.port(), [&](bool ok) { welcomed += ok ? 1 : 0; });
    for (auto until = clock_type::now() + std::chrono::seconds(30); welcomed < n && clock_type::now() < until;)
        run_for(std::chrono::milliseconds(20));
    if (welcomed < n) throw std::runtime_error(std::to_string(n - welcomed) + " tabs were not welcomed");
    // The mixer link comes up a moment after the server starts.
    run_for(std::chrono::seconds(2));

    // Clicks, paced: each room's organizer first, then the others once the meeting exists.
    std::printf("joining %d participants in %d rooms of %d at %.0f joins/s\n", n, rooms, cfg.room_size,
                cfg.joins_per_second);
    const auto cpu_before_joins = cvw::bench::cpu_seconds(server.pid());
    const auto pace =
        std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(1.0 / cfg.joins_per_second));
    auto next_click = clock_type::now();
    const auto joins_started = clock_type::now();
    std::size_t next = 0;
    while (in + ended < n && clock_type::now() - joins_started < std::chrono::seconds(120)) {
        if (next < users.size() && clock_type::now() >= next_click) {
            auto& u = users[next];
            const auto& meeting = meeting_of[static_cast<std::size_t>(u.room)];
            if (u.organizer || !meeting.empty()) {
                u.clicked = wall_seconds();
                u.asked = true;
                u.tab->send(u.organizer ? R"({"type":"meet_now","subject":"Bench room"})"
                                        : R"({"type":"join_meeting","meeting_id":")" + meeting + "\"}");
                ++next;
                next_click += pace;
            }
        }
        run_for(std::chrono::milliseconds(5));
    }
    const double join_seconds = std::chrono::duration<double>(clock_type::now() - joins_started).count();
    std::map<std::string, int> reasons;
    for (const auto& u : users)
        if (!u.ended.empty()) ++reasons[u.ended];
    std::printf("in the meeting: %d of %d after %.1f s (%d ended:", in, n, join_seconds, ended);
    for (const auto& [why, count] : reasons) std::printf(" %s %d", why.c_str(), count);
    std::printf("); %d phones seated; cvw CPU for the joins %.2f s\n", seated,
                cvw::bench::cpu_seconds(server.pid()) - cpu_before_joins);

    // Everyone in: settle, then measure a window.
    run_for(std::chrono::seconds(3));
    const long rss_kib = server.rss_kib();
    const std::array cpu_start{cvw::bench::cpu_seconds(server.pid()), cvw::bench::cpu_seconds(janus.pid()),
                               cvw::bench::cpu_seconds(pbx.pid()), cvw::bench::cpu_seconds(phones.pid())};
    audio.start_window();
    run_for(std::chrono::seconds(cfg.seconds));
    auto r = audio.end_window();
    const std::array cpu_end{cvw::bench::cpu_seconds(server.pid()), cvw::bench::cpu_seconds(janus.pid()),
                             cvw::bench::cpu_seconds(pbx.pid()), cvw::bench::cpu_seconds(phones.pid())};
    std::printf("health: %s\n", server.health().c_str());

    std::sort(r.latency_ms.begin(), r.latency_ms.end());
    std::printf("\n## %d participants held for %d s (rooms of %d, one speaker each)\n", in, cfg.seconds, cfg.room_size);
    std::printf("mix frames received %ld of %ld expected (%.2f%%); phones with a gap of 100 ms or more: %ld; "
                "longest gap %.0f ms\n",
                r.frames_received, r.frames_expected,
                r.frames_expected
                    ? 100.0 * static_cast<double>(r.frames_received) / static_cast<double>(r.frames_expected)
                    : 0.0,
                r.phones_with_gaps, r.longest_gap_ms);
    std::printf("mixer path latency (burst onset -> first loud frame at a listener): p50 %.0f ms  p99 %.0f ms  "
                "max %.0f ms  (%zu onsets heard, %ld missed)\n",
                cvw::bench::percentile(r.latency_ms, 50), cvw::bench::percentile(r.latency_ms, 99),
                r.latency_ms.empty() ? 0.0 : r.latency_ms.back(), r.latency_ms.size(), r.bursts_missed);
    const auto cores = [&](std::size_t i) { return (cpu_end[i] - cpu_start[i]) / cfg.seconds; };
    std::printf("CPU over the window, cores busy: cvw %.2f  janus %.2f  kamailio %.2f  sipp %.2f; cvw RSS %ld KiB\n",
                cores(0), cores(1), cores(2), cores(3), rss_kib);

    // Click to first INVITE, as the desk phones' sipp stamped it (wall clock, local time).
    std::vector<double> invite_ms;
    {
        std::map<std::string, double> clicked;
        for (std::size_t i = 0; i < users.size(); ++i)
            if (users[i].asked) clicked[numbers[i]] = users[i].clicked;
        const auto log = read_file(dir / "phone-messages.log");
        const std::regex invite(
            "-{47} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d):(\\d\\d\\.\\d+)\\n[^\\n]*received[^\\n]*\\n\\n"
            "INVITE sip:(\\+142590\\d{5})@");
        for (std::sregex_iterator it(log.begin(), log.end(), invite), end; it != end; ++it) {
            const auto found = clicked.find((*it)[3].str());
            if (found == clicked.end()) continue;
            std::tm tm{};
            strptime((*it)[1].str().c_str(), "%Y-%m-%d %H:%M", &tm);
            tm.tm_isdst = -1;
            const double at = static_cast<double>(mktime(&tm)) + std::stod((*it)[2]);
            invite_ms.push_back((at - found->second) * 1000.0);
            clicked.erase(found); // the first INVITE only; re-INVITEs go to the phone's contact
        }
    }
    std::sort(invite_ms.begin(), invite_ms.end());
    std::printf("click (meet_now / join_meeting) -> first INVITE at the desk phone: p50 %.2f ms  p99 %.2f ms  "
                "max %.2f ms  (%zu joins)\n",
                cvw::bench::percentile(invite_ms, 50), cvw::bench::percentile(invite_ms, 99),
                invite_ms.empty() ? 0.0 : invite_ms.back(), invite_ms.size());
    for (auto& u : users) u.tab->close();
    ioc.run_for(std::chrono::milliseconds(200));
}

} // namespace

int main(int argc, char** argv) {
    settings cfg;
    cfg.server_bin = (fs::path(argv[0]).parent_path() / "../server/cvw-server").string();
    CLI::App app{"cvw meetings benchmark"};
    app.add_option("--server", cfg.server_bin, "cvw-server binary");
    app.add_option("--participants", cfg.participants, "phones in meetings at once")->check(CLI::Range(2, 1000));
    app.add_option("--room-size", cfg.room_size, "participants to a meeting")->check(CLI::Range(2, 50));
    app.add_option("--joins-per-second", cfg.joins_per_second, "how fast people click Meet now / Join")
        ->check(CLI::Range(0.5, 200.0));
    app.add_option("--seconds", cfg.seconds, "length of the measurement window")->check(CLI::Range(2, 120));
    std::string talking = "on";
    app.add_option("--talking-indicator", talking,
                   "on: each phone's RTP passes through cvw, which hears who talks; off: straight to Janus")
        ->check(CLI::IsMember({"on", "off"}));
    CLI11_PARSE(app, argc, argv);
    cfg.talking_indicator = talking == "on";

    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    cvw::server::init_crypto();
    cvw::server::raise_file_limit();
    try {
        run(cfg);
    } catch (const std::exception& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "benchmark failed: %s\n", e.what());
        return 1;
    }
    return 0;
}
