// Round-robin allocation of even RTP ports (RTCP would take the odd one above).
#include "media/rtp_port_pool.hpp"

namespace cvw::server::media {

rtp_port_pool::rtp_port_pool(int min_port, int max_port)
    : min_(min_port + (min_port % 2)), max_(max_port), next_(min_) {}

std::optional<int> rtp_port_pool::take() {
    std::lock_guard lock(mutex_);
    const int count = (max_ - min_) / 2 + 1;
    for (int i = 0; i < count; ++i) {
        const int port = next_;
        next_ = next_ + 2 > max_ ? min_ : next_ + 2;
        if (used_.insert(port).second) return port;
    }
    return std::nullopt;
}

void rtp_port_pool::give_back(int port) {
    std::lock_guard lock(mutex_);
    used_.erase(port);
}

std::size_t rtp_port_pool::in_use() const {
    std::lock_guard lock(mutex_);
    return used_.size();
}

} // namespace cvw::server::media
