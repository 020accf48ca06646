// One incoming call for a cvw user: drives the pure machine from the caller's leg, the desk-phone
// leg and the page, and carries out its commands. cvw stays in the signalling only: the desk
// phone gets the caller's offer and the caller gets the desk phone's answer.
#pragma once

#include "calls/click_to_call.hpp"
#include "calls/reinvite_relay.hpp"
#include "cvw/call/incoming_call_machine.hpp"

#include <memory>
#include <optional>

namespace cvw::server::calls {

/** Whom an incoming call is for, as the calls service resolved it from the directory. */
struct incoming_target {
    std::int64_t user_id = 0;
    call::incoming::settings settings;
    std::string caller_name;     ///< from the directory when the number is known, else as sent
    std::string caller_number;   ///< the user part of the caller's From
    std::string caller_username; ///< the caller's username when the number is in the directory
};

class incoming_call final : public call_driver, public std::enable_shared_from_this<incoming_call> {
public:
    incoming_call(call_environment& env, std::string id, sip::leg_id caller_leg, std::string caller_sdp,
                  incoming_target target, std::int64_t now_ms);
    ~incoming_call() override;
    incoming_call(const incoming_call&) = delete;
    incoming_call& operator=(const incoming_call&) = delete;

    void start();
    bool accept() override {
        feed(call::incoming::events::accepted_in_browser{});
        return true;
    }
    bool decline() override {
        feed(call::incoming::events::declined_in_browser{});
        return true;
    }
    void hang_up() override { feed(call::incoming::events::hangup_requested{}); }
    /** The server is shutting down: the caller goes to the fallback (or 480), or both legs get a BYE. */
    void stop() override { feed(call::incoming::events::server_stopping{}); }
    void on_leg_event(const sip::leg_event& e) override;

    const std::string& id() const override { return id_; }
    std::int64_t user_id() const override { return target_.user_id; }
    bool ended() const override { return machine_.current() == call::incoming::state::ended; }
    /** Ended and both legs released: nothing of the call is left. */
    bool finished() const override { return ended() && caller_.released() && desk_.released(); }

private:
    void feed(const call::incoming::event& e);
    void execute(const call::incoming::command& c);
    void on_caller(const call::leg::command& notification);
    void on_desk(const call::leg::command& notification);
    std::string uri_for(const std::string& number) const { return "sip:" + number + "@" + env_.domain; }

    call_environment& env_;
    std::string id_;
    incoming_target target_;
    call::incoming::incoming_call_machine machine_;
    std::int64_t started_at_ms_;
    std::int64_t connected_at_ms_ = 0;

    sip_leg caller_;
    sip_leg desk_;
    std::string caller_sdp_;              ///< the caller's offer; empty when it wants one (late offer)
    std::string desk_sdp_;                ///< the desk phone's answer, or its offer for a late-offer caller
    bool waiting_for_caller_ack_ = false; ///< late offer: the caller's ACK answers the desk phone
    bool phones_talking_ = false;
    reinvite_relay reinvites_{caller_, desk_}; ///< hold/resume between the phones once they talk
    call_clock::timer_id no_answer_timer_ = 0;
};

} // namespace cvw::server::calls
