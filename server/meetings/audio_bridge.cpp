#include "meetings/audio_bridge.hpp"

#include <utility>

namespace cvw::server {

using json = nlohmann::json;

namespace {

constexpr const char* plugin = "janus.plugin.audiobridge";

int payload_type(g711 codec) { return codec == g711::pcmu ? 0 : 8; }
const char* codec_name(g711 codec) { return codec == g711::pcmu ? "pcmu" : "pcma"; }

std::optional<janus_error> error_of(const result<json, janus_error>& r) {
    if (r) return std::nullopt;
    return r.error();
}

janus_error malformed(const char* what) {
    return janus_error{.what = janus_error::kind::refused, .code = 0, .reason = what};
}

} // namespace

audio_bridge::audio_bridge(std::shared_ptr<janus_client> janus, std::string admin_key)
    : janus_(std::move(janus)), admin_key_(std::move(admin_key)) {}

void audio_bridge::start(std::function<void(bool available)> on_available) { janus_->start(std::move(on_available)); }

void audio_bridge::stop() { janus_->stop(); }

void audio_bridge::control(json body, std::function<void(result<json, janus_error>)> then) {
    janus_->attach(plugin, [janus = janus_, body = std::move(body),
                            then = std::move(then)](result<json, janus_error> a) mutable {
        if (!a) return then(a.error());
        const auto handle = a->at("handle").get<std::uint64_t>();
        janus->message(handle, std::move(body), [janus, handle, then = std::move(then)](result<json, janus_error> r) {
            janus->detach(handle);
            then(std::move(r));
        });
    });
}

void audio_bridge::create_room(std::uint64_t room, int sampling_rate, done then) {
    control({{"request", "create"},
             {"room", room},
             {"admin_key", admin_key_},
             {"is_private", true},
             {"sampling_rate", sampling_rate},
             {"allow_rtp_participants", true},
             {"audiolevel_event", true}},
            [then = std::move(then)](const result<json, janus_error>& r) { then(error_of(r)); });
}

void audio_bridge::destroy_room(std::uint64_t room, done then) {
    control({{"request", "destroy"}, {"room", room}},
            [then = std::move(then)](const result<json, janus_error>& r) { then(error_of(r)); });
}

void audio_bridge::join(std::uint64_t room, const std::string& display, g711 codec, const rtp_address& phone,
                        std::function<void(result<mixer_participant, janus_error>)> then) {
    json body{{"request", "join"},
              {"room", room},
              {"display", display},
              {"codec", codec_name(codec)},
              {"rtp", {{"ip", phone.ip}, {"port", phone.port}, {"payload_type", payload_type(codec)}}}};
    janus_->attach(plugin, [janus = janus_, room, body = std::move(body),
                            then = std::move(then)](result<json, janus_error> a) mutable {
        if (!a) return then(a.error());
        const auto handle = a->at("handle").get<std::uint64_t>();
        janus->message(
            handle, std::move(body), [janus, room, handle, then = std::move(then)](result<json, janus_error> r) {
                if (!r) {
                    janus->detach(handle);
                    return then(r.error());
                }
                const auto& rtp = r->contains("rtp") ? r->at("rtp") : json{};
                if (r->value("audiobridge", std::string{}) != "joined" || !rtp.is_object() || !r->contains("id")) {
                    janus->detach(handle);
                    return then(malformed("the mixer's join answer has no RTP address"));
                }
                then(mixer_participant{
                    .room = room,
                    .id = r->at("id").get<std::uint64_t>(),
                    .handle = handle,
                    .mixer_rtp = {.ip = rtp.value("ip", std::string{}), .port = rtp.value("port", std::uint16_t{0})}});
            });
    });
}

void audio_bridge::leave(const mixer_participant& p) {
    // Detaching the handle takes the participant out of the room and frees its RTP port.
    janus_->detach(p.handle);
}

void audio_bridge::mute(std::uint64_t room, std::uint64_t id, bool muted, done then) {
    control({{"request", muted ? "mute" : "unmute"}, {"room", room}, {"id", id}},
            [then = std::move(then)](const result<json, janus_error>& r) { then(error_of(r)); });
}

void audio_bridge::kick(std::uint64_t room, std::uint64_t id, done then) {
    control({{"request", "kick"}, {"room", room}, {"id", id}},
            [then = std::move(then)](const result<json, janus_error>& r) { then(error_of(r)); });
}

void audio_bridge::members(std::uint64_t room,
                           std::function<void(result<std::vector<room_member>, janus_error>)> then) {
    control({{"request", "listparticipants"}, {"room", room}}, [then = std::move(then)](result<json, janus_error> r) {
        if (!r) return then(r.error());
        std::vector<room_member> out;
        for (const auto& p : r->value("participants", json::array()))
            out.push_back(room_member{.id = p.value("id", std::uint64_t{0}),
                                      .display = p.value("display", std::string{}),
                                      .muted = p.value("muted", false)});
        then(std::move(out));
    });
}

} // namespace cvw::server
