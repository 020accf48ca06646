// The real mixer port: seats in Janus AudioBridge rooms, answered on the calls' strand.
#pragma once

#include "calls/mixer_port.hpp"
#include "meetings/audio_bridge.hpp"

#include <boost/asio/any_io_executor.hpp>

namespace cvw::server {

class audio_bridge_mixer final : public calls::mixer_port {
public:
    /** `calls`: the executor the calls live on; every answer is posted there. */
    audio_bridge_mixer(audio_bridge& bridge, boost::asio::any_io_executor calls);

    void join(std::uint64_t room, std::string display, g711 codec, rtp_address phone, seat_fn then) override;
    void leave(const mixer_participant& seat) override;

private:
    audio_bridge& bridge_;
    boost::asio::any_io_executor calls_;
};

} // namespace cvw::server
