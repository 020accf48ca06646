// What the meeting mixer deals in, as plain values: a phone's RTP address, its codec, its seat.
#pragma once

#include <cstdint>
#include <string>

namespace cvw::server {

struct rtp_address {
    std::string ip;
    std::uint16_t port = 0;
};

enum class g711 { pcmu, pcma };

/** Where a seat is asked for: the meeting's room in Janus; for a PBX's bridge, the keys' values. */
struct meeting_room {
    std::uint64_t room = 0;
    std::string conference_id;
    std::string pin;
};

/** A phone in a room: where the mixer takes its RTP, and the ids to mute, kick or leave with. */
struct mixer_participant {
    std::uint64_t room = 0;
    std::uint64_t id = 0;
    std::uint64_t handle = 0;
    rtp_address mixer_rtp;
};

struct room_member {
    std::uint64_t id = 0;
    std::string display;
    bool muted = false;
};

} // namespace cvw::server
