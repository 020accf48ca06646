// Caps on open connections, in total and per client address, with slots that give themselves back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cvw::server {

enum class admission { admitted, over_total, over_per_address };

/** Counts open connections; no I/O, no clock. Safe from any thread. A cap of 0 means no cap. */
class connection_limits {
public:
    connection_limits(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}

    /** Counts a new connection from `address` if both caps allow it; otherwise says which one is full. */
    admission try_admit(const std::string& address);
    /** Forgets one connection admitted from `address`. */
    void release(const std::string& address);

    std::size_t open() const;
    std::size_t max_total() const { return max_total_; }
    std::size_t max_per_address() const { return max_per_address_; }

private:
    const std::size_t max_total_;
    const std::size_t max_per_address_;
    mutable std::mutex mutex_;
    std::size_t open_ = 0;
    std::unordered_map<std::string, std::size_t> per_address_; ///< only addresses with open connections
};

/** One admitted connection; releases its count when destroyed. Move-only; empty when default-constructed. */
class connection_slot {
public:
    connection_slot() = default;
    connection_slot(std::shared_ptr<connection_limits> limits, std::string address)
        : limits_(std::move(limits)), address_(std::move(address)) {}
    connection_slot(connection_slot&& other) noexcept = default;
    connection_slot& operator=(connection_slot&& other) noexcept {
        if (this != &other) {
            reset();
            limits_ = std::move(other.limits_);
            address_ = std::move(other.address_);
        }
        return *this;
    }
    connection_slot(const connection_slot&) = delete;
    connection_slot& operator=(const connection_slot&) = delete;
    ~connection_slot() { reset(); }

private:
    void reset() {
        if (limits_) limits_->release(address_);
        limits_.reset();
    }

    std::shared_ptr<connection_limits> limits_;
    std::string address_;
};

/**
 * The default total cap: the open-file limit less a reserve for everything else that needs a
 * descriptor (SQLite, the SIP stack, one socket per RTP port, the log): an eighth of the limit, and
 * at least 128 plus the RTP sockets. When the reserve leaves nothing, half the limit.
 */
std::size_t default_max_connections(std::uint64_t open_file_limit, std::size_t rtp_sockets);

} // namespace cvw::server
