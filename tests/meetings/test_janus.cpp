#include "test_janus.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace cvw::test {

namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A connect to a loopback port nobody listens on can still succeed when the kernel happens to pick
// that same port as the source (TCP simultaneous open with itself); that is not Janus.
bool accepts_tcp(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
    sockaddr_in local{};
    socklen_t len = sizeof local;
    if (ok && ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) == 0) ok = local.sin_port != a.sin_port;
    ::close(fd);
    return ok;
}

} // namespace

test_janus::test_janus(const std::filesystem::path& dir, int rtp_ports)
    : rtp_port_count_(rtp_ports), dir_(dir / "janus"), api_port_(free_port_block(1)),
      rtp_min_(free_port_block(rtp_ports)) {
    start();
}

void test_janus::start() {
    const auto ports = std::to_string(rtp_min_) + "-" + std::to_string(rtp_port_max());
    process_ =
        std::make_unique<child_process>(std::vector<std::string>{std::string(CVW_SOURCE_DIR) + "/scripts/janus.sh",
                                                                 dir_.string(), std::to_string(api_port_), ports},
                                        dir_.parent_path() / "janus-stdout.log");
    // Janus loads its plugin before its transport, so an open API port means the mixer is ready.
    for (int i = 0; i < 200 && !accepts_tcp(api_port_); ++i) {
        if (process_->wait(std::chrono::milliseconds(0))) throw std::runtime_error("janus exited at start:\n" + log());
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    if (!accepts_tcp(api_port_)) throw std::runtime_error("janus did not open its API port:\n" + log());
}

void test_janus::kill() {
    ::kill(process_->pid(), SIGKILL);
    process_->wait(std::chrono::seconds(5));
}

server::janus_settings test_janus::settings() const {
    return server::janus_settings{.host = "127.0.0.1",
                                  .port = api_port_,
                                  .api_secret = read_file(dir_ / "api_secret"),
                                  .keepalive = std::chrono::milliseconds(5000),
                                  .request_timeout = std::chrono::milliseconds(3000),
                                  .reconnect_delay = std::chrono::milliseconds(200)};
}

std::string test_janus::admin_key() const { return read_file(dir_ / "admin_key"); }

std::string test_janus::log() const { return read_file(dir_ / "janus.log"); }

} // namespace cvw::test
