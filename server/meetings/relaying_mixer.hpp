// A mixer port in front of the real one that puts cvw between each phone and its seat: the phone
// sends its RTP to a port of cvw's, which passes every packet on unchanged both ways and, on the
// way in, measures the phone's own audio to say who is talking. The mixer cannot say it for desk
// phones: Janus reads talk levels only from the RFC 6464 header extension, and never parses that
// on plain RTP (1.1.2 and its master alike); most desk phones do not send it anyway.
#pragma once

#include "calls/mixer_port.hpp"
#include "cvw/meeting/talk_detector.hpp"
#include "media/rtp_port_pool.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <map>
#include <memory>
#include <string>
#include <utility>

namespace cvw::server {

class relaying_mixer final : public calls::mixer_port {
public:
    /**
     * `io`: where the relays' sockets run; `calls`: the strand every answer is posted to (and that
     * calls every method). Relay ports come from `ports` on `address`, cvw's media address.
     */
    relaying_mixer(calls::mixer_port& inner, boost::asio::any_io_executor io, boost::asio::any_io_executor calls,
                   std::shared_ptr<media::rtp_port_pool> ports, std::string address, meeting::talk_settings talk = {});
    ~relaying_mixer() override;
    relaying_mixer(const relaying_mixer&) = delete;
    relaying_mixer& operator=(const relaying_mixer&) = delete;

    /** The seat's address is cvw's relay port; the real seat is the inner mixer's. */
    void join(const meeting_room& where, std::string display, g711 codec, rtp_address phone, seat_fn then) override;
    void leave(const mixer_participant& seat) override;
    void mute(const mixer_participant& seat, bool muted, std::function<void(bool ok)> then) override;
    void watch_talking(const mixer_participant& seat, std::function<void(bool talking)> heard) override;
    void watch_lost(const mixer_participant& seat, std::function<void()> lost) override;

    /** Phones relayed now, for the tests' leak checks. */
    std::size_t relays() const { return relays_.size(); }

    class relay;

private:
    calls::mixer_port& inner_;
    boost::asio::any_io_executor io_;
    boost::asio::any_io_executor calls_;
    std::shared_ptr<media::rtp_port_pool> ports_;
    std::string address_;
    meeting::talk_settings talk_;
    std::map<std::pair<std::uint64_t, std::uint64_t>, std::shared_ptr<relay>> relays_; ///< by (room, id)
};

} // namespace cvw::server
