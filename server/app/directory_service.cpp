#include "app/directory_service.hpp"

#include "cvw/number_match.hpp"
#include "net/websocket_session.hpp"

namespace cvw::server {

namespace websocket = boost::beast::websocket;

directory_service::directory_service(const server_config& config, const dial_plan& plan, user_store& users,
                                     const presence_service& presence, fan_out& out)
    : config_(config), dial_plan_(plan), users_(users), presence_(presence), out_(out) {}

std::optional<user_record> directory_service::find(const std::string& username) {
    return users_.find(username); // usernames compare without case in the database
}

std::optional<person> directory_service::person_of(const std::optional<user_record>& u) {
    if (!u) return std::nullopt;
    return person{.id = u->id, .username = u->username, .display_name = u->display_name, .enabled = u->enabled};
}

effective_policy directory_service::policy_of(const user_record& u) {
    return resolve_policy(config_.policy, users_.policy(u.id), u.number, u.callback_number);
}

protocol::contact directory_service::contact_of(const user_record& u) const {
    return {.username = u.username,
            .display_name = u.display_name,
            .extension = u.extension,
            .number = u.number,
            .state = presence_.of(u.id)};
}

protocol::settings directory_service::settings_of(const user_record& u) {
    const auto p = policy_of(u);
    return {p.callback_number, u.callback_number, p.user_may_set_callback,
            p.enabled,         u.language,        u.do_not_disturb_calls};
}

std::optional<user_record> directory_service::greet(const tab_ref& tab) {
    auto user = users_.find(tab.user_id);
    if (!user || !user->enabled) {
        tab.session->close(websocket::close_code::policy_error, "account disabled");
        return std::nullopt;
    }
    const auto chosen = parse_availability(user->availability).value_or(availability::available);
    auto self = contact_of(*user);
    self.state = presence_.once_online(user->id, chosen);
    tab.reply(protocol::welcome{
        .protocol = protocol::protocol_version, .language = tab.language, .self = std::move(self), .chosen = chosen});
    tab.reply(settings_of(*user));
    return user;
}

std::optional<user_record> directory_service::find_by_number(std::string_view text) {
    for (const auto& number : directory_numbers(text, dial_plan_))
        if (auto user = users_.find_by_phone(number)) return user;
    return std::nullopt;
}

void directory_service::search(const tab_ref& tab, const protocol::search& m) {
    protocol::search_results out{m.request_id, {}};
    // A number in any format finds its owner first; the word search would split it into pieces.
    const auto owner = find_by_number(m.query);
    if (owner) out.results.push_back(contact_of(*owner));
    for (const auto& u : users_.search(m.query, search_limit))
        if (!owner || u.id != owner->id) out.results.push_back(contact_of(u));
    if (out.results.size() > static_cast<std::size_t>(search_limit)) out.results.resize(search_limit);
    tab.reply(out);
}

void directory_service::send_cards(const tab_ref& tab, const std::vector<std::string>& usernames) {
    protocol::contacts cards;
    for (const auto& name : usernames)
        if (auto user = users_.find(name)) cards.people.push_back(contact_of(*user));
    if (!cards.people.empty()) tab.reply(cards);
}

void directory_service::set_callback_number(const tab_ref& tab, const protocol::set_callback_number& m) {
    auto user = users_.find(tab.user_id);
    if (!user) return;
    auto chosen = choose_callback_number(policy_of(*user), dial_plan_, m.number);
    if (!chosen) {
        switch (chosen.error()) {
        case callback_choice_refusal::set_by_admin:
            return tab.reply(protocol::refusal("not_allowed", "number", "admin_callback"));
        case callback_choice_refusal::invalid_number:
            return tab.reply(protocol::refusal("invalid_value", "number", "not_a_number", {{"number", m.number}}));
        case callback_choice_refusal::not_allowed:
            return tab.reply(protocol::refusal("not_allowed", "number", "dial_plan", {{"number", m.number}}));
        }
    }
    users_.set_callback_number(user->id, *chosen);
    user->callback_number = *chosen;
    out_.to_user(user->id, settings_of(*user)); // every tab of the user shows the new number
}

void directory_service::set_language(const tab_ref& tab, const protocol::set_language& m) {
    auto user = users_.find(tab.user_id);
    if (!user) return;
    users_.set_language(user->id, m.language);
    user->language = m.language;
    out_.to_user(user->id, settings_of(*user)); // every tab, the widget's too, switches
}

void directory_service::set_do_not_disturb_calls(const tab_ref& tab, const protocol::set_do_not_disturb_calls& m) {
    auto user = users_.find(tab.user_id);
    if (!user) return;
    users_.set_do_not_disturb_calls(user->id, m.calls); // the codec let only a known choice through
    user->do_not_disturb_calls = m.calls;
    out_.to_user(user->id, settings_of(*user));
}

std::vector<phones::desk_phone> directory_service::desk_phones() {
    std::vector<phones::desk_phone> out;
    for (const auto& u : users_.list()) {
        if (!u.enabled) continue;
        if (auto number = desk_phone_to_watch(policy_of(u), u.number); !number.empty())
            out.push_back({u.id, std::move(number)});
    }
    return out;
}

} // namespace cvw::server
