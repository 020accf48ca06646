// What a meeting call needs from the meeting mixer: a seat for a phone's RTP, muting it, leaving it.
// meetings/audio_bridge_mixer is the real one (Janus); the driver tests use a fake.
#pragma once

#include "meetings/mixer_types.hpp"

#include <functional>
#include <optional>
#include <string>

namespace cvw::server::calls {

class mixer_port {
public:
    /** The seat, or nothing when the mixer refused or is unavailable; called on the calls' strand. */
    using seat_fn = std::function<void(std::optional<mixer_participant>)>;

    virtual ~mixer_port() = default;

    /** Seats a phone that sends `codec` from `phone` in `where`; the mixer sends its mix back there. */
    virtual void join(const meeting_room& where, std::string display, g711 codec, rtp_address phone, seat_fn then) = 0;
    virtual void leave(const mixer_participant& seat) = 0;
    /** Stops (or restarts) mixing the seat's audio into the others'; it still hears them. `then(ok)` on the strand. */
    virtual void mute(const mixer_participant& seat, bool muted, std::function<void(bool ok)> then) = 0;
    /**
     * From now until the seat is given back, `heard(talking)` (on the strand) each time its phone
     * starts or stops talking. A mixer that cannot hear who talks never calls it.
     */
    virtual void watch_talking(const mixer_participant& seat, std::function<void(bool talking)> heard) = 0;
    /**
     * `lost()` (on the strand) if the seat goes away before it is given back: a PBX's bridge hung up.
     * A mixer whose seats only go all at once (Janus going away, see call_manager::mixer_available) never calls it.
     */
    virtual void watch_lost(const mixer_participant& seat, std::function<void()> lost) = 0;
};

} // namespace cvw::server::calls
