// Child-process management for the benchmarks.
#include "server_process.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cvw::bench {

namespace net = boost::asio;
using tcp = net::ip::tcp;

std::uint16_t free_loopback_port() {
    net::io_context ioc;
    tcp::acceptor a(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

server_process::server_process(const std::filesystem::path& server_binary, const std::filesystem::path& dir,
                               const std::string& config_text) {
    port_ = free_loopback_port();
    std::string text = config_text;
    for (auto at = text.find("@PORT@"); at != std::string::npos; at = text.find("@PORT@"))
        text.replace(at, 6, std::to_string(port_));
    const auto config = dir / "cvw.toml";
    std::ofstream(config) << text;

    // posix_spawn: a forked child of this multi-threaded process must not allocate before exec.
    const auto log = dir / "server.log";
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDERR_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::string binary = server_binary.string(), flag = "-c", config_path = config.string();
    char* argv[] = {binary.data(), flag.data(), config_path.data(), nullptr};
    const int error = posix_spawn(&pid_, binary.c_str(), &files, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&files);
    if (error != 0) {
        pid_ = -1;
        throw std::runtime_error("could not start " + binary + ": " + std::strerror(error));
    }
    // Wait until it accepts connections.
    for (int i = 0; i < 200 && !exited(); ++i) {
        net::io_context ioc;
        tcp::socket s(ioc);
        boost::system::error_code ec;
        s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
        if (!ec) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    throw std::runtime_error("cvw-server did not start; see " + (dir / "server.log").string());
}

bool server_process::exited() {
    if (!exited_ && pid_ > 0) {
        int status = 0;
        exited_ = waitpid(pid_, &status, WNOHANG) == pid_;
    }
    return exited_;
}

server_process::~server_process() {
    if (pid_ <= 0 || exited()) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
}

std::string server_process::health() const {
    net::io_context ioc;
    tcp::socket s(ioc);
    boost::system::error_code ec;
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
    if (ec) return "{}";
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    net::write(s, net::buffer(request), ec);
    std::string response;
    std::array<char, 4096> buf{};
    for (;;) {
        const auto n = s.read_some(net::buffer(buf), ec);
        response.append(buf.data(), n);
        if (ec) break;
    }
    const auto body = response.find("\r\n\r\n");
    return body == std::string::npos ? "{}" : response.substr(body + 4);
}

long server_process::rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

} // namespace cvw::bench
