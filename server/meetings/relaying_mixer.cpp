#include "meetings/relaying_mixer.hpp"

#include "log.hpp"
#include "media/rtp_packet.hpp"
#include "media/rtp_socket.hpp"

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <spandsp.h>

#include <array>
#include <chrono>
#include <vector>

namespace cvw::server {

namespace net = boost::asio;
using udp = net::ip::udp;

namespace {

constexpr auto talk_check_interval = std::chrono::milliseconds(200);

std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace

/** One phone's relay: a UDP port between the phone and its seat, on a strand of its own. */
class relaying_mixer::relay : public std::enable_shared_from_this<relay> {
public:
    relay(const net::any_io_executor& io, net::any_io_executor calls, std::shared_ptr<media::rtp_port_pool> ports,
          meeting::talk_settings talk)
        : strand_(net::make_strand(io)), calls_(std::move(calls)), ports_(std::move(ports)), socket_(strand_),
          timer_(strand_), detector_(talk) {}

    /** Binds a port of cvw's for a phone at `phone`; nullopt when none is free. */
    std::optional<int> open(const std::string& address, const rtp_address& phone) {
        boost::system::error_code ec;
        phone_ = udp::endpoint(net::ip::make_address(phone.ip, ec), phone.port);
        if (ec) return std::nullopt;
        port_ = media::bind_rtp_socket(socket_, *ports_, address);
        return port_;
    }

    /** The seat is at `mixer`: packets flow from now on. */
    void start(const rtp_address& mixer) {
        boost::system::error_code ec;
        const udp::endpoint seat(net::ip::make_address(mixer.ip, ec), mixer.port);
        net::post(strand_, [self = shared_from_this(), seat] {
            self->mixer_ = seat;
            self->receive();
        });
    }

    void watch(std::function<void(bool)> heard) {
        net::post(strand_, [self = shared_from_this(), heard = std::move(heard)]() mutable {
            self->heard_ = std::move(heard);
            if (self->detector_.talking()) self->tell(true);
        });
    }

    void close() {
        net::post(strand_, [self = shared_from_this()] {
            if (!self->port_) return;
            boost::system::error_code ec;
            self->socket_.close(ec);
            self->timer_.cancel();
            self->ports_->give_back(*self->port_);
            self->port_.reset();
            self->heard_ = nullptr;
        });
    }

private:
    void receive() {
        socket_.async_receive_from(net::buffer(packet_), sender_,
                                   [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                       if (ec == net::error::operation_aborted || !self->port_) return;
                                       if (!ec) self->pass_on(n);
                                       self->receive();
                                   });
    }

    void pass_on(std::size_t n) {
        boost::system::error_code ec;
        const auto bytes = net::buffer(packet_.data(), n);
        if (sender_ == mixer_) {
            socket_.send_to(bytes, phone_, 0, ec);
            return;
        }
        // The phone, from wherever it sends (a phone behind NAT sends from another port than it offered).
        if (sender_.address() != phone_.address()) return; // a stranger: dropped
        phone_ = sender_;
        socket_.send_to(bytes, mixer_, 0, ec);
        listen(std::span<const std::uint8_t>(packet_.data(), n));
    }

    /** Measures a G.711 frame of the phone's for the talk detector. */
    void listen(std::span<const std::uint8_t> bytes) {
        const auto rtp = media::parse_rtp(bytes);
        if (!rtp || (rtp->payload_type != 0 && rtp->payload_type != 8) || rtp->payload.empty()) return;
        samples_.resize(rtp->payload.size());
        for (std::size_t i = 0; i < samples_.size(); ++i)
            samples_[i] = rtp->payload_type == 0 ? ulaw_to_linear(rtp->payload[i]) : alaw_to_linear(rtp->payload[i]);
        const auto duration_ms = static_cast<std::int64_t>(samples_.size() / 8); // 8 kHz
        if (detector_.frame(steady_ms(), meeting::level_dbov(samples_), duration_ms)) tell(detector_.talking());
    }

    void tell(bool talking) {
        if (talking) check_later();
        if (!heard_) return;
        net::post(calls_, [heard = heard_, talking] { heard(talking); });
    }

    /** While talking, the clock ends it too: a phone that stops sending sends no quiet frames. */
    void check_later() {
        timer_.expires_after(talk_check_interval);
        timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
            if (ec || !self->port_) return;
            if (self->detector_.tick(steady_ms())) return self->tell(false);
            if (self->detector_.talking()) self->check_later();
        });
    }

    net::strand<net::any_io_executor> strand_;
    net::any_io_executor calls_;
    std::shared_ptr<media::rtp_port_pool> ports_;
    udp::socket socket_;
    net::steady_timer timer_;
    std::optional<int> port_;
    udp::endpoint phone_;
    udp::endpoint mixer_;
    udp::endpoint sender_;
    std::array<std::uint8_t, 1500> packet_{};
    std::vector<std::int16_t> samples_;
    meeting::talk_detector detector_;
    std::function<void(bool)> heard_;
};

relaying_mixer::relaying_mixer(calls::mixer_port& inner, net::any_io_executor io, net::any_io_executor calls,
                               std::shared_ptr<media::rtp_port_pool> ports, std::string address,
                               meeting::talk_settings talk)
    : inner_(inner), io_(std::move(io)), calls_(std::move(calls)), ports_(std::move(ports)),
      address_(std::move(address)), talk_(talk) {}

relaying_mixer::~relaying_mixer() {
    for (auto& [key, r] : relays_) r->close();
}

void relaying_mixer::join(const meeting_room& where, std::string display, g711 codec, rtp_address phone, seat_fn then) {
    auto r = std::make_shared<relay>(io_, calls_, ports_, talk_);
    const auto port = r->open(address_, phone);
    if (!port) {
        log_warn("meetings: no RTP port free to relay a phone to room " + std::to_string(where.room));
        net::post(calls_, [then = std::move(then)] { then(std::nullopt); });
        return;
    }
    const rtp_address relay_address{.ip = address_, .port = static_cast<std::uint16_t>(*port)};
    inner_.join(where, std::move(display), codec, relay_address,
                [this, r, relay_address, then = std::move(then)](std::optional<mixer_participant> seat) {
                    if (!seat) {
                        r->close();
                        return then(std::nullopt);
                    }
                    r->start(seat->mixer_rtp);
                    relays_[{seat->room, seat->id}] = r;
                    seat->mixer_rtp = relay_address; // the phone is sent to cvw's port
                    then(std::move(seat));
                });
}

void relaying_mixer::leave(const mixer_participant& seat) {
    if (const auto it = relays_.find({seat.room, seat.id}); it != relays_.end()) {
        it->second->close();
        relays_.erase(it);
    }
    inner_.leave(seat);
}

void relaying_mixer::mute(const mixer_participant& seat, bool muted, std::function<void(bool ok)> then) {
    inner_.mute(seat, muted, std::move(then));
}

void relaying_mixer::watch_talking(const mixer_participant& seat, std::function<void(bool talking)> heard) {
    if (const auto it = relays_.find({seat.room, seat.id}); it != relays_.end()) it->second->watch(std::move(heard));
}

void relaying_mixer::watch_lost(const mixer_participant& seat, std::function<void()> lost) {
    inner_.watch_lost(seat, std::move(lost));
}

} // namespace cvw::server
