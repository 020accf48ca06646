#include "cvw/call/call_update.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::call {

call_kind call_update::kind() const {
    const auto handlers = overloaded{
        [](const click_to_call_progress&) { return call_kind::click_to_call; },
        [](const incoming_progress&) { return call_kind::incoming; },
        [](const meeting_join_progress&) { return call_kind::meeting_join; },
    };
    return std::visit(handlers, progress);
}

bool call_update::connected() const {
    const auto handlers = overloaded{
        [](const click_to_call_progress& p) { return p.now == state::connected; },
        [](const incoming_progress& p) { return p.now == incoming::state::connected; },
        [](const meeting_join_progress& p) { return p.now == meeting_join::state::in_meeting; },
    };
    return std::visit(handlers, progress);
}

bool call_update::ended() const {
    const auto handlers = overloaded{
        [](const click_to_call_progress& p) { return p.now == state::ended; },
        [](const incoming_progress& p) { return p.now == incoming::state::ended; },
        [](const meeting_join_progress& p) { return p.now == meeting_join::state::ended; },
    };
    return std::visit(handlers, progress);
}

std::string_view call_update::state_name() const {
    return std::visit([](const auto& p) { return to_string(p.now); }, progress);
}

std::string_view call_update::reason_name() const {
    if (!ended()) return {};
    const auto handlers = overloaded{
        [](const click_to_call_progress& p) { return to_string(p.reason); },
        [](const incoming_progress& p) { return to_string(p.how); },
        [](const meeting_join_progress& p) { return to_string(p.reason); },
    };
    return std::visit(handlers, progress);
}

} // namespace cvw::call
