#include "meetings/audio_bridge_mixer.hpp"

#include "log.hpp"

#include <boost/asio/post.hpp>

namespace cvw::server {

audio_bridge_mixer::audio_bridge_mixer(audio_bridge& bridge, boost::asio::any_io_executor calls, int sampling_rate)
    : bridge_(bridge), calls_(std::move(calls)), sampling_rate_(sampling_rate) {}

void audio_bridge_mixer::join(const meeting_room& where, std::string display, g711 codec, rtp_address phone,
                              seat_fn then) {
    const auto room = where.room;
    {
        // Counted from the moment it is asked for, so a seat given back meanwhile keeps the room.
        std::lock_guard lock(mutex_);
        ++seats_[room];
    }
    auto answer = [this, room, then = std::move(then)](std::optional<mixer_participant> seat) mutable {
        if (!seat) release(room);
        boost::asio::post(calls_,
                          [then = std::move(then), seat = std::move(seat)]() mutable { then(std::move(seat)); });
    };
    bridge_.create_room(
        room, sampling_rate_,
        [this, room, display = std::move(display), codec, phone = std::move(phone),
         answer = std::move(answer)](std::optional<janus_error> refused) mutable {
            if (refused && refused->code != audio_bridge::room_exists) {
                log_warn("meetings: no room " + std::to_string(room) + ": " + refused->reason);
                return answer(std::nullopt);
            }
            bridge_.join(room, display, codec, phone,
                         [room, answer = std::move(answer)](result<mixer_participant, janus_error> r) mutable {
                             if (r) return answer(std::move(*r));
                             log_warn("meetings: no seat in room " + std::to_string(room) + ": " + r.error().reason);
                             answer(std::nullopt);
                         });
        });
}

void audio_bridge_mixer::leave(const mixer_participant& seat) {
    bridge_.leave(seat);
    release(seat.room);
}

void audio_bridge_mixer::mute(const mixer_participant& seat, bool muted, std::function<void(bool ok)> then) {
    bridge_.mute(seat.room, seat.id, muted,
                 [this, id = seat.id, then = std::move(then)](std::optional<janus_error> refused) mutable {
                     if (refused)
                         log_warn("meetings: participant " + std::to_string(id) + " kept its mute: " + refused->reason);
                     boost::asio::post(calls_, [then = std::move(then), ok = !refused] { then(ok); });
                 });
}

void audio_bridge_mixer::release(std::uint64_t room) {
    {
        std::lock_guard lock(mutex_);
        auto it = seats_.find(room);
        if (it == seats_.end() || --it->second > 0) return;
        seats_.erase(it);
    }
    bridge_.destroy_room(room, [room](std::optional<janus_error> refused) {
        if (refused && refused->what == janus_error::kind::refused)
            log_warn("meetings: room " + std::to_string(room) + " was not destroyed: " + refused->reason);
    });
}

std::size_t audio_bridge_mixer::rooms() const {
    std::lock_guard lock(mutex_);
    return seats_.size();
}

} // namespace cvw::server
