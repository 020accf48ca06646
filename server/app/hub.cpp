// The registry and fan-out (one lock, read by every sender); the dispatch table that hands commands
// to the services.
#include "app/hub.hpp"

#include "calls/call_manager.hpp"
#include "cvw/addressing.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/overloaded.hpp"
#include "cvw/protocol/codec.hpp"
#include "log.hpp"
#include "net/websocket_session.hpp"

#include <boost/asio/post.hpp>

namespace cvw::server {

namespace net = boost::asio;
namespace websocket = boost::beast::websocket;

namespace {

constexpr int recent_contacts_at_hello = 10; // the sidebar's list; a tab may ask for more

std::shared_ptr<const std::string> encoded(const protocol::event& e) {
    return std::make_shared<const std::string>(protocol::encode(e));
}

} // namespace

hub::hub(net::io_context& ioc, const server_config& config)
    : services_(net::make_strand(ioc)), config_(config),
      dial_plan_(dial_plan::compile(config.dial_plan).value()), // load_config already compiled it once
      db_(config.database.string()), users_(db_), messages_(db_), call_log_(db_), favourite_rows_(db_),
      presence_(users_, *this), directory_(config, dial_plan_, users_, presence_, *this),
      favourites_(directory_, favourite_rows_, *this), recent_contacts_(config, directory_, messages_, call_log_),
      im_(directory_, messages_, *this), calls_(config, dial_plan_, directory_, presence_, call_log_, *this),
      meetings_(config, dial_plan_, directory_, db_, *this) {}

void hub::set_calls(std::shared_ptr<calls::call_manager> calls) {
    calls_.set_calls(calls);
    meetings_.set_calls(calls);
    call_manager_ = std::move(calls);
}

void hub::attach(std::shared_ptr<websocket_session> s) {
    std::unique_lock lock(registry_mutex_);
    registry_.add(std::move(s));
}

void hub::detach(const std::shared_ptr<websocket_session>& s) {
    std::unique_lock lock(registry_mutex_);
    if (const auto offline = registry_.remove(s.get()))
        net::post(services_, [self = shared_from_this(), offline] {
            // A tab of the user's may have joined since: then they stay online.
            if (!self->has_tabs(offline)) self->presence_.went_offline(offline);
        });
}

std::size_t hub::session_count() const {
    std::shared_lock lock(registry_mutex_);
    return registry_.size();
}

bool hub::has_tabs(std::int64_t user_id) {
    std::shared_lock lock(registry_mutex_);
    return !registry_.tabs_of(user_id).empty();
}

void hub::submit(const std::shared_ptr<websocket_session>& s, const protocol::command& c) {
    // A tab submits from its own strand, one command after another, and the services' strand runs
    // what is posted to it in order: each tab's commands are served in the order it sent them.
    std::unique_lock lock(registry_mutex_);
    auto* t = registry_.find(s.get());
    if (!t) return;
    if (!t->greeted && !std::holds_alternative<protocol::hello>(c))
        return tab_of(s.get(), *t).reply(protocol::refusal("hello_required"));
    route(s.get(), *t, c);
}

tab_ref hub::tab_of(websocket_session* s, const session_registry::tab& t) {
    return {.session = t.session, .user_id = s->who().user_id, .username = s->who().username, .language = t.language};
}

template <typename Work> void hub::serve(std::string_view command, tab_ref tab, Work work) {
    net::post(services_, [self = shared_from_this(), command, tab = std::move(tab), work = std::move(work)] {
        try {
            work(*self, tab);
        } catch (const std::exception& e) {
            log_error("command '" + std::string(command) + "' failed: " + e.what());
            tab.reply(protocol::refusal("internal"));
        }
    });
}

void hub::route(websocket_session* s, session_registry::tab& t, const protocol::command& c) {
    const auto name = protocol::type_name(c);
    // Calls in progress live in the call layer; the services' strand only hands these on, so they
    // stay behind the tab's hello (whose answers reach the tab only once it has joined).
    const auto calls = [&](auto act) {
        serve(name, tab_of(s, t), [act](hub& h, const tab_ref& tab) {
            if (h.call_manager_) act(*h.call_manager_, tab.user_id);
        });
    };
    std::visit(
        overloaded{
            [&](const protocol::hello& m) { on_hello(s, t, m); },
            [&](const protocol::watch_presence& m) { on_watch(s, m); },
            [&](const protocol::search& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.directory_.search(tab, m); });
            },
            [&](const protocol::set_presence& m) {
                serve(name, tab_of(s, t),
                      [m](hub& h, const tab_ref& tab) { h.presence_.choose(tab.user_id, m.state); });
            },
            [&](const protocol::set_callback_number& m) {
                serve(name, tab_of(s, t),
                      [m](hub& h, const tab_ref& tab) { h.directory_.set_callback_number(tab, m); });
            },
            [&](const protocol::set_language& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.directory_.set_language(tab, m); });
            },
            [&](const protocol::set_do_not_disturb_calls& m) {
                serve(name, tab_of(s, t),
                      [m](hub& h, const tab_ref& tab) { h.directory_.set_do_not_disturb_calls(tab, m); });
            },
            [&](const protocol::add_favourite& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.favourites_.add(tab, m); });
            },
            [&](const protocol::remove_favourite& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.favourites_.remove(tab, m); });
            },
            [&](const protocol::get_recent_contacts& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.recent_contacts_.get(tab, m); });
            },
            [&](const protocol::send_im& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.im_.send(tab, m); });
            },
            [&](const protocol::get_history& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.im_.history(tab, m); });
            },
            [&](const protocol::place_call& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.calls_.place(tab, m); });
            },
            [&](const protocol::get_recent_calls& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.calls_.recent(tab, m); });
            },
            [&](const protocol::export_calls&) {
                serve(name, tab_of(s, t), [](hub& h, const tab_ref& tab) { h.calls_.export_csv(tab); });
            },
            [&](const protocol::meet_now& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.meet_now(tab, m); });
            },
            [&](const protocol::invite_to_meeting& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.invite(tab, m); });
            },
            [&](const protocol::invite_number& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.invite_number(tab, m); });
            },
            [&](const protocol::add_to_call& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.add_to_call(tab, m); });
            },
            [&](const protocol::send_meeting_message& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.say(tab, m); });
            },
            [&](const protocol::get_meeting_messages& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.conversation(tab, m); });
            },
            [&](const protocol::join_meeting& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.join(tab, m); });
            },
            [&](const protocol::decline_meeting& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.decline(tab, m); });
            },
            [&](const protocol::get_meeting& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.describe(tab, m); });
            },
            [&](const protocol::mute_participant& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.mute(tab, m); });
            },
            [&](const protocol::remove_participant& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.remove(tab, m); });
            },
            [&](const protocol::end_meeting& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.end(tab, m); });
            },
            [&](const protocol::schedule_meeting& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.schedule(tab, m); });
            },
            [&](const protocol::get_meetings&) {
                serve(name, tab_of(s, t), [](hub& h, const tab_ref& tab) { h.meetings_.list(tab); });
            },
            [&](const protocol::get_meeting_calendar& m) {
                serve(name, tab_of(s, t), [m](hub& h, const tab_ref& tab) { h.meetings_.calendar(tab, m); });
            },
            [&](const protocol::hang_up& m) { calls([id = m.call_id](auto& cm, auto user) { cm.hang_up(user, id); }); },
            [&](const protocol::accept_call& m) {
                calls([id = m.call_id](auto& cm, auto user) { cm.accept(user, id); });
            },
            [&](const protocol::decline_call& m) {
                calls([id = m.call_id](auto& cm, auto user) { cm.decline(user, id); });
            },
        },
        c);
}

