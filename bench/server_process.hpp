// Starts cvw-server as a child process on a free loopback port and reads its memory use.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace cvw::bench {

class server_process {
public:
    /** Writes `config_text` to dir/cvw.toml (with @PORT@ replaced) and starts the server. */
    server_process(const std::filesystem::path& server_binary, const std::filesystem::path& dir,
                   const std::string& config_text);
    ~server_process();

    std::uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    /** True once the server has exited (it should not, while a benchmark runs). */
    bool exited();
    /** Resident set size in KiB, from /proc/<pid>/status. */
    long rss_kib() const;
    /** The server's /healthz counters (heap in use, calls, dialogs, ports) as JSON text. */
    std::string health() const;

private:
    pid_t pid_ = -1;
    bool exited_ = false;
    std::uint16_t port_ = 0;
};

std::uint16_t free_loopback_port();

} // namespace cvw::bench
