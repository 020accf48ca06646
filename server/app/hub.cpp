// Presence, search and IM routing on the hub's strand.
#include "app/hub.hpp"

#include "cvw/overloaded.hpp"

#include "app/call_log_export.hpp"
#include "app/clock.hpp"
#include "calls/call_manager.hpp"
#include "cvw/call/click_to_call_types.hpp"
#include "cvw/addressing.hpp"
#include "cvw/call/incoming_call_types.hpp"
#include "cvw/call/incoming_routing.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/codec.hpp"
#include "log.hpp"
#include "net/websocket_session.hpp"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <future>
#include <sstream>

namespace cvw::server {

namespace net = boost::asio;
namespace websocket = boost::beast::websocket;

namespace {

constexpr int search_limit = 20;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::shared_ptr<const std::string> encoded(const protocol::event& e) {
    return std::make_shared<const std::string>(protocol::encode(e));
}

std::optional<person> person_of(const std::optional<user_record>& u) {
    if (!u) return std::nullopt;
    return person{.id = u->id, .username = u->username, .display_name = u->display_name, .enabled = u->enabled};
}

} // namespace

hub::hub(net::io_context& ioc, const server_config& config)
    : strand_(net::make_strand(ioc)), config_(config),
      dial_plan_(dial_plan::compile(config.dial_plan).value()), // load_config already compiled it once
      db_(config.database.string()), users_(db_), messages_(db_), call_log_(db_),
      recorder_(call_log_, users_,
                {.tabs = [this](std::int64_t user_id, const protocol::event& e) { send_to_user(user_id, encoded(e)); },
                 .presence = [this](std::int64_t user_id, bool in_call) { set_in_call(user_id, in_call); }}) {}

void hub::attach(std::shared_ptr<websocket_session> s) {
    ++session_count_;
    net::post(strand_, [self = shared_from_this(), s = std::move(s)]() mutable {
        auto* key = s.get();
        self->tabs_.emplace(key, tab{.session = std::move(s)});
    });
}

void hub::detach(std::shared_ptr<websocket_session> s) {
    net::post(strand_, [self = shared_from_this(), s = std::move(s)] {
        auto it = self->tabs_.find(s.get());
        if (it == self->tabs_.end()) return;
        self->unwatch(s.get(), it->second);
        const bool joined = it->second.joined;
        self->tabs_.erase(it);
        --self->session_count_;
        if (!joined) return;
        const auto user_id = s->who().user_id;
        auto& user = self->online_[user_id];
        std::erase(user.tabs, s.get());
        if (user.tabs.empty()) {
            self->online_.erase(user_id);
            self->publish_presence(user_id);
        }
    });
}

void hub::submit(std::shared_ptr<websocket_session> s, protocol::command c) {
    net::post(strand_, [self = shared_from_this(), s = std::move(s), c = std::move(c)] {
        auto it = self->tabs_.find(s.get());
        if (it == self->tabs_.end()) return;
        try {
            self->handle(s.get(), it->second, c);
        } catch (const std::exception& e) {
            log_error(std::string("command '") + std::string(protocol::type_name(c)) + "' failed: " + e.what());
            self->send(s.get(), protocol::refusal("internal"));
        }
    });
}

void hub::sign_out(std::string token_digest) {
    net::post(strand_, [self = shared_from_this(), token_digest = std::move(token_digest)] {
        for (auto& [key, t] : self->tabs_)
            if (key->who().token_digest == token_digest) key->close(websocket::close_code::normal, "signed out");
    });
}

void hub::close_all() {
    net::post(strand_, [self = shared_from_this()] {
        for (auto& [key, t] : self->tabs_) key->close(websocket::close_code::going_away, "server shutting down");
    });
}

std::future<void> hub::drained() {
    auto done = std::make_shared<std::promise<void>>();
    auto result = done->get_future();
    net::post(strand_, [done] { done->set_value(); });
    return result;
}

void hub::forget_all_after_stop() {
    calls_.reset();
    tabs_.clear();
    online_.clear();
    watchers_.clear();
    session_count_ = 0;
}

void hub::handle(websocket_session* s, tab& t, const protocol::command& c) {
    if (!t.joined && !std::holds_alternative<protocol::hello>(c)) return send(s, protocol::refusal("hello_required"));
    std::visit(overloaded{
                   [&](const protocol::hello& m) { on_hello(s, t, m); },
                   [&](const protocol::search& m) { on_search(s, m); },
                   [&](const protocol::set_presence& m) { on_set_presence(s, m); },
                   [&](const protocol::watch_presence& m) { on_watch(s, t, m); },
                   [&](const protocol::send_im& m) { on_send_im(s, m); },
                   [&](const protocol::get_history& m) { on_get_history(s, m); },
                   [&](const protocol::set_callback_number& m) { on_set_callback_number(s, m); },
                   [&](const protocol::place_call& m) { on_place_call(s, m); },
                   [&](const protocol::get_recent_calls& m) { on_get_recent_calls(s, m); },
                   [&](const protocol::hang_up& m) {
                       if (calls_) calls_->hang_up(s->who().user_id, m.call_id);
                   },
                   [&](const protocol::accept_call& m) {
                       if (calls_) calls_->accept(s->who().user_id, m.call_id);
                   },
                   [&](const protocol::decline_call& m) {
                       if (calls_) calls_->decline(s->who().user_id, m.call_id);
                   },
                   [&](const protocol::export_calls&) { on_export_calls(s, t); },
               },
               c);
}

void hub::on_hello(websocket_session* s, tab& t, const protocol::hello& m) {
    if (m.protocol != protocol::protocol_version)
        return send(s, protocol::refusal("unsupported_protocol", "protocol", "",
                                         {{"version", std::to_string(protocol::protocol_version)}}));
    if (t.joined) return send(s, protocol::refusal("already_greeted"));
    auto user = users_.find(s->who().user_id);
    if (!user || !user->enabled) {
        s->close(websocket::close_code::policy_error, "account disabled");
        return;
    }
    t.joined = true;
    t.language = i18n::catalogs::built_in().negotiate(m.language);
    auto& online = online_[user->id];
    const bool was_offline = online.tabs.empty();
    online.username = user->username;
    online.chosen = parse_availability(user->availability).value_or(availability::available);
    online.tabs.push_back(s);
    send(s, protocol::welcome{.protocol = protocol::protocol_version,
                              .language = t.language,
                              .self = contact_of(*user),
                              .chosen = online.chosen});
    send(s, settings_of(*user));
    send(s, calls_ ? calls_->service() : protocol::call_service{false, "not_set_up"});
    if (was_offline) publish_presence(user->id);
}

void hub::on_search(websocket_session* s, const protocol::search& m) {
    protocol::search_results out{m.request_id, {}};
    for (const auto& u : users_.search(m.query, search_limit)) out.results.push_back(contact_of(u));
    send(s, out);
}

void hub::on_set_presence(websocket_session* s, const protocol::set_presence& m) {
    const auto user_id = s->who().user_id;
    auto& online = online_.at(user_id);
    users_.set_availability(user_id, std::string(to_string(m.state)));
    if (online.chosen == m.state) return;
    online.chosen = m.state;
    publish_presence(user_id);
}

void hub::unwatch(websocket_session* s, tab& t) {
    for (const auto& name : t.watching) {
        auto it = watchers_.find(name);
        if (it == watchers_.end()) continue;
        it->second.erase(s);
        if (it->second.empty()) watchers_.erase(it);
    }
    t.watching.clear();
}

void hub::on_watch(websocket_session* s, tab& t, const protocol::watch_presence& m) {
    std::vector<std::string> wanted;
    for (const auto& u : m.users) wanted.push_back(lower(u));
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

    std::vector<std::string> added;
    std::set_difference(wanted.begin(), wanted.end(), t.watching.begin(), t.watching.end(), std::back_inserter(added));
    unwatch(s, t);
    for (const auto& name : wanted) watchers_[name].insert(s);
    t.watching = std::move(wanted);

    // Newly watched users' cards come at once, so a reconnecting tab is up to date and an IM from
    // someone never searched for shows a name.
    protocol::contacts cards;
    for (const auto& name : added)
        if (auto user = users_.find(name)) cards.people.push_back(contact_of(*user));
    if (!cards.people.empty()) send(s, cards);
}

void hub::on_send_im(websocket_session* s, const protocol::send_im& m) {
    const auto& from = s->who();
    auto to = users_.find(m.to);
    if (const auto refused = im_refusal(person_of(to), from.user_id))
        return send(s, *refused == address_refusal::yourself
                           ? protocol::refusal("invalid_value", "to", "self_im")
                           : protocol::refusal("not_found", "to", "user", {{"username", m.to}}));

    const auto stored = messages_.add(from.user_id, to->id, m.text, now_ms());
    const protocol::im_message msg{.id = stored.id,
                                   .from = from.username,
                                   .to = to->username,
                                   .text = stored.body,
                                   .sent_at_ms = stored.sent_at_ms};
    send_to_user(to->id, encoded(protocol::im_received{msg, ""}));
    send_to_user(from.user_id, encoded(protocol::im_received{msg, m.client_id}));
}

void hub::on_get_history(websocket_session* s, const protocol::get_history& m) {
    const auto& me = s->who();
    auto peer = users_.find(m.with);
    if (!peer) return send(s, protocol::refusal("not_found", "with", "user", {{"username", m.with}}));
    auto page = messages_.between(me.user_id, peer->id, m.before_id.value_or(0), static_cast<int>(m.limit));
    protocol::history out{peer->username, {}, page.has_more};
    for (auto& stored : page.messages) {
        const bool mine = stored.sender_id == me.user_id;
        out.messages.push_back({stored.id, mine ? me.username : peer->username, mine ? peer->username : me.username,
                                std::move(stored.body), stored.sent_at_ms});
    }
    send(s, out);
}

void hub::on_set_callback_number(websocket_session* s, const protocol::set_callback_number& m) {
    auto user = users_.find(s->who().user_id);
    if (!user) return;
    const auto policy = resolve_policy(config_.policy, users_.policy(user->id), user->number, user->callback_number);
    auto chosen = choose_callback_number(policy, dial_plan_, m.number);
    if (!chosen) {
        switch (chosen.error()) {
        case callback_choice_refusal::set_by_admin:
            return send(s, protocol::refusal("not_allowed", "number", "admin_callback"));
        case callback_choice_refusal::invalid_number:
            return send(s, protocol::refusal("invalid_value", "number", "not_a_number", {{"number", m.number}}));
        case callback_choice_refusal::not_allowed:
            return send(s, protocol::refusal("not_allowed", "number", "dial_plan", {{"number", m.number}}));
        }
    }
    const auto number = *chosen;
    users_.set_callback_number(user->id, number);
    user->callback_number = number;
    send_to_user(user->id, encoded(settings_of(*user)));
}

void hub::on_place_call(websocket_session* s, const protocol::place_call& m) {
    if (!calls_ || !calls_->enabled()) return send(s, protocol::refusal("calls_unavailable", "", "not_set_up"));
    auto user = users_.find(s->who().user_id);
    if (!user) return;
    const auto target = call_target_for(m.destination, person_of(users_.find(lower(m.destination))), user->id,
                                        config_.incoming.address_prefix);
    if (!target) return send(s, protocol::refusal("invalid_value", "destination", "self_call"));
    if (!m.conversation.empty() && !users_.find(lower(m.conversation)))
        return send(s, protocol::refusal("invalid_value", "conversation", "unknown_conversation",
                                         {{"username", m.conversation}}));
    const auto policy = resolve_policy(config_.policy, users_.policy(user->id), user->number, user->callback_number);
    calls_->place({.user_id = user->id,
                   .display_name = user->display_name,
                   .number = user->extension.empty() ? user->number : user->extension,
                   .policy = policy,
                   .username = user->username},
                  target->destination, target->callee_name, lower(m.conversation), target->cvw_user);
}

void hub::notify_user(std::int64_t user_id, protocol::event e) {
    net::post(strand_,
              [self = shared_from_this(), user_id, e = std::move(e)] { self->send_to_user(user_id, encoded(e)); });
}

void hub::record_call(call::call_update u) {
    net::post(strand_, [self = shared_from_this(), u = std::move(u)] { self->recorder_.record(u); });
}

void hub::route_incoming(sip::leg_id leg, std::string to_user, std::string from_user, std::string from_display,
                         std::string sdp) {
    net::post(strand_, [self = shared_from_this(), leg, to_user = std::move(to_user), from_user = std::move(from_user),
                        from_display = std::move(from_display), sdp = std::move(sdp)]() mutable {
        if (!self->calls_) return;
        const auto username = call::addressed_username(to_user, self->config_.incoming.address_prefix);
        const auto user = username ? self->users_.find(*username) : std::nullopt;
        if (!user || !user->enabled) return self->calls_->refuse(leg, 404);

        // The caller's display name arrives unescaped and cleaned; the desk phone's INVITE quotes it again.
        const auto caller =
            call::identify_caller(from_user, from_display, person_of(self->users_.find_by_phone(from_user)));
        const auto policy =
            resolve_policy(self->config_.policy, self->users_.policy(user->id), user->number, user->callback_number);
        const call::ring_config ring{.no_answer_ms = self->config_.incoming.no_answer_seconds * 1000LL,
                                     .fallback_number = self->config_.incoming.fallback_number};
        calls::incoming_target target{
            .user_id = user->id,
            .settings = call::ring_settings(policy, self->dial_plan_, ring, self->online_.count(user->id) > 0),
            .caller_name = caller.name,
            .caller_number = caller.number,
            .caller_username = caller.username};
        self->calls_->ring({leg, {}, std::move(sdp)}, std::move(target));
    });
}

void hub::on_get_recent_calls(websocket_session* s, const protocol::get_recent_calls& m) {
    protocol::recent_calls out;
    out.filter = m.filter;
    const auto which = m.filter == "missed"     ? call_log::filter::missed
                       : m.filter == "incoming" ? call_log::filter::incoming
                       : m.filter == "outgoing" ? call_log::filter::outgoing
                                                : call_log::filter::all;
    for (const auto& c : call_log_.recent(s->who().user_id, static_cast<int>(m.limit), which))
        out.calls.push_back(to_entry(c));
    send(s, out);
}

void hub::on_export_calls(websocket_session* s, const tab& t) {
    std::ostringstream csv;
    write_calls_csv(csv, call_log_.recent(s->who().user_id, max_exported_calls), t.language);
    send(s, protocol::calls_csv{"cvw-calls-" + s->who().username + ".csv", csv.str()});
}

void hub::broadcast(protocol::event e) {
    net::post(strand_, [self = shared_from_this(), e = std::move(e)] {
        const auto text = encoded(e);
        for (auto& [key, t] : self->tabs_)
            if (t.joined) key->send(text);
    });
}

protocol::settings hub::settings_of(const user_record& u) {
    const auto p = resolve_policy(config_.policy, users_.policy(u.id), u.number, u.callback_number);
    return {p.callback_number, u.callback_number, p.user_may_set_callback, p.enabled};
}

void hub::report_phone(std::int64_t user_id, bool in_call, std::vector<phone::finished_call> ended) {
    net::post(strand_, [self = shared_from_this(), user_id, in_call, ended = std::move(ended)] {
        self->recorder_.record_desk_phone_calls(user_id, ended);
        self->mark_in_call(self->phone_in_call_, user_id, in_call);
    });
}

void hub::list_desk_phones(std::function<void(std::vector<phones::desk_phone>)> done) {
    net::post(strand_, [self = shared_from_this(), done = std::move(done)] {
        std::vector<phones::desk_phone> out;
        try {
            for (const auto& u : self->users_.list()) {
                if (!u.enabled) continue;
                const auto p =
                    resolve_policy(self->config_.policy, self->users_.policy(u.id), u.number, u.callback_number);
                if (auto number = desk_phone_to_watch(p, u.number); !number.empty())
                    out.push_back({u.id, std::move(number)});
            }
        } catch (const std::exception& e) {
            log_error(std::string("could not read the desk phones to follow: ") + e.what());
            return; // keep following the ones we have
        }
        done(std::move(out));
    });
}

presence hub::presence_of(std::int64_t user_id) const {
    const bool calling = in_call_.count(user_id) > 0 || phone_in_call_.count(user_id) > 0;
    auto it = online_.find(user_id);
    if (it == online_.end()) return effective_presence(availability::available, false, calling);
    return effective_presence(it->second.chosen, true, calling);
}

void hub::set_in_call(std::int64_t user_id, bool calling) { mark_in_call(in_call_, user_id, calling); }

void hub::mark_in_call(std::unordered_set<std::int64_t>& source, std::int64_t user_id, bool calling) {
    const auto before = presence_of(user_id);
    if (calling) source.insert(user_id);
    else source.erase(user_id);
    // cvw and the desk phone may both say so: watchers hear of a change only once.
    if (presence_of(user_id) != before) publish_presence(user_id);
}

protocol::contact hub::contact_of(const user_record& u) const {
    return {.username = u.username,
            .display_name = u.display_name,
            .extension = u.extension,
            .number = u.number,
            .state = presence_of(u.id)};
}

void hub::publish_presence(std::int64_t user_id) {
    std::string username;
    if (auto it = online_.find(user_id); it != online_.end()) {
        username = it->second.username;
    } else if (auto u = users_.find(user_id)) {
        username = u->username;
    } else {
        return;
    }
    const auto text = encoded(protocol::presence_changed{username, presence_of(user_id)});
    std::unordered_set<websocket_session*> sent;
    if (auto it = watchers_.find(lower(username)); it != watchers_.end()) {
        for (auto* w : it->second) {
            w->send(text);
            sent.insert(w);
        }
    }
    // The user's own tabs keep their presence selectors in step.
    if (auto it = online_.find(user_id); it != online_.end())
        for (auto* own : it->second.tabs)
            if (!sent.count(own)) own->send(text);
}

void hub::send(websocket_session* s, const protocol::event& e) { s->send(encoded(e)); }

void hub::send_to_user(std::int64_t user_id, const std::shared_ptr<const std::string>& text) {
    auto it = online_.find(user_id);
    if (it == online_.end()) return;
    for (auto* s : it->second.tabs) s->send(text);
}

} // namespace cvw::server
