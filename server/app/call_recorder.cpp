#include "app/call_recorder.hpp"

#include "app/call_log_export.hpp"
#include "cvw/protocol/call_events.hpp"
#include "cvw/sip/display_name.hpp"
#include "log.hpp"

#include <optional>

namespace cvw::server {

namespace {

const char* direction_of(const call::call_update& u) {
    switch (u.kind()) {
    case call::call_kind::incoming: return "incoming";
    case call::call_kind::meeting_join: // the peer is the meeting's subject
        return std::get<call::meeting_join_progress>(u.progress).dialled_in ? "meeting_dial_in" : "meeting";
    case call::call_kind::click_to_call: break;
    }
    return "outgoing";
}

call_record record_of(const call::call_update& u) {
    const auto* join = std::get_if<call::meeting_join_progress>(&u.progress);
    return {.user_id = u.user_id,
            .direction = direction_of(u),
            .peer_name = u.peer.name,
            .number = u.peer.number,
            .started_at_ms = u.started_at_ms,
            .answered_at_ms = u.connected_at_ms,
            .ended_at_ms = u.ended_at_ms,
            .outcome = std::string(u.reason_name()),
            .via = "cvw",
            .meeting_id = join ? join->meeting_id : std::string()};
}

} // namespace

call_recorder::call_recorder(call_log& log, directory_service& directory, outlets out)
    : log_(log), directory_(directory), out_(std::move(out)) {}

void call_recorder::record(const call::call_update& u) {
    std::optional<call_record> logged;
    if (u.ended()) {
        try {
            logged = record_of(u);
            logged->id = log_.add(*logged);
        } catch (const std::exception& e) {
            logged.reset();
            log_error("could not log call " + u.call_id + ": " + e.what());
        }
    }
    if (u.user_id == 0) return; // an outside number in a meeting: logged, but no tabs or presence
    if (u.connected() || u.ended()) out_.presence(u.user_id, u.connected());
    // Do not disturb: the tabs never ring; the call reaches them as a line in the call log.
    if (const auto* in = std::get_if<call::incoming_progress>(&u.progress); in && !in->tabs_ring) {
        if (logged) out_.tabs(u.user_id, protocol::call_logged{to_entry(*logged)});
        return;
    }
    auto event = protocol::to_event(u);
    if (u.ended()) {
        const auto user = live_.find(u.user_id);
        if (user != live_.end() && user->second.erase(u.call_id) == 1 && user->second.empty()) live_.erase(user);
    } else {
        live_[u.user_id].insert_or_assign(u.call_id, event);
    }
    out_.tabs(u.user_id, event);
}

std::vector<protocol::event> call_recorder::live_calls(std::int64_t user_id) const {
    std::vector<protocol::event> out;
    if (const auto user = live_.find(user_id); user != live_.end())
        for (const auto& [id, e] : user->second) out.push_back(e);
    return out;
}

void call_recorder::record_desk_phone_calls(std::int64_t user_id, const std::vector<phone::finished_call>& calls) {
    for (const auto& c : calls) {
        const auto known = directory_.find_by_number(c.number);
        call_record r{.user_id = user_id,
                      .direction = c.outgoing ? "outgoing" : "incoming",
                      // A name the PBX reported: readable text, cut between characters.
                      .peer_name = known ? known->display_name
                                         : std::string(cvw::sip::truncate_utf8(cvw::sip::clean_display_text(c.display),
                                                                               protocol::limits::peer_name)),
                      .number = c.number.substr(0, protocol::limits::phone_number),
                      .started_at_ms = c.started_at_ms,
                      .answered_at_ms = c.answered_at_ms,
                      .ended_at_ms = c.ended_at_ms,
                      .outcome = std::string(phone::to_string(c.outcome)),
                      .via = "phone"};
        try {
            r.id = log_.add(r);
        } catch (const std::exception& e) {
            log_error("could not log the desk phone's call " + c.call_id + ": " + e.what());
            continue;
        }
        out_.tabs(user_id, protocol::call_logged{to_entry(r)});
    }
}

} // namespace cvw::server