void hub::on_hello(websocket_session* s, session_registry::tab& t, const protocol::hello& m) {
    if (m.protocol != protocol::protocol_version)
        return tab_of(s, t).reply(protocol::refusal("unsupported_protocol", "protocol", "",
                                                    {{"version", std::to_string(protocol::protocol_version)}}));
    if (t.greeted) return tab_of(s, t).reply(protocol::refusal("already_greeted"));
    // Greeted at once, so the commands the tab sends next reach the services after its welcome.
    t.greeted = true;
    t.language = i18n::catalogs::built_in().negotiate(m.language);
    serve("hello", tab_of(s, t), [](hub& h, const tab_ref& tab) {
        if (!h.directory_.greet(tab)) return;
        tab.reply(h.favourites_.of(tab.user_id));
        tab.reply(h.recent_contacts_.of(tab.user_id, recent_contacts_at_hello));
        tab.reply(h.calls_.service());
        // A tab opened during a call or a meeting shows it too (on this strand, before any later step).
        for (const auto& e : h.calls_.live_calls(tab.user_id)) tab.reply(e);
        for (const auto& e : h.meetings_.rosters_of(tab.user_id)) tab.reply(e);
        h.join(tab.session);
    });
}

void hub::join(const std::shared_ptr<websocket_session>& s) {
    bool first = false;
    {
        std::unique_lock lock(registry_mutex_);
        first = registry_.join(s.get());
    }
    // On the services' strand, inside the hello: the user's own tabs hear them come online before
    // anything the tab asks next is served.
    if (first) presence_.came_online(s->who().user_id);
}

