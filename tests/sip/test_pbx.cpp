// Starting Kamailio and sipp phones, and waiting until they are ready.
#include "test_pbx.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cvw::test {

namespace fs = std::filesystem;

namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

} // namespace

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void wait_for_udp(std::uint16_t port, const std::string& what, const fs::path& log) {
    for (int i = 0; i < 500; ++i) {
        if (udp_port_in_use(port)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    auto text = read_file(log);
    if (text.size() > 2000) text = text.substr(text.size() - 2000);
    throw std::runtime_error(what + " did not start listening on UDP " + std::to_string(port) + "; its log ends:\n" +
                             text);
}

fs::path scenario(const std::string& name) { return fs::path(CVW_SOURCE_DIR) / "tests/pbx/sipp" / name; }

std::string filled_scenario(const fs::path& dir, const std::string& name,
                            const std::map<std::string, std::string>& fills) {
    auto text = read_file(scenario(name));
    for (const auto& [key, value] : fills) {
        const auto placeholder = "@" + key + "@";
        for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
            text.replace(at, placeholder.size(), value);
    }
    const auto path = dir / name;
    std::ofstream(path) << text;
    return path.string();
}

void make_test_certificates(const fs::path& dir) {
    fs::create_directories(dir / "cvw");
    fs::create_directories(dir / "untrusting");
    auto openssl = [&](std::vector<std::string> args) {
        args.insert(args.begin(), "openssl");
        child_process p(args, dir / "openssl.log");
        if (p.wait(std::chrono::seconds(30)) != 0)
            throw std::runtime_error("openssl failed; see " + (dir / "openssl.log").string());
    };
    auto path = [&](const char* name) { return (dir / name).string(); };
    std::ofstream(dir / "san.ext") << "subjectAltName=IP:127.0.0.1\n";
    for (const char* ca : {"ca", "other-ca"})
        openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                 std::string("/CN=cvw test ") + ca, "-keyout", path(ca) + "-key.pem", "-out", path(ca) + ".pem"});
    for (const char* who : {"pbx", "agent"}) {
        openssl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", path(who) + "-key.pem",
                 "-out", path(who) + ".csr"});
        openssl({"x509", "-req", "-in", path(who) + ".csr", "-CA", path("ca.pem"), "-CAkey", path("ca-key.pem"),
                 "-CAcreateserial", "-days", "2", "-extfile", path("san.ext"), "-out", path(who) + "-cert.pem"});
    }
    const auto agent = read_file(dir / "agent-key.pem") + read_file(dir / "agent-cert.pem");
    std::ofstream(dir / "cvw/agent.pem") << agent;
    std::ofstream(dir / "cvw/cafile.pem") << read_file(dir / "ca.pem");
    std::ofstream(dir / "untrusting/agent.pem") << agent;
    std::ofstream(dir / "untrusting/cafile.pem") << read_file(dir / "other-ca.pem");
}

test_pbx::test_pbx(const fs::path& dir, std::uint16_t cvw_port, const options& how)
    : dir_(dir), port_(free_port_block(2)) {
    const auto& defines = how.defines;
    if (std::ranges::find(defines, "WITH_TLS") != defines.end()) {
        make_test_certificates(dir / "tls");
        std::ofstream(dir / "tls.cfg") << "[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n"
                                       << "require_certificate = no\nprivate_key = "
                                       << (dir / "tls/pbx-key.pem").string()
                                       << "\ncertificate = " << (dir / "tls/pbx-cert.pem").string()
                                       << "\n\n[client:default]\nverify_certificate = no\nrequire_certificate = no\n"
                                       << "private_key = " << (dir / "tls/pbx-key.pem").string()
                                       << "\ncertificate = " << (dir / "tls/pbx-cert.pem").string() << "\n";
    }
    // The presence modules keep everything in memory but check their tables' versions at start.
    fs::create_directories(dir / "db");
    std::istringstream tables(read_file(fs::path(CVW_SOURCE_DIR) / "tests/pbx/db_text_tables"));
    for (std::string table; std::getline(tables, table);)
        if (!table.empty())
            fs::copy_file(fs::path("/usr/share/kamailio/dbtext/kamailio") / table, dir / "db" / table,
                          fs::copy_options::overwrite_existing);
    auto cfg = read_file(fs::path(CVW_SOURCE_DIR) / "tests/pbx/kamailio.cfg.in");
    replace_all(cfg, "@PBX_PORT@", std::to_string(port_));
    replace_all(cfg, "@TLS_PORT@", std::to_string(tls_port()));
    replace_all(cfg, "@CVW_PORT@", std::to_string(cvw_port));
    replace_all(cfg, "@RUN_DIR@", dir.string());
    replace_all(cfg, "\nchildren=2\n", "\nchildren=" + std::to_string(how.children) + "\n");
    replace_all(cfg, "\ntcp_children=2\n", "\ntcp_children=" + std::to_string(how.children) + "\n");
    std::ofstream(dir / "kamailio.cfg") << cfg;
    // clang-format off: one option and its value a pair
    std::vector<std::string> argv{"kamailio",
                                  "-DD",
                                  "-E",
                                  "-f",
                                  (dir / "kamailio.cfg").string(),
                                  "-m",
                                  std::to_string(how.shared_memory_mb),
                                  "-M",
                                  std::to_string(how.private_memory_mb),
                                  "-P",
                                  (dir / "kamailio.pid").string()};
    // clang-format on
    for (const auto& name : defines) argv.insert(argv.end(), {"-A", name});
    process_ = std::make_unique<child_process>(argv, dir / "kamailio.log");
    wait_for_udp(port_, "kamailio", dir / "kamailio.log");
}

