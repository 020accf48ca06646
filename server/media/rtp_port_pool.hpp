// Hands out even RTP ports from the configured range and takes them back; counts what is in use.
#pragma once

#include <mutex>
#include <optional>
#include <set>

namespace cvw::server::media {

class rtp_port_pool {
public:
    rtp_port_pool(int min_port, int max_port);

    /** An even port not in use, or nullopt when the range is exhausted. */
    std::optional<int> take();
    void give_back(int port);
    std::size_t in_use() const;

private:
    mutable std::mutex mutex_;
    int min_;
    int max_;
    int next_;
    std::set<int> used_;
};

} // namespace cvw::server::media
