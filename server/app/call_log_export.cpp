#include "app/call_log_export.hpp"

#include "admin/csv.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/event_text.hpp"

#include <ctime>

namespace cvw::server {

protocol::call_entry to_entry(const call_record& c) {
    return {.id = c.id,
            .direction = c.direction,
            .peer_name = c.peer_name,
            .number = c.number,
            .started_at_ms = c.started_at_ms,
            .answered_at_ms = c.answered_at_ms,
            .ended_at_ms = c.ended_at_ms,
            .outcome = c.outcome,
            .via = c.via};
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

void write_calls_csv(std::ostream& out, const std::vector<call_record>& calls, std::string_view language,
                     const std::function<std::string(std::int64_t)>& username_of) {
    const auto& words = i18n::catalogs::built_in();
    std::vector<std::string> header;
    for (const char* column : {"direction", "peer", "number", "started", "answered", "ended", "duration_seconds",
                               "outcome", "message", "meeting"})
        header.push_back(words.render(language, {std::string("csv.heading.") + column, {}}));
    if (username_of) header.insert(header.begin(), words.render(language, {"csv.heading.user", {}}));
    write_csv_record(out, header);
    for (const auto& c : calls) {
        const auto duration = c.answered_at_ms > 0 ? (c.ended_at_ms - c.answered_at_ms) / 1000 : 0;
        std::vector<std::string> row{c.direction,
                                     c.peer_name,
                                     c.number,
                                     iso_utc(c.started_at_ms),
                                     iso_utc(c.answered_at_ms),
                                     iso_utc(c.ended_at_ms),
                                     std::to_string(duration),
                                     c.outcome,
                                     words.render(language, protocol::text_of(to_entry(c))),
                                     c.meeting_id};
        if (username_of) row.insert(row.begin(), username_of(c.user_id));
        write_csv_record(out, row);
    }
}

} // namespace cvw::server
