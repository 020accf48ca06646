#include "fake_sip_port.hpp"

namespace cvw::test {

using server::sip::leg_id;

void fake_sip_port::record(const std::string& kind, leg_id leg, const std::string& sdp, const std::string& extra) {
    std::string line = kind + " " + std::to_string(leg);
    if (!extra.empty()) line += " " + extra;
    if (!sdp.empty()) line += " sdp";
    sent.push_back(line);
    bodies.push_back(sdp);
}

std::vector<std::string> fake_sip_port::take() {
    std::vector<std::string> out(sent.begin() + static_cast<std::ptrdiff_t>(taken_), sent.end());
    taken_ = sent.size();
    return out;
}

std::string fake_sip_port::last_body(leg_id leg, const std::string& kind) const {
    const auto prefix = kind + " " + std::to_string(leg);
    for (auto i = sent.size(); i-- > 0;)
        if (sent[i] == prefix || sent[i].rfind(prefix + " ", 0) == 0) return bodies[i];
    return {};
}

leg_id fake_sip_port::invite(server::sip::invite_request request) {
    const auto leg = next_leg_++;
    record("invite", leg, request.sdp, "to=" + request.to_uri);
    invites.push_back(std::move(request));
    return leg;
}

void fake_sip_port::ack(leg_id leg, std::string sdp) { record("ack", leg, sdp); }

void fake_sip_port::reinvite(leg_id leg, std::string sdp) { record("reinvite", leg, sdp); }

void fake_sip_port::respond(leg_id leg, int status, std::string sdp, std::string contact) {
    record("respond", leg, sdp, std::to_string(status) + (contact.empty() ? "" : " contact=" + contact));
}

void fake_sip_port::cancel(leg_id leg) { record("cancel", leg, {}); }

void fake_sip_port::bye(leg_id leg) { record("bye", leg, {}); }

} // namespace cvw::test
