#include "cvw/protocol/event_text.hpp"

#include "cvw/overloaded.hpp"
#include "cvw/protocol/decode_error.hpp"
#include "cvw/protocol/codec.hpp"

namespace cvw::protocol {
namespace {

/** A person's name as the text shows it: the name, else the number, else a catalog phrase. */
i18n::text& with_name(i18n::text& t, const std::string& name, const std::string& number, const char* unknown_key) {
    if (!name.empty()) return t.with("name", name);
    if (!number.empty()) return t.with("name", number);
    return t.with_key("name", unknown_key);
}

} // namespace

i18n::text text_of(const error& e) {
    i18n::text t{"error." + e.code + (e.detail.empty() ? std::string() : "." + e.detail), {}};
    if (!e.field.empty()) t.with("field", e.field);
    for (const auto& [name, value] : e.params) t.with(name, value);
    return t;
}

i18n::text text_of(const decode_error& e) { return text_of(to_error_event(e)); }

i18n::text text_of(const call_state& s) {
    if (s.state != "ended" || s.reason.empty()) return {};
    i18n::text t{"call.ended." + s.reason, {}};
    // A typed number is no name to put in a sentence: "The person you called did not answer."
    return with_name(t, s.callee_name, "", "peer.person_you_called");
}

i18n::text text_of(const incoming_call& c) {
    if (c.state != "ended" || c.outcome.empty()) return {};
    i18n::text t{"incoming.ended." + c.outcome, {}};
    return with_name(t, c.caller_name, c.caller_number, "peer.unknown_number");
}

i18n::text text_of(const meeting_state& m) {
    if (m.state != "ended" || m.reason.empty()) return {};
    return {"meeting.ended." + m.reason, {}};
}

i18n::text text_of(const call_entry& c) {
    if (c.outcome.empty()) return {};
    if (c.via == "phone") {
        i18n::text t{"phone.ended." + c.outcome, {}};
        return with_name(t, c.peer_name, c.number, "peer.unknown_number");
    }
    if (c.direction == "meeting" || c.direction == "meeting_dial_in") return {"meeting.ended." + c.outcome, {}};
    if (c.direction == "incoming") {
        i18n::text t{"incoming.ended." + c.outcome, {}};
        return with_name(t, c.peer_name, c.number, "peer.unknown_number");
    }
    i18n::text t{"call.ended." + c.outcome, {}};
    return with_name(t, c.peer_name, "", "peer.person_you_called");
}

i18n::text text_of(const call_service& s) {
    if (s.available || s.reason.empty()) return {};
    return {"service." + s.reason, {}};
}

std::optional<i18n::text> text_of(const event& e) {
    const auto words = overloaded{
        [](const error& m) -> std::optional<i18n::text> { return text_of(m); },
        [](const call_state& m) -> std::optional<i18n::text> { return text_of(m); },
        [](const incoming_call& m) -> std::optional<i18n::text> { return text_of(m); },
        [](const call_service& m) -> std::optional<i18n::text> { return text_of(m); },
        [](const call_logged& m) -> std::optional<i18n::text> { return text_of(m.call); },
        [](const meeting_state& m) -> std::optional<i18n::text> { return text_of(m); },
        [](const auto&) -> std::optional<i18n::text> { return std::nullopt; },
    };
    auto t = std::visit(words, e);
    if (t && t->empty()) return std::nullopt;
    return t;
}

} // namespace cvw::protocol
