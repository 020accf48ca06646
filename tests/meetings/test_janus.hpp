// Janus AudioBridge on loopback for meeting tests, started by scripts/janus.sh as the run script does.
#pragma once

#include "../sip/child_process.hpp"
#include "meetings/janus_client.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace cvw::test {

class test_janus {
public:
    /** Janus gives each plain-RTP participant a port of its own, from `rtp_ports` of them. */
    explicit test_janus(const std::filesystem::path& dir, int rtp_ports = 100);

    /** Kills Janus as a crash would (SIGKILL), then starts it again on the same ports and secrets. */
    void kill();
    void start();

    server::janus_settings settings() const;
    std::string admin_key() const;
    std::string log() const;
    /** The plain-RTP ports Janus gives participants. */
    int rtp_port_min() const { return rtp_min_; }
    int rtp_port_max() const { return rtp_min_ + rtp_port_count_ - 1; }
    pid_t pid() const { return process_->pid(); }
    /** The exit status if Janus has exited, else nullopt. */
    std::optional<int> exited() { return process_->wait(std::chrono::milliseconds(0)); }

private:
    int rtp_port_count_;
    std::filesystem::path dir_;
    std::uint16_t api_port_;
    std::uint16_t rtp_min_;
    std::unique_ptr<child_process> process_;
};

} // namespace cvw::test