std::string test_pbx::log() const { return read_file(dir_ / "kamailio.log"); }

sipp_phone::sipp_phone(const fs::path& dir, const std::string& scenario_name, const std::string& extension,
                       const test_pbx& pbx, int ring_ms, int calls)
    : log_(dir / (extension + "-messages.log")), extension_(extension), media_port_(free_port_block(4)) {
    const auto port = free_port_block(1);
    const auto scenario_file = fs::path(scenario_name).is_absolute() ? scenario_name : scenario(scenario_name).string();
    // clang-format off
    process_ = std::make_unique<child_process>(
        std::vector<std::string>{"sipp", "-sf", scenario_file,
                                 "-i", "127.0.0.1", "-p", std::to_string(port), "-mp", std::to_string(media_port_),
                                 "-s", extension, "-d", std::to_string(ring_ms), "-m", std::to_string(calls),
                                 "-timeout", "60", "-timeout_error",
                                 "-trace_msg", "-message_file", log_.string(), "-nostdin"},
        dir / (extension + "-sipp.log"));
    // clang-format on
    wait_for_udp(port, "sipp phone " + extension, dir / (extension + "-sipp.log"));

    // Register the phone's address at the PBX so calls to its extension reach it.
    const auto csv = dir / (extension + "-users.csv");
    std::ofstream(csv) << "SEQUENTIAL\n" << extension << ";" << port << ";\n";
    child_process reg({"sipp", "-sf", scenario("register.xml").string(), "-inf", csv.string(),
                       "127.0.0.1:" + std::to_string(pbx.port()), "-i", "127.0.0.1", "-p", "0", "-m", "1", "-timeout",
                       "10", "-timeout_error", "-nostdin"},
                      dir / (extension + "-register.log"));
    if (reg.wait(std::chrono::seconds(15)) != 0)
        throw std::runtime_error("registering phone " + extension + " failed; see " + dir.string());
}

std::string sipp_phone::messages() const { return read_file(log_); }

sipp_caller::sipp_caller(const fs::path& dir, const std::string& scenario_name, const std::string& address,
                         const std::string& number, const test_pbx& pbx, int talk_ms)
    : log_(dir / ("caller-" + address + "-messages.log")), media_port_(free_port_block(4)) {
    // clang-format off
    process_ = std::make_unique<child_process>(
        std::vector<std::string>{"sipp", "-sf", scenario(scenario_name).string(),
                                 "127.0.0.1:" + std::to_string(pbx.port()), "-i", "127.0.0.1", "-p",
                                 std::to_string(free_port_block(1)), "-mp", std::to_string(media_port_), "-s", address,
                                 "-key", "caller", number, "-d", std::to_string(talk_ms), "-m", "1",
                                 "-timeout", "60", "-timeout_error",
                                 "-trace_msg", "-message_file", log_.string(), "-nostdin"},
        dir / ("caller-" + address + "-sipp.log"));
    // clang-format on
}

std::string sipp_caller::messages() const { return read_file(log_); }

} // namespace cvw::test
