#include "app/calls_service.hpp"

#include "app/call_log_export.hpp"
#include "cvw/addressing.hpp"
#include "cvw/call/incoming_routing.hpp"
#include "cvw/meeting/masked_number.hpp"
#include "cvw/presence.hpp"

#include <sstream>

namespace cvw::server {

calls_service::calls_service(const server_config& config, const dial_plan& plan, directory_service& directory,
                             presence_service& presence, call_log& log, fan_out& out)
    : config_(config), dial_plan_(plan), directory_(directory), presence_(presence), log_(log),
      recorder_(log, directory,
                {.tabs = [&out](std::int64_t user_id, const protocol::event& e) { out.to_user(user_id, e); },
                 .presence =
                     [&presence](std::int64_t user_id, bool in_call) {
                         presence.set_in_call(presence_service::call_source::cvw_call, user_id, in_call);
                     }}) {}

protocol::call_service calls_service::service() const {
    return calls_ ? calls_->service() : protocol::call_service{false, "not_set_up"};
}

void calls_service::place(const tab_ref& tab, const protocol::place_call& m) {
    if (!calls_ || !calls_->enabled()) return tab.reply(protocol::refusal("calls_unavailable", "", "not_set_up"));
    auto user = directory_.find(tab.user_id);
    if (!user) return;
    auto target = call_target_for(m.destination, directory_service::person_of(directory_.find(m.destination)), user->id,
                                  config_.incoming.address_prefix);
    if (!target) return tab.reply(protocol::refusal("invalid_value", "destination", "self_call"));
    // A colleague's number, however written, is dialled as typed but shown (and logged) with their name.
    if (target->cvw_user.empty())
        if (const auto owner = directory_.find_by_number(m.destination)) target->callee_name = owner->display_name;
    if (!m.conversation.empty() && !directory_.find(m.conversation))
        return tab.reply(
            protocol::refusal("invalid_value", "conversation", "unknown_conversation", {{"username", m.conversation}}));
    calls_->place({.user_id = user->id,
                   .display_name = user->display_name,
                   .number = user->extension.empty() ? user->number : user->extension,
                   .numbers = {.extension = user->extension, .direct = user->number},
                   .policy = directory_.policy_of(*user),
                   .username = user->username},
                  target->destination, target->callee_name, username_key(m.conversation), target->cvw_user);
}

void calls_service::recent(const tab_ref& tab, const protocol::get_recent_calls& m) {
    protocol::recent_calls out;
    out.filter = m.filter;
    const auto which = m.filter == "missed"     ? call_log::filter::missed
                       : m.filter == "incoming" ? call_log::filter::incoming
                       : m.filter == "outgoing" ? call_log::filter::outgoing
                                                : call_log::filter::all;
    out.before_id = m.before_id;
    const auto limit = static_cast<int>(m.limit);
    auto calls = log_.recent(tab.user_id, limit + 1, which, m.before_id); // one more says whether there is more
    out.more = calls.size() > static_cast<std::size_t>(limit);
    if (out.more) calls.pop_back();
    for (const auto& c : calls) out.calls.push_back(to_entry(c));
    tab.reply(out);
}

void calls_service::export_csv(const tab_ref& tab) {
    std::ostringstream csv;
    write_calls_csv(csv, log_.recent(tab.user_id, max_exported_calls), tab.language);
    tab.reply(protocol::calls_csv{"cvw-calls-" + tab.username + ".csv", csv.str()});
}

void calls_service::route_incoming(calls::call_manager::incoming_offer offer) {
    if (!calls_) return;
    if (const auto& bridge = config_.meetings.bridge_user(); !bridge.empty() && offer.parties.to_user == bridge) {
        // Someone dialled the meeting bridge: a colleague is named, an outside number partly masked.
        const auto number = offer.parties.from_user.substr(0, protocol::limits::phone_number);
        auto known = directory_.find_by_number(number);
        calls::dial_in_caller who{.leg = offer.leg,
                                  .sdp = {},
                                  .number = number,
                                  .user_id = known ? known->id : 0,
                                  .name = known ? known->display_name : meeting::masked_number(number)};
        return calls_->dial_in(std::move(offer), std::move(who));
    }
    const auto username = call::addressed_username(offer.parties.to_user, config_.incoming.address_prefix);
    const auto user = username ? directory_.find(*username) : std::nullopt;
    if (!user || !user->enabled) return calls_->refuse(offer.leg, 404);

    // The caller's display name arrives unescaped and cleaned; the desk phone's INVITE quotes it again.
    const auto caller =
        call::identify_caller(offer.parties.from_user, offer.parties.from_display,
                              directory_service::person_of(directory_.find_by_number(offer.parties.from_user)));
    const call::ring_config ring{.no_answer_ms = config_.incoming.no_answer_seconds * 1000LL,
                                 .fallback_number = config_.incoming.fallback_number};
    // Do not disturb holds while the page is closed too: it is what the user chose last.
    const auto quiet = user->availability == to_string(availability::do_not_disturb)
                           ? call::incoming::parse_do_not_disturb(user->do_not_disturb_calls)
                                 .value_or(call::incoming::do_not_disturb::desk_phone_only)
                           : call::incoming::do_not_disturb::off;
    calls::incoming_target target{.user_id = user->id,
                                  .settings = call::ring_settings(directory_.policy_of(*user), dial_plan_, ring,
                                                                  presence_.online(user->id), quiet),
                                  .caller_name = caller.name,
                                  .caller_number = caller.number,
                                  .caller_username = caller.username};
    calls_->ring({offer.leg, {}, std::move(offer.sdp)}, std::move(target));
}

void calls_service::report_phone(std::int64_t user_id, bool in_call, const std::vector<phone::finished_call>& ended) {
    recorder_.record_desk_phone_calls(user_id, ended);
    presence_.set_in_call(presence_service::call_source::desk_phone, user_id, in_call);
}

} // namespace cvw::server
