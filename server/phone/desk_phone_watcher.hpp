// Presence from the desk phone: one dialog-event subscription (RFC 4235) per user's desk-phone
// number at the PBX, kept alive by the core's dialog_subscription, with each NOTIFY read by the
// core's phone_dialogs. Reports "in a call" changes and the calls the phone finished.
#pragma once

#include "config/server_config.hpp"
#include "cvw/phone/dialog_subscription.hpp"
#include "cvw/phone/phone_dialogs.hpp"
#include "sip/sip_types.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace cvw::server::sip {
class sofia_agent;
}

namespace cvw::server::phones {

/** A user whose desk phone is watched, and the number it has at the PBX. */
struct desk_phone {
    std::int64_t user_id = 0;
    std::string number;
};

/** All state lives on one strand; subscription events from the sofia thread are posted to it. */
class desk_phone_watcher : public std::enable_shared_from_this<desk_phone_watcher> {
public:
    /** The phone's "in a call" changed, or it finished calls (not the ones cvw placed to it). */
    using report_fn = std::function<void(std::int64_t user_id, bool in_call, std::vector<phone::finished_call> ended)>;
    /** Asks for the phones to follow (the directory's); the answer may come from another strand. */
    using phones_fn = std::function<void(std::function<void(std::vector<desk_phone>)>)>;

    desk_phone_watcher(boost::asio::io_context& ioc, const pbx_config& config, phones_fn list_phones, report_fn report);

    /**
     * Subscribes to every phone listed, and lists them again every `subscription_resync_seconds`
     * so users added, disabled or renumbered meanwhile are followed. The agent must outlive stop().
     */
    void start(sip::sofia_agent& agent);
    /** Unsubscribes everything and cancels the timers. */
    void stop();
    /** From the sofia thread: copies the event over to the strand. */
    void post(sip::subscription_event e);

    /** Subscriptions the PBX has accepted and not ended, for tests and /healthz. */
    std::size_t active() const { return active_.load(); }
    /** SUBSCRIBEs sent (first ones and re-subscribes, not the stack's own refreshes). */
    std::uint64_t subscribes_sent() const { return subscribes_sent_.load(); }

private:
    struct watch {
        desk_phone phone;
        phone::dialog_subscription keeper;
        phone::phone_dialogs dialogs;
        sip::subscription_id current = 0; ///< 0 while none is under way
        bool reported_in_call = false;
        std::unique_ptr<boost::asio::steady_timer> retry;
    };

    /** Follows exactly `phones` from now on: starts the new ones, drops the ones gone or renumbered. */
    void sync(const std::vector<desk_phone>& phones);
    void schedule_resync();
    void on_event(const sip::subscription_event& e);
    void on_notify(watch& w, const sip::subscription_event& e);
    void run_commands(watch& w);
    void report(watch& w, std::vector<phone::finished_call> ended);
    void count_active();

    boost::asio::strand<boost::asio::io_context::executor_type> strand_;
    const pbx_config& config_;
    phones_fn list_phones_;
    report_fn report_;
    sip::sofia_agent* agent_ = nullptr;
    boost::asio::steady_timer resync_;
    bool stopped_ = false;
    std::unordered_map<std::int64_t, watch> watches_; // by user id
    std::unordered_map<sip::subscription_id, std::int64_t> user_of_;
    std::atomic<std::size_t> active_{0};
    std::atomic<std::uint64_t> subscribes_sent_{0};
};

} // namespace cvw::server::phones
