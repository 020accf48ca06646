// Starting Kamailio and sipp phones, and waiting until they are ready.
#include "test_pbx.hpp"

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

test_pbx::test_pbx(const fs::path& dir, std::uint16_t cvw_port) : dir_(dir), port_(free_port_block(1)) {
    auto cfg = read_file(fs::path(CVW_SOURCE_DIR) / "tests/pbx/kamailio.cfg.in");
    replace_all(cfg, "@PBX_PORT@", std::to_string(port_));
    replace_all(cfg, "@CVW_PORT@", std::to_string(cvw_port));
    replace_all(cfg, "@RUN_DIR@", dir.string());
    std::ofstream(dir / "kamailio.cfg") << cfg;
    process_ = std::make_unique<child_process>(
        std::vector<std::string>{"kamailio", "-f", (dir / "kamailio.cfg").string(), "-DD", "-E", "-m", "64", "-M", "8",
                                 "-P", (dir / "kamailio.pid").string()},
        dir / "kamailio.log");
    wait_for_udp(port_, "kamailio", dir / "kamailio.log");
}

std::string test_pbx::log() const { return read_file(dir_ / "kamailio.log"); }

sipp_phone::sipp_phone(const fs::path& dir, const std::string& scenario_name, const std::string& extension,
                       const test_pbx& pbx, int ring_ms)
    : log_(dir / (extension + "-messages.log")), extension_(extension), media_port_(free_port_block(4)) {
    const auto port = free_port_block(1);
    process_ = std::make_unique<child_process>(
        std::vector<std::string>{"sipp", "-sf",
                                 fs::path(scenario_name).is_absolute() ? scenario_name : scenario(scenario_name).string(), "-i", "127.0.0.1", "-p",
                                 std::to_string(port), "-mp", std::to_string(media_port_), "-s", extension, "-d",
                                 std::to_string(ring_ms), "-m", "1", "-timeout", "60", "-timeout_error", "-trace_msg",
                                 "-message_file", log_.string(), "-nostdin"},
        dir / (extension + "-sipp.log"));
    wait_for_udp(port, "sipp phone " + extension, dir / (extension + "-sipp.log"));

    // Register the phone's address at the PBX so calls to its extension reach it.
    const auto csv = dir / (extension + "-users.csv");
    std::ofstream(csv) << "SEQUENTIAL\n" << extension << ";" << port << ";\n";
    child_process reg({"sipp", "-sf", scenario("register.xml").string(), "-inf", csv.string(),
                       "127.0.0.1:" + std::to_string(pbx.port()), "-i", "127.0.0.1", "-p",
                       "0", "-m", "1", "-timeout", "10", "-timeout_error", "-nostdin"},
                      dir / (extension + "-register.log"));
    if (reg.wait(std::chrono::seconds(15)) != 0)
        throw std::runtime_error("registering phone " + extension + " failed; see " + dir.string());
}

std::string sipp_phone::messages() const { return read_file(log_); }

} // namespace cvw::test
