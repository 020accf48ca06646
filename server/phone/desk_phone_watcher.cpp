#include "phone/desk_phone_watcher.hpp"

#include "app/clock.hpp"
#include "log.hpp"
#include "sip/dialog_info_xml.hpp"
#include "sip/sofia_agent.hpp"

#include <boost/asio/post.hpp>

namespace cvw::server::phones {

namespace net = boost::asio;
using kind = phone::dialog_subscription::command::kind;

desk_phone_watcher::desk_phone_watcher(net::io_context& ioc, const pbx_config& config, phones_fn list_phones,
                                       report_fn report)
    : strand_(net::make_strand(ioc)), config_(config), list_phones_(std::move(list_phones)), report_(std::move(report)),
      resync_(strand_) {}

void desk_phone_watcher::start(sip::sofia_agent& agent) {
    net::post(strand_, [self = shared_from_this(), &agent] {
        self->agent_ = &agent;
        self->stopped_ = false;
        self->schedule_resync();
        self->list_phones_([self](std::vector<desk_phone> phones) {
            net::post(self->strand_, [self, phones = std::move(phones)] { self->sync(phones); });
        });
    });
}

void desk_phone_watcher::schedule_resync() {
    resync_.expires_after(std::chrono::seconds(config_.subscription_resync_seconds));
    resync_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->stopped_) return;
        self->list_phones_([self](std::vector<desk_phone> phones) {
            net::post(self->strand_, [self, phones = std::move(phones)] {
                if (!self->stopped_) self->sync(phones);
            });
        });
        self->schedule_resync();
    });
}

void desk_phone_watcher::sync(const std::vector<desk_phone>& phones) {
    std::unordered_map<std::int64_t, std::string> wanted;
    for (const auto& p : phones)
        if (!p.number.empty()) wanted.emplace(p.user_id, p.number);
    const auto before = watches_.size();
    for (auto it = watches_.begin(); it != watches_.end();) {
        auto& w = it->second;
        const auto keep = wanted.find(w.phone.user_id);
        if (keep != wanted.end() && keep->second == w.phone.number) {
            ++it;
            continue;
        }
        w.keeper.stop();
        run_commands(w);
        w.retry->cancel();
        if (w.reported_in_call) report_(w.phone.user_id, false, {});
        it = watches_.erase(it);
    }
    const phone::backoff_policy backoff{config_.subscription_retry_seconds, config_.subscription_retry_max_seconds};
    for (const auto& [user, number] : wanted) {
        auto [it, added] = watches_.try_emplace(user, watch{{user, number},
                                                            phone::dialog_subscription(backoff),
                                                            {},
                                                            0,
                                                            false,
                                                            std::make_unique<net::steady_timer>(strand_)});
        if (!added) continue;
        it->second.keeper.start();
        run_commands(it->second);
    }
    if (watches_.size() != before || before == 0)
        log_info("presence: following " + std::to_string(watches_.size()) + " desk phones at the PBX");
    count_active();
}

void desk_phone_watcher::stop() {
    net::post(strand_, [self = shared_from_this()] {
        self->stopped_ = true;
        self->resync_.cancel();
        for (auto& [user, w] : self->watches_) {
            w.keeper.stop();
            self->run_commands(w);
            w.retry->cancel();
        }
        self->count_active();
    });
}

void desk_phone_watcher::post(sip::subscription_event e) {
    net::post(strand_, [self = shared_from_this(), e = std::move(e)] { self->on_event(e); });
}

void desk_phone_watcher::on_event(const sip::subscription_event& e) {
    auto owner = user_of_.find(e.id);
    if (owner == user_of_.end()) return;
    auto& w = watches_.at(owner->second);
    if (w.current != e.id) return; // news of a subscription already given up
    switch (e.what) {
    case sip::subscription_event::kind::accepted: w.keeper.accepted(); break;
    case sip::subscription_event::kind::notified:
        w.keeper.accepted();
        on_notify(w, e);
        break;
    case sip::subscription_event::kind::ended:
        user_of_.erase(owner);
        w.current = 0;
        log_warn("presence: the PBX ended the dialog subscription for " + w.phone.number + " (" +
                 std::to_string(e.status) + ")");
        // The phone's state is unknown until the next subscription: show the user's own state.
        w.keeper.ended(e.retry_after, e.deactivated);
        report(w, {});
        break;
    }
    run_commands(w);
    count_active();
}

void desk_phone_watcher::on_notify(watch& w, const sip::subscription_event& e) {
    if (e.body.empty()) return; // a pending subscription has nothing to say yet
    auto info = sip::parse_dialog_info(e.body);
    if (!info) {
        log_warn("presence: ignored a NOTIFY for " + w.phone.number + " that is not a dialog-info document");
        return;
    }
    auto ended = w.dialogs.update(*info, now_ms());
    std::erase_if(ended, [this](const phone::finished_call& c) { return agent_->placed(c.call_id); });
    report(w, std::move(ended));
}

void desk_phone_watcher::report(watch& w, std::vector<phone::finished_call> ended) {
    const bool in_call = w.current != 0 && w.dialogs.in_call();
    if (in_call == w.reported_in_call && ended.empty()) return;
    w.reported_in_call = in_call;
    report_(w.phone.user_id, in_call, std::move(ended));
}

void desk_phone_watcher::run_commands(watch& w) {
    for (const auto& c : w.keeper.take_commands()) {
        switch (c.what) {
        case kind::subscribe:
            w.current = agent_->subscribe({"sip:" + w.phone.number + "@" + config_.domain, "dialog",
                                           "application/dialog-info+xml", config_.subscription_expires_seconds});
            user_of_[w.current] = w.phone.user_id;
            ++subscribes_sent_;
            break;
        case kind::unsubscribe:
            if (w.current) agent_->unsubscribe(w.current);
            user_of_.erase(w.current);
            w.current = 0;
            break;
        case kind::retry_later:
            w.retry->expires_after(std::chrono::seconds(c.seconds));
            w.retry->async_wait([self = shared_from_this(), user = w.phone.user_id](boost::system::error_code ec) {
                auto again = self->watches_.find(user);
                if (ec || again == self->watches_.end()) return;
                again->second.keeper.retry_due();
                self->run_commands(again->second);
            });
            break;
        }
    }
}

void desk_phone_watcher::count_active() {
    std::size_t n = 0;
    for (const auto& [user, w] : watches_) n += w.keeper.current() == phone::dialog_subscription::state::active;
    active_ = n;
}

} // namespace cvw::server::phones
