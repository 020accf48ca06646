// Line-oriented SDP reading and writing for the few fields cvw needs.
#include "cvw/sdp/sdp.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace cvw::sdp {
namespace {

std::vector<std::string_view> lines_of(std::string_view sdp) {
    std::vector<std::string_view> out;
    while (!sdp.empty()) {
        const auto end = sdp.find('\n');
        auto line = sdp.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(line);
        if (end == std::string_view::npos) break;
        sdp.remove_prefix(end + 1);
    }
    return out;
}

std::vector<std::string_view> words_of(std::string_view s) {
    std::vector<std::string_view> out;
    while (!s.empty()) {
        const auto start = s.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        s.remove_prefix(start);
        const auto end = s.find(' ');
        out.push_back(s.substr(0, end));
        if (end == std::string_view::npos) break;
        s.remove_prefix(end);
    }
    return out;
}

std::optional<int> number(std::string_view s) {
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

/** "IN IP4 192.0.2.1" -> "192.0.2.1" */
std::string connection_address(std::string_view value) {
    const auto w = words_of(value);
    return w.size() >= 3 ? std::string(w[2]) : std::string();
}

bool is_telephone_event_8k(std::string_view encoding) {
    constexpr std::string_view expected = "telephone-event/8000";
    if (encoding.size() != expected.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(encoding[i])) != expected[i]) return false;
    return true;
}

std::string origin_line(const origin& o) {
    return "o=cvw " + std::to_string(o.session_id) + " " + std::to_string(o.version) + " IN IP4 " + o.address;
}

} // namespace

std::optional<audio_endpoint> audio_of(std::string_view sdp) {
    std::string session_address;
    std::optional<audio_endpoint> audio;
    bool in_audio = false;
    for (auto line : lines_of(sdp)) {
        if (line.size() < 2 || line[1] != '=') continue;
        const char type = line[0];
        const auto value = line.substr(2);
        if (type == 'm') {
            if (audio) break; // only the first audio stream matters
            const auto w = words_of(value);
            in_audio = w.size() >= 3 && w[0] == "audio";
            if (!in_audio) continue;
            auto port = number(w[1]);
            if (!port || *port <= 0 || *port > 65535) return std::nullopt;
            audio = audio_endpoint{session_address, *port, {}};
            for (std::size_t i = 3; i < w.size(); ++i)
                if (auto pt = number(w[i])) audio->payload_types.push_back(*pt);
        } else if (type == 'c') {
            if (in_audio && audio) audio->address = connection_address(value);
            else if (!audio) session_address = connection_address(value);
        } else if (type == 'a' && in_audio && audio && value.starts_with("rtpmap:")) {
            // a=rtpmap:101 telephone-event/8000 (the encoding name is case-insensitive, RFC 4855)
            const auto w = words_of(value.substr(7));
            const auto pt = w.size() == 2 ? number(w[0]) : std::nullopt;
            if (pt && is_telephone_event_8k(w[1]) &&
                std::find(audio->payload_types.begin(), audio->payload_types.end(), *pt) != audio->payload_types.end())
                audio->telephone_event = *pt;
        }
    }
    if (!audio || audio->address.empty() || audio->address == "0.0.0.0") return std::nullopt;
    return audio;
}

std::string rewrite_origin(std::string_view sdp, origin& leg_origin) {
    ++leg_origin.version;
    std::string out;
    bool replaced = false;
    for (auto line : lines_of(sdp)) {
        if (line.empty()) continue;
        if (!replaced && line.substr(0, 2) == "o=") {
            out += origin_line(leg_origin);
            replaced = true;
        } else {
            out += line;
        }
        out += "\r\n";
    }
    return out;
}

std::string make_offer(origin& leg_origin, const std::string& address, int port, int preferred) {
    ++leg_origin.version;
    return "v=0\r\n" + origin_line(leg_origin) + "\r\ns=cvw\r\nc=IN IP4 " + address + "\r\nt=0 0\r\nm=audio " +
           std::to_string(port) + (preferred == 8 ? " RTP/AVP 8 0 101" : " RTP/AVP 0 8 101") +
           "\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
           "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=ptime:20\r\na=sendrecv\r\n";
}

std::string make_single_codec_offer(origin& leg_origin, const std::string& address, int port, int payload_type) {
    ++leg_origin.version;
    const auto pt = std::to_string(payload_type == 8 ? 8 : 0);
    return "v=0\r\n" + origin_line(leg_origin) + "\r\ns=cvw\r\nc=IN IP4 " + address + "\r\nt=0 0\r\nm=audio " +
           std::to_string(port) + " RTP/AVP " + pt + "\r\na=rtpmap:" + pt + (payload_type == 8 ? " PCMA" : " PCMU") +
           "/8000\r\na=ptime:20\r\na=sendrecv\r\n";
}

std::string make_answer(origin& leg_origin, const std::string& address, int port, const audio_endpoint& offer) {
    ++leg_origin.version;
    const int g711 = pick_g711(offer);
    const auto pt = std::to_string(g711 == 8 ? 8 : 0);
    std::string out = "v=0\r\n" + origin_line(leg_origin) + "\r\ns=cvw\r\nc=IN IP4 " + address +
                      "\r\nt=0 0\r\nm=audio " + std::to_string(port) + " RTP/AVP " + pt;
    const auto event = std::to_string(offer.telephone_event);
    if (offer.telephone_event >= 0) out += " " + event;
    out += "\r\na=rtpmap:" + pt + (g711 == 8 ? " PCMA" : " PCMU") + "/8000\r\n";
    if (offer.telephone_event >= 0)
        out += "a=rtpmap:" + event + " telephone-event/8000\r\na=fmtp:" + event + " 0-15\r\n";
    return out + "a=ptime:20\r\na=sendrecv\r\n";
}

std::string make_rejection(origin& leg_origin) {
    ++leg_origin.version;
    return "v=0\r\n" + origin_line(leg_origin) + "\r\ns=cvw\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 0 RTP/AVP 0\r\n";
}

int pick_g711(const audio_endpoint& answer) {
    for (int pt : answer.payload_types)
        if (pt == 0 || pt == 8) return pt;
    return -1;
}

} // namespace cvw::sdp
