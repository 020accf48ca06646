#include "app/call_log_export.hpp"

#include "admin/csv.hpp"
#include "cvw/call/click_to_call_types.hpp"
#include "cvw/call/incoming_call_types.hpp"
#include "cvw/phone/phone_dialogs.hpp"

#include <ctime>

namespace cvw::server {

std::string describe_outcome(const call_record& c) {
    const auto& peer = c.peer_name.empty() ? c.number : c.peer_name;
    if (c.via == "phone") {
        const auto o = phone::parse_phone_outcome(c.outcome);
        return o ? phone::describe(*o, peer) : std::string();
    }
    if (c.direction == "incoming") {
        const auto o = call::incoming::parse_outcome(c.outcome);
        return o ? call::incoming::describe(*o, peer) : std::string();
    }
    const auto reason = call::parse_end_reason(c.outcome);
    return reason ? call::describe(*reason, c.peer_name) : std::string();
}

std::string iso_utc(std::int64_t ms) {
    if (ms <= 0) return {};
    const std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::optional<std::int64_t> parse_utc_date(const std::string& text) {
    std::tm tm{};
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return std::nullopt;
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1970) return std::nullopt;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    const std::time_t t = timegm(&tm);
    std::tm back{};
    gmtime_r(&t, &back);
    if (back.tm_mday != d) return std::nullopt; // 2026-02-30 and the like
    return static_cast<std::int64_t>(t) * 1000;
}

void write_calls_csv(std::ostream& out, const std::vector<call_record>& calls,
                     const std::function<std::string(std::int64_t)>& username_of) {
    std::vector<std::string> header{"direction",        "peer",    "number", "started", "answered", "ended",
                                    "duration_seconds", "outcome", "message"};
    if (username_of) header.insert(header.begin(), "user");
    write_csv_record(out, header);
    for (const auto& c : calls) {
        const auto duration = c.answered_at_ms > 0 ? (c.ended_at_ms - c.answered_at_ms) / 1000 : 0;
        // clang-format off
        std::vector<std::string> row{c.direction,      c.peer_name,          c.number,
                                     iso_utc(c.started_at_ms), iso_utc(c.answered_at_ms), iso_utc(c.ended_at_ms),
                                     std::to_string(duration), c.outcome,    describe_outcome(c)};
        // clang-format on
        if (username_of) row.insert(row.begin(), username_of(c.user_id));
        write_csv_record(out, row);
    }
}

} // namespace cvw::server
