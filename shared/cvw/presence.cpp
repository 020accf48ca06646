// Presence names and the rule that turns a user's choice into what watchers see.
#include "cvw/presence.hpp"

#include <array>
#include <utility>

namespace cvw {
namespace {

constexpr std::array<std::pair<presence, std::string_view>, 6> presence_names{{
    {presence::available, "available"},
    {presence::busy, "busy"},
    {presence::do_not_disturb, "do_not_disturb"},
    {presence::away, "away"},
    {presence::offline, "offline"},
    {presence::in_a_call, "in_a_call"},
}};

} // namespace

std::string_view to_string(presence p) {
    for (const auto& [value, name] : presence_names)
        if (value == p) return name;
    return "offline";
}

std::string_view to_string(availability a) { return to_string(static_cast<presence>(a)); }

std::optional<presence> parse_presence(std::string_view s) {
    for (const auto& [value, name] : presence_names)
        if (name == s) return value;
    return std::nullopt;
}

std::optional<availability> parse_availability(std::string_view s) {
    auto p = parse_presence(s);
    if (!p || *p == presence::offline || *p == presence::in_a_call) return std::nullopt;
    return static_cast<availability>(*p);
}

presence effective_presence(availability chosen, bool any_tab_connected, bool in_a_call) {
    if (in_a_call && chosen != availability::do_not_disturb) return presence::in_a_call;
    if (!any_tab_connected) return presence::offline;
    return static_cast<presence>(chosen);
}

} // namespace cvw