void hub::on_watch(websocket_session* s, const protocol::watch_presence& m) {
    std::vector<std::string> wanted;
    wanted.reserve(m.users.size());
    for (const auto& u : m.users) wanted.push_back(username_key(u));
    auto added = registry_.watch(s, std::move(wanted));
    if (added.empty()) return;
    // Newly watched users' cards come at once, so a reconnecting tab is up to date and an IM from
    // someone never searched for shows a name.
    serve("watch_presence", tab_of(s, *registry_.find(s)),
          [added = std::move(added)](hub& h, const tab_ref& tab) { h.directory_.send_cards(tab, added); });
}

void hub::sign_out(const std::string& token_digest) {
    std::shared_lock lock(registry_mutex_);
    registry_.for_each([&](websocket_session* s) {
        if (s->who().token_digest == token_digest) s->close(websocket::close_code::normal, "signed out");
    });
}

void hub::close_all() {
    std::shared_lock lock(registry_mutex_);
    registry_.for_each(
        [](websocket_session* s) { s->close(websocket::close_code::going_away, "server shutting down"); });
}

std::future<void> hub::drained() {
    auto done = std::make_shared<std::promise<void>>();
    auto result = done->get_future();
    // Once what the services still had to write has run, its events are on the tabs' queues.
    net::post(services_, [done] { done->set_value(); });
    return result;
}

void hub::forget_all_after_stop() {
    calls_.forget_calls();
    meetings_.set_calls(nullptr);
    meetings_.set_mixer_set_up(false);
    call_manager_.reset();
    std::unique_lock lock(registry_mutex_);
    registry_.clear();
}

void hub::record_call(call::call_update u) {
    net::post(services_, [self = shared_from_this(), u = std::move(u)] {
        self->calls_.record(u);
        self->meetings_.follow(u);
    });
}

void hub::report_talking(std::string meeting_id, std::string call_id, bool talking) {
    net::post(services_, [self = shared_from_this(), meeting_id = std::move(meeting_id), call_id = std::move(call_id),
                          talking] { self->meetings_.talking(meeting_id, call_id, talking); });
}

void hub::find_conference(std::string conference_id, calls::dial_in_entry::found_fn found) {
    net::post(services_, [self = shared_from_this(), id = std::move(conference_id), found = std::move(found)] {
        found(self->meetings_.by_conference_id(id));
    });
}

void hub::route_incoming(calls::call_manager::incoming_offer offer) {
    net::post(services_, [self = shared_from_this(), offer = std::move(offer)]() mutable {
        self->calls_.route_incoming(std::move(offer));
    });
}

void hub::report_phone(std::int64_t user_id, bool in_call, std::vector<phone::finished_call> ended) {
    net::post(services_, [self = shared_from_this(), user_id, in_call, ended = std::move(ended)] {
        self->calls_.report_phone(user_id, in_call, ended);
    });
}

void hub::list_desk_phones(std::function<void(std::vector<phones::desk_phone>)> done) {
    net::post(services_, [self = shared_from_this(), done = std::move(done)] {
        std::vector<phones::desk_phone> phones;
        try {
            phones = self->directory_.desk_phones();
        } catch (const std::exception& e) {
            log_error(std::string("could not read the desk phones to follow: ") + e.what());
            return; // keep following the ones we have
        }
        done(std::move(phones));
    });
}

// Each event is encoded once, outside the lock; a tab's send only queues it on the tab's strand.

void hub::to_user(std::int64_t user_id, protocol::event e) {
    const auto text = encoded(e);
    std::shared_lock lock(registry_mutex_);
    for (auto* s : registry_.tabs_of(user_id)) s->send(text);
}

void hub::to_watchers(std::int64_t user_id, std::string username, protocol::event e) {
    const auto text = encoded(e);
    const auto key = username_key(username);
    std::shared_lock lock(registry_mutex_);
    for (auto* s : registry_.audience_of(user_id, key)) s->send(text);
}

void hub::to_everyone(protocol::event e) {
    const auto text = encoded(e);
    std::shared_lock lock(registry_mutex_);
    registry_.for_each_joined([&](websocket_session* s) { s->send(text); });
}

} // namespace cvw::server
