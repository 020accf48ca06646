// A SIP-leg port that sends nothing: it records each request and response a call asks for, one
// line each, so a driver test can assert exactly what would have gone on the wire.
#pragma once

#include "calls/sip_leg_port.hpp"

#include <string>
#include <vector>

namespace cvw::test {

class fake_sip_port final : public server::calls::sip_leg_port {
public:
    /** What was sent, e.g. "invite 1 to=sip:1001@pbx.test sdp", "ack 2 sdp", "respond 3 180", "bye 1". */
    std::vector<std::string> sent;
    /** The INVITE requests in full, by leg id. */
    std::vector<server::sip::invite_request> invites;
    /** The SDP of each line of `sent` that carried one (empty otherwise). */
    std::vector<std::string> bodies;

    /** Everything sent since the last call to take(), and forgets it. */
    std::vector<std::string> take();
    /** The body of the last message sent on `leg` of the given kind ("invite", "ack", ...). */
    std::string last_body(server::sip::leg_id leg, const std::string& kind) const;

    server::sip::leg_id invite(server::sip::invite_request request) override;
    void ack(server::sip::leg_id leg, std::string sdp) override;
    void reinvite(server::sip::leg_id leg, std::string sdp) override;
    void respond(server::sip::leg_id leg, int status, std::string sdp, std::string contact) override;
    void cancel(server::sip::leg_id leg) override;
    void bye(server::sip::leg_id leg) override;

private:
    void record(const std::string& kind, server::sip::leg_id leg, const std::string& sdp,
                const std::string& extra = {});
    server::sip::leg_id next_leg_ = 1;
    std::size_t taken_ = 0;
};

} // namespace cvw::test
