#include "cvw/call/incoming_routing.hpp"

#include "cvw/protocol/messages.hpp"
#include "cvw/sip/display_name.hpp"

#include <algorithm>
#include <cctype>

namespace cvw::call {
namespace {

bool same_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

std::optional<std::string> addressed_username(std::string_view to_user, std::string_view prefix) {
    if (to_user.size() <= prefix.size() || !same_ignoring_case(to_user.substr(0, prefix.size()), prefix))
        return std::nullopt;
    return lower(to_user.substr(prefix.size()));
}

caller_identity identify_caller(std::string_view from_number, std::string_view from_display,
                                const std::optional<person>& known) {
    caller_identity out;
    out.number = std::string(from_number.substr(0, protocol::limits::phone_number));
    if (known) {
        out.name = known->display_name;
        out.username = known->username;
    } else {
        out.name = std::string(sip::truncate_utf8(from_display, protocol::limits::peer_name));
    }
    return out;
}

incoming::settings ring_settings(const effective_policy& policy, const dial_plan& plan, const ring_config& config,
                                 bool tabs_open, incoming::do_not_disturb quiet) {
    const auto desk = dialable_callback(plan, policy.callback_number);
    return {.simultaneous_ring = policy.simultaneous_ring,
            .desk_number = policy.enabled && desk ? desk->number : std::string(),
            .no_answer_ms = config.no_answer_ms,
            .fallback_number = config.fallback_number,
            .tabs_open = tabs_open,
            .quiet = quiet};
}

} // namespace cvw::call
