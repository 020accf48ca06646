// The test PBX (Kamailio) and desk phones (sipp scenarios) on loopback, for click-to-call tests.
#pragma once

#include "child_process.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace cvw::test {

/**
 * Kamailio as registrar + proxy on a free port (UDP and TCP); trusts `cvw_port` as the B2BUA.
 * `defines` switch on optional parts of tests/pbx/kamailio.cfg.in, e.g. "WITH_AUTH".
 */
class test_pbx {
public:
    /** How Kamailio runs: its -A defines and, for load, its memory and worker count. */
    struct options {
        std::vector<std::string> defines;
        int shared_memory_mb = 64;
        int private_memory_mb = 8;
        int children = 2; ///< UDP and TCP workers each
    };
    test_pbx(const std::filesystem::path& dir, std::uint16_t cvw_port, const std::vector<std::string>& defines = {})
        : test_pbx(dir, cvw_port, options{.defines = defines}) {}
    test_pbx(const std::filesystem::path& dir, std::uint16_t cvw_port, const options& how);
    std::uint16_t port() const { return port_; }
    /**
     * Where it listens for TLS with "WITH_TLS" (certificates for cvw: dir/tls/cvw, dir/tls/untrusting).
     * Then it also relays calls for cvw over TLS, showing its own certificate (from the test CA).
     */
    std::uint16_t tls_port() const { return static_cast<std::uint16_t>(port_ + 1); }
    std::string log() const;
    /** Kamailio's main process (its workers are its children). */
    pid_t pid() const { return process_->pid(); }
    /** The exit status if Kamailio has exited, else nullopt. */
    std::optional<int> exited() { return process_->wait(std::chrono::milliseconds(0)); }

private:
    std::filesystem::path dir_;
    std::uint16_t port_;
    std::unique_ptr<child_process> process_;
};

/** One phone: a sipp scenario (a name in tests/pbx/sipp, or an absolute path) answering calls for
 *  `extension`, registered at the PBX. */
class sipp_phone {
public:
    /** `calls`: how many calls the phone takes before sipp exits. */
    sipp_phone(const std::filesystem::path& dir, const std::string& scenario, const std::string& extension,
               const test_pbx& pbx, int ring_ms = 300, int calls = 1);

    /** Everything sipp sent and received, as logged with -trace_msg. */
    std::string messages() const;
    /** sipp's exit status once its one call is over (0 when the scenario ran to the end). */
    std::optional<int> finished(std::chrono::milliseconds timeout) { return process_->wait(timeout); }
    std::uint16_t media_port() const { return media_port_; }
    const std::string& extension() const { return extension_; }

private:
    std::filesystem::path log_;
    std::string extension_;
    std::uint16_t media_port_;
    std::unique_ptr<child_process> process_;
};

/** A caller: a sipp scenario dialling `address` through the PBX, its caller ID `number`. */
class sipp_caller {
public:
    sipp_caller(const std::filesystem::path& dir, const std::string& scenario, const std::string& address,
                const std::string& number, const test_pbx& pbx, int talk_ms = 1000);
    std::string messages() const;
    std::optional<int> finished(std::chrono::milliseconds timeout) { return process_->wait(timeout); }
    std::uint16_t media_port() const { return media_port_; }

private:
    std::filesystem::path log_;
    std::uint16_t media_port_;
    std::unique_ptr<child_process> process_;
};

/**
 * A test CA and certificates for 127.0.0.1 made with openssl in `dir`: pbx-key.pem/pbx-cert.pem for
 * Kamailio; cvw/ (agent.pem + cafile.pem trusting that CA) and untrusting/ (cafile.pem of another CA).
 */
void make_test_certificates(const std::filesystem::path& dir);

/** A whole file as text (empty when missing). */
std::string read_file(const std::filesystem::path& p);
/** Waits until something listens on the UDP port; on failure throws with the end of `log`. */
void wait_for_udp(std::uint16_t port, const std::string& what, const std::filesystem::path& log);

/** The scenario directory in the source tree. */
std::filesystem::path scenario(const std::string& name);

/** Scenario `name` written into `dir` with each @KEY@ of `fills` replaced by its value; returns its path. */
std::string filled_scenario(const std::filesystem::path& dir, const std::string& name,
                            const std::map<std::string, std::string>& fills);

} // namespace cvw::test
