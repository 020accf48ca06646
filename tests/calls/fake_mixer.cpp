#include "fake_mixer.hpp"

#include <stdexcept>

namespace cvw::test {

std::vector<std::string> fake_mixer::take() {
    std::vector<std::string> out(lines_.begin() + static_cast<std::ptrdiff_t>(taken_), lines_.end());
    taken_ = lines_.size();
    return out;
}

void fake_mixer::join(const server::meeting_room& where, std::string display, server::g711 codec,
                      server::rtp_address phone, seat_fn then) {
    const auto room = where.room;
    lines_.push_back("join room=" + std::to_string(room) + " codec=" + (codec == server::g711::pcmu ? "pcmu" : "pcma") +
                     " phone=" + phone.ip + ":" + std::to_string(phone.port) + " display=" + display);
    waiting_.push_back({room, std::move(then)});
}

void fake_mixer::leave(const server::mixer_participant& seat) { lines_.push_back("leave " + std::to_string(seat.id)); }

void fake_mixer::mute(const server::mixer_participant& seat, bool muted, std::function<void(bool ok)> then) {
    lines_.push_back("mute " + std::to_string(seat.id) + (muted ? " on" : " off"));
    then(!refuse_mutes);
}

void fake_mixer::watch_talking(const server::mixer_participant& seat, std::function<void(bool talking)> heard) {
    (void)seat;
    heard_ = std::move(heard);
}

void fake_mixer::talk(bool talking) {
    if (!heard_) throw std::logic_error("fake_mixer: no seat is watched");
    heard_(talking);
}

void fake_mixer::watch_lost(const server::mixer_participant& seat, std::function<void()> lost) {
    (void)seat;
    lost_ = std::move(lost);
}

void fake_mixer::lose() {
    if (!lost_) throw std::logic_error("fake_mixer: no seat is watched");
    lost_();
}

void fake_mixer::seat(std::uint16_t port) {
    if (waiting_.empty()) throw std::logic_error("fake_mixer: no join is waiting for a seat");
    auto a = std::move(waiting_.front());
    waiting_.pop_front();
    a.then(server::mixer_participant{
        .room = a.room, .id = next_id_++, .handle = 900, .mixer_rtp = {.ip = "127.0.0.1", .port = port}});
}

void fake_mixer::refuse() {
    if (waiting_.empty()) throw std::logic_error("fake_mixer: no join is waiting for an answer");
    auto a = std::move(waiting_.front());
    waiting_.pop_front();
    a.then(std::nullopt);
}

} // namespace cvw::test
