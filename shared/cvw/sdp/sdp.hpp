// Just enough SDP for third-party call control: read a peer's audio endpoint, write our own offer,
// and rewrite the origin line so each phone sees one continuous session owned by cvw (RFC 3264 §8).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::sdp {

/** Where a peer wants audio and which RTP payload types it offers or accepts. */
struct audio_endpoint {
    std::string address;
    int port = 0;
    std::vector<int> payload_types;
    /** The payload type mapped to telephone-event/8000 (RFC 4733 DTMF), -1 when not offered. */
    int telephone_event = -1;
    bool operator==(const audio_endpoint&) const = default;
};

/** The first audio stream of a session description; nullopt when there is none (or port 0). */
std::optional<audio_endpoint> audio_of(std::string_view sdp);

/** The origin cvw keeps for one leg; every new description it sends on that leg bumps `version`. */
struct origin {
    std::uint64_t session_id = 0;
    std::uint64_t version = 0;
    std::string address = "127.0.0.1";
};

/** Replaces the o= line with cvw's origin for the leg (after bumping its version). */
std::string rewrite_origin(std::string_view sdp, origin& leg_origin);

/** cvw's own audio offer: PCMU, PCMA and telephone-event at address:port; `preferred` (8) puts PCMA first. */
std::string make_offer(origin& leg_origin, const std::string& address, int port, int preferred = 0);

/**
 * An offer of one G.711 payload type (0 or 8) and nothing else, no telephone-event: for a phone
 * moved to a mixer that takes just the codec it joined with.
 */
std::string make_single_codec_offer(origin& leg_origin, const std::string& address, int port, int payload_type);

/**
 * cvw's answer to a phone's offer: the first G.711 type it offers (which must be there; see
 * pick_g711) and its telephone-event type if it has one, at address:port.
 */
std::string make_answer(origin& leg_origin, const std::string& address, int port, const audio_endpoint& offer);

/** An answer that declines every stream (port 0); for ACKing a 2xx offer of a call being torn down. */
std::string make_rejection(origin& leg_origin);

/** G.711 payload type both sides can use from an answer: 0 (PCMU) or 8 (PCMA); -1 if neither. */
int pick_g711(const audio_endpoint& answer);

} // namespace cvw::sdp
