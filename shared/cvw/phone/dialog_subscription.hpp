// Keeps one dialog-event subscription (RFC 4235 over RFC 6665) to a desk phone alive: subscribes,
// lets the SIP stack refresh it while the PBX accepts it, and after a refusal or a termination
// subscribes again, backing off exponentially so a PBX that keeps refusing is not hammered.
#pragma once

#include <optional>
#include <vector>

namespace cvw::phone {

struct backoff_policy {
    int first_retry_seconds = 2;
    int max_retry_seconds = 300;
};

class dialog_subscription {
public:
    enum class state { idle, subscribing, active, waiting_to_retry, stopped };
    struct command {
        enum class kind { subscribe, unsubscribe, retry_later } what;
        int seconds = 0; ///< for retry_later: when to call retry_due()
        bool operator==(const command&) const = default;
    };

    explicit dialog_subscription(backoff_policy policy) : policy_(policy) {}

    void start();
    /** The PBX took the subscription (a 2xx, or a NOTIFY saying active or pending). */
    void accepted();
    /**
     * The PBX refused the subscription or a refresh, or ended it. `retry_after` is the delay it
     * asked for, if any. `deactivated` is RFC 6665's "subscribe again at once" (deactivated, timeout).
     */
    void ended(std::optional<int> retry_after, bool deactivated = false);
    /** The retry_later delay has passed. */
    void retry_due();
    void stop();

    state current() const { return state_; }
    /** The commands decided since the last call, oldest first. */
    std::vector<command> take_commands();

private:
    void retry_after(int seconds);

    backoff_policy policy_;
    state state_ = state::idle;
    int failures_ = 0; ///< consecutive ends without an acceptance in between
    std::vector<command> commands_;
};

} // namespace cvw::phone
