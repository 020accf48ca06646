// Janus AudioBridge rooms and plain-RTP participants, as typed calls over the mixer's API. Each
// participant has a handle of its own, as the plugin asks; room work takes a handle for one request.
#pragma once

#include "meetings/janus_client.hpp"
#include "meetings/mixer_types.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cvw::server {

class audio_bridge {
public:
    using done = std::function<void(std::optional<janus_error>)>;

    audio_bridge(std::shared_ptr<janus_client> janus, std::string admin_key);

    /** Opens the mixer's link; `on_available` says when it comes up and when it is lost. */
    void start(std::function<void(bool available)> on_available);
    void stop();

    /** AudioBridge's error code for a room id that is taken (JANUS_AUDIOBRIDGE_ERROR_ROOM_EXISTS). */
    static constexpr int room_exists = 486;

    /** A private room that only cvw, with the admin key, may create, and that takes plain RTP. */
    void create_room(std::uint64_t room, int sampling_rate, done then);
    void destroy_room(std::uint64_t room, done then);
    /** Joins a phone sending G.711 from `phone`: the mixer sends there, and takes RTP at `mixer_rtp`. */
    void join(std::uint64_t room, const std::string& display, g711 codec, const rtp_address& phone,
              std::function<void(result<mixer_participant, janus_error>)> then);
    void leave(const mixer_participant& p);
    void mute(std::uint64_t room, std::uint64_t id, bool muted, done then);
    void kick(std::uint64_t room, std::uint64_t id, done then);
    void members(std::uint64_t room, std::function<void(result<std::vector<room_member>, janus_error>)> then);

private:
    /** Sends one room request on a handle of its own: rooms outlive any participant's handle. */
    void control(nlohmann::json body, std::function<void(result<nlohmann::json, janus_error>)> then);

    std::shared_ptr<janus_client> janus_;
    std::string admin_key_;
};

} // namespace cvw::server
