#include "meetings/audio_bridge_mixer.hpp"

#include "log.hpp"

#include <boost/asio/post.hpp>

namespace cvw::server {

audio_bridge_mixer::audio_bridge_mixer(audio_bridge& bridge, boost::asio::any_io_executor calls)
    : bridge_(bridge), calls_(std::move(calls)) {}

void audio_bridge_mixer::join(std::uint64_t room, std::string display, g711 codec, rtp_address phone, seat_fn then) {
    bridge_.join(room, display, codec, phone,
                 [calls = calls_, room, then = std::move(then)](result<mixer_participant, janus_error> r) mutable {
                     std::optional<mixer_participant> seat;
                     if (r) seat = std::move(*r);
                     else log_warn("meetings: no seat in room " + std::to_string(room) + ": " + r.error().reason);
                     boost::asio::post(
                         calls, [then = std::move(then), seat = std::move(seat)]() mutable { then(std::move(seat)); });
                 });
}

void audio_bridge_mixer::leave(const mixer_participant& seat) { bridge_.leave(seat); }

} // namespace cvw::server
