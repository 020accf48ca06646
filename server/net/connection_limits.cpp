// Connection counting for the listener's caps.
#include "net/connection_limits.hpp"

#include <algorithm>

namespace cvw::server {

admission connection_limits::try_admit(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto it = per_address_.find(address);
    const std::size_t from_address = it == per_address_.end() ? 0 : it->second;
    if (max_per_address_ != 0 && from_address >= max_per_address_) return admission::over_per_address;
    if (max_total_ != 0 && open_ >= max_total_) return admission::over_total;
    ++open_;
    if (it == per_address_.end()) per_address_.emplace(address, 1);
    else ++it->second;
    return admission::admitted;
}

void connection_limits::release(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto it = per_address_.find(address);
    if (it == per_address_.end()) return;
    --open_;
    if (--it->second == 0) per_address_.erase(it);
}

std::size_t connection_limits::open() const {
    std::lock_guard lock(mutex_);
    return open_;
}

std::size_t default_max_connections(std::uint64_t open_file_limit, std::size_t rtp_sockets) {
    const std::uint64_t reserve = std::max<std::uint64_t>(open_file_limit / 8, 128 + rtp_sockets);
    const std::uint64_t cap = open_file_limit > reserve ? open_file_limit - reserve : open_file_limit / 2;
    return static_cast<std::size_t>(std::max<std::uint64_t>(cap, 1));
}

} // namespace cvw::server
