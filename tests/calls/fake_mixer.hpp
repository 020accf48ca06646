// A meeting mixer that mixes nothing: it records each seat asked for and given back, one line each,
// and answers a join only when the test says so (or refuses it), so every race can be staged.
#pragma once

#include "calls/mixer_port.hpp"

#include <deque>
#include <string>
#include <vector>

namespace cvw::test {

class fake_mixer final : public server::calls::mixer_port {
public:
    /** "join room=4821 codec=pcmu phone=192.0.2.50:40050 display=Alice Smith", "leave 11", "mute 11 on". */
    std::vector<std::string> take();

    /** Answers the oldest join still waiting with a seat at 127.0.0.1:`port`; its id counts from 11. */
    void seat(std::uint16_t port = 43010);
    /** Answers the oldest join still waiting with a refusal (or the mixer being away). */
    void refuse();
    std::size_t waiting() const { return waiting_.size(); }

    void join(const server::meeting_room& where, std::string display, server::g711 codec, server::rtp_address phone,
              seat_fn then) override;
    void leave(const server::mixer_participant& seat) override;
    /** Answers at once: refused when `refuse_mutes` is set. */
    void mute(const server::mixer_participant& seat, bool muted, std::function<void(bool ok)> then) override;

    /** Keeps the one watcher (the last seat's); talk() calls it. */
    void watch_talking(const server::mixer_participant& seat, std::function<void(bool talking)> heard) override;
    /** The watched phone starts or stops talking. */
    void talk(bool talking);
    /** Keeps the one watcher (the last seat's); lose() calls it. */
    void watch_lost(const server::mixer_participant& seat, std::function<void()> lost) override;
    /** The watched seat goes away (a bridge hung up). */
    void lose();

    bool refuse_mutes = false;

private:
    struct asked {
        std::uint64_t room;
        seat_fn then;
    };
    std::vector<std::string> lines_;
    std::size_t taken_ = 0;
    std::deque<asked> waiting_;
    std::uint64_t next_id_ = 11;
    std::function<void(bool)> heard_;
    std::function<void()> lost_;
};

} // namespace cvw::test
