// The PBX side of dialog subscriptions, reduced to what the presence fan-out benchmark needs: it
// answers cvw's SUBSCRIBEs (and the stack's refreshes) with 200 and sends NOTIFYs on demand, so the
// benchmark knows to the microsecond when each NOTIFY left for cvw.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>

namespace cvw::bench {

class fake_presence_server {
public:
    explicit fake_presence_server(boost::asio::io_context& ioc);

    std::uint16_t port() const { return socket_.local_endpoint().port(); }
    /** Numbers whose subscription is in place (answered with 200 and a first NOTIFY). */
    std::size_t subscribed() const { return dialogs_.size(); }
    /** Sends a dialog-info NOTIFY for `number`: one confirmed call, or none. False if not subscribed. */
    bool notify(const std::string& number, bool in_call);

private:
    struct dialog {
        std::string call_id, local_tag, remote_from, remote_target;
        std::uint32_t cseq = 1, version = 0;
        boost::asio::ip::udp::endpoint peer;
    };
    void receive();
    void on_request(const std::string& text);

    boost::asio::ip::udp::socket socket_;
    boost::asio::ip::udp::endpoint sender_;
    std::array<char, 65536> buffer_{};
    std::unordered_map<std::string, dialog> dialogs_; // by number
    std::uint64_t next_tag_ = 1;
};

} // namespace cvw::bench
