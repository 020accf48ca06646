// Starting child processes (posix_spawn) and probing ports for the SIP test harness.
#include "child_process.hpp"

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace cvw::test {

child_process::child_process(const std::vector<std::string>& argv, const std::filesystem::path& output) {
    // posix_spawn, not fork: after fork() in this multi-threaded process the child may only call
    // async-signal-safe functions, and an allocation there can wait forever on a lock another
    // thread held at the fork (ASan's allocator makes that likely), so a phone never started.
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&files, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP); // its own group: kamailio forks workers
    posix_spawnattr_setpgroup(&attributes, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int error = posix_spawnp(&pid_, args[0], &files, &attributes, args.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&files);
    if (error != 0) {
        pid_ = -1;
        throw std::runtime_error("could not start " + argv[0] + ": " + std::strerror(error));
    }
}

child_process::~child_process() { terminate(); }

std::optional<int> child_process::wait(std::chrono::milliseconds timeout) {
    if (status_) return status_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            return status_;
        }
        if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void child_process::terminate() {
    if (pid_ <= 0 || status_) return;
    kill(-pid_, SIGTERM); // the whole group: kamailio forks workers
    if (!wait(std::chrono::seconds(3))) {
        kill(-pid_, SIGKILL);
        wait(std::chrono::seconds(3));
    }
}

namespace {
int bound_socket(int type, std::uint16_t port) {
    const int fd = socket(AF_INET, type, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}
} // namespace

std::uint16_t free_sip_port() {
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int udp = bound_socket(SOCK_DGRAM, 0);
        sockaddr_in addr{};
        socklen_t len = sizeof addr;
        getsockname(udp, reinterpret_cast<sockaddr*>(&addr), &len);
        const auto port = ntohs(addr.sin_port);
        close(udp);
        const int tcp = bound_socket(SOCK_STREAM, port);
        if (tcp >= 0) {
            close(tcp);
            return port;
        }
    }
    return 0;
}

std::uint16_t free_port_block(int count) {
    // 61000-64999 lies above Linux's default ephemeral range (32768-60999); each test process
    // starts at its own offset so parallel runs rarely probe the same ports.
    static int cursor = 61000 + (getpid() % 200) * 20;
    for (int tries = 0; tries < 400; ++tries) {
        if (cursor + count > 64999) cursor = 61000;
        const int first = cursor;
        cursor += count + 1;
        bool all_free = true;
        for (int p = first; p < first + count && all_free; ++p) {
            const int udp = bound_socket(SOCK_DGRAM, static_cast<std::uint16_t>(p));
            const int tcp = bound_socket(SOCK_STREAM, static_cast<std::uint16_t>(p));
            all_free = udp >= 0 && tcp >= 0;
            if (udp >= 0) close(udp);
            if (tcp >= 0) close(tcp);
        }
        if (all_free) return static_cast<std::uint16_t>(first);
    }
    return 0;
}

bool udp_port_in_use(std::uint16_t port) {
    // Read the kernel's table rather than try to bind the port: a probe that binds it, even for a
    // moment, can take it from the phone or PBX starting to bind it (EADDRINUSE, a failed test).
    std::ifstream table("/proc/net/udp");
    char wanted[16];
    std::snprintf(wanted, sizeof wanted, ":%04X", static_cast<unsigned>(port));
    std::string line;
    std::getline(table, line); // the header
    while (std::getline(table, line)) {
        std::istringstream fields(line);
        std::string slot, local;
        fields >> slot >> local; // "sl" then "ADDRESS:PORT" in hex
        if (local.size() > 5 && local.compare(local.size() - 5, 5, wanted) == 0) return true;
    }
    return false;
}

} // namespace cvw::test
