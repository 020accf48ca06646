// A child process for tests: started with argv, output to a file, stopped on destruction.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cvw::test {

class child_process {
public:
    child_process(const std::vector<std::string>& argv, const std::filesystem::path& output);
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /** The exit status once it has exited within `timeout`, else nullopt. */
    std::optional<int> wait(std::chrono::milliseconds timeout);
    void terminate();
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

/** A free UDP+TCP port pair on 127.0.0.1 (same number for both). */
std::uint16_t free_sip_port();
/**
 * The first of `count` consecutive free UDP+TCP ports, taken from above the kernel's ephemeral
 * range so no socket bound to port 0 can take them between this check and the phone binding them
 * (sipp's RTP echo binds its media port and the one two above).
 */
std::uint16_t free_port_block(int count);
/** True while something holds the UDP port (any address), as /proc/net/udp lists it; never binds it. */
bool udp_port_in_use(std::uint16_t port);

} // namespace cvw::test
