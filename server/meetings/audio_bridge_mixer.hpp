// The real mixer port: seats in Janus AudioBridge rooms, answered on the calls' strand. A room is made
// with its first seat and destroyed when its last seat is given back, so no room outlives its people.
#pragma once

#include "calls/mixer_port.hpp"
#include "meetings/audio_bridge.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <map>
#include <mutex>

namespace cvw::server {

class audio_bridge_mixer final : public calls::mixer_port {
public:
    /** `calls`: the executor the calls live on; every answer is posted there. `sampling_rate`: the rooms' mix. */
    audio_bridge_mixer(audio_bridge& bridge, boost::asio::any_io_executor calls, int sampling_rate);

    void join(const meeting_room& where, std::string display, g711 codec, rtp_address phone, seat_fn then) override;
    void leave(const mixer_participant& seat) override;
    void mute(const mixer_participant& seat, bool muted, std::function<void(bool ok)> then) override;
    /** Janus hears no talk on plain RTP (see relaying_mixer): never called. */
    void watch_talking(const mixer_participant&, std::function<void(bool)>) override {}
    /** Seats go only with Janus itself (mixer_available): never called. */
    void watch_lost(const mixer_participant&, std::function<void()>) override {}

    /** Rooms with seats taken or asked for, for the tests' leak checks. */
    std::size_t rooms() const;

private:
    /** One seat fewer in `room` (given back, or never given); the last one destroys the room. */
    void release(std::uint64_t room);

    audio_bridge& bridge_;
    boost::asio::any_io_executor calls_;
    int sampling_rate_;
    mutable std::mutex mutex_;
    std::map<std::uint64_t, int> seats_; ///< by room: seats taken or asked for
};

} // namespace cvw::server
