#include "cvw/phone/phone_dialogs.hpp"

#include "cvw/ascii.hpp"

#include <algorithm>
#include <set>

namespace cvw::phone {
namespace {

bool is_dialling(const std::string& state) { return state == "trying" || state == "proceeding" || state == "early"; }

} // namespace

std::string_view to_string(phone_outcome o) {
    switch (o) {
    case phone_outcome::answered: return "answered";
    case phone_outcome::not_answered: return "not_answered";
    case phone_outcome::missed: return "missed";
    }
    return "answered";
}

std::optional<phone_outcome> parse_phone_outcome(std::string_view name) {
    for (auto o : {phone_outcome::answered, phone_outcome::not_answered, phone_outcome::missed})
        if (to_string(o) == name) return o;
    return std::nullopt;
}

std::vector<finished_call> phone_dialogs::update(const dialog_info& info, std::int64_t now_ms) {
    std::vector<finished_call> ended;
    std::set<std::string> present;
    for (const auto& d : info.dialogs) {
        if (d.id.empty() || ended_ids_.count(d.id)) continue;
        present.insert(d.id);
        auto report = d;
        report.state = ascii_lower(d.state);
        auto [it, fresh] = dialogs_.try_emplace(d.id, tracked_dialog{report, now_ms, 0});
        auto& t = it->second;
        // Later documents may leave out the parties; keep what an earlier one said.
        if (report.remote_number.empty()) report.remote_number = t.last.remote_number;
        if (report.remote_display.empty()) report.remote_display = t.last.remote_display;
        t.last = report;
        if (report.state == "confirmed" && t.confirmed_at_ms == 0) t.confirmed_at_ms = now_ms;
        if (report.state == "terminated") {
            ended.push_back(finish(t, now_ms));
            dialogs_.erase(it);
        }
    }
    // A full document lists every dialog: the ones it leaves out are over.
    if (info.full) {
        for (auto it = dialogs_.begin(); it != dialogs_.end();) {
            if (present.count(it->first)) {
                ++it;
                continue;
            }
            ended.push_back(finish(it->second, now_ms));
            it = dialogs_.erase(it);
        }
    }
    return ended;
}

finished_call phone_dialogs::finish(const tracked_dialog& d, std::int64_t now_ms) {
    if (ended_ids_.insert(d.last.id).second) ended_order_.push_back(d.last.id);
    if (ended_order_.size() > ended_memory) {
        ended_ids_.erase(ended_order_.front());
        ended_order_.pop_front();
    }
    finished_call c;
    c.call_id = d.last.call_id;
    c.outgoing = d.last.initiator;
    c.number = d.last.remote_number;
    c.display = d.last.remote_display;
    c.started_at_ms = d.first_seen_ms;
    c.answered_at_ms = d.confirmed_at_ms;
    c.ended_at_ms = now_ms;
    c.outcome = d.confirmed_at_ms ? phone_outcome::answered
                : c.outgoing      ? phone_outcome::not_answered
                                  : phone_outcome::missed;
    return c;
}

bool phone_dialogs::in_call() const {
    return std::any_of(dialogs_.begin(), dialogs_.end(), [](const auto& entry) {
        const auto& d = entry.second.last;
        return d.state == "confirmed" || (d.initiator && is_dialling(d.state));
    });
}

} // namespace cvw::phone
