// One click-to-call: two SIP legs joined by the business machine and the connect machine.
#pragma once

#include "calls/call_clock.hpp"
#include "calls/call_driver.hpp"
#include "calls/call_types.hpp"
#include "calls/reinvite_relay.hpp"
#include "calls/sip_leg.hpp"
#include "calls/sip_leg_port.hpp"
#include "cvw/call/call_update.hpp"
#include "cvw/call/click_to_call_machine.hpp"
#include "cvw/call/connect_machine.hpp"
#include "cvw/protocol/messages.hpp"
#include "cvw/sdp/sdp.hpp"
#include "media/early_media_relay.hpp"
#include "media/ringback_stream.hpp"
#include "sip/sip_types.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <map>
#include <memory>

namespace cvw::server::calls {

/** What a call needs from its surroundings; all used on the call manager's strand. */
struct call_environment {
    boost::asio::any_io_executor executor; ///< for the RTP sockets of ringback and early media
    sip_leg_port& sip;
    call_clock& clock;
    std::shared_ptr<media::rtp_port_pool> ports;
    std::string domain; ///< host[:port] for request URIs
    std::string media_address;
    bool relay_early_media = true; ///< offer cvw's media to the callee (see docs/sip-flows.md)
    std::function<void(sip::leg_id, std::string /*call id*/)> bind_leg;
    /** Every call's every step, as one typed update (written out by app/call_recorder). */
    std::function<void(call::call_update)> report;
    /** Something a call waited for outside its legs came back (a mixer's seat): it may be finished now. */
    std::function<void(const std::string& call_id)> settled = [](const std::string&) {};
    /** A meeting join's phone started or stopped talking, as the mixer heard it. */
    std::function<void(const std::string& meeting_id, const std::string& call_id, bool talking)> talking =
        [](const std::string&, const std::string&, bool) {};
};

class click_to_call final : public call_driver, public std::enable_shared_from_this<click_to_call> {
public:
    click_to_call(call_environment& env, std::string id, caller who, std::string callee_name, dial_plan plan,
                  call::ring_timeouts timeouts, std::int64_t now_ms, std::string conversation = {});
    ~click_to_call() override;
    click_to_call(const click_to_call&) = delete;
    click_to_call& operator=(const click_to_call&) = delete;

    /**
     * `to_cvw_user`: the destination is a directory user's cvw address (see call_requested); the
     * page and the call log then show `username`, so "call back" calls them by name again.
     */
    void start(const std::string& destination, bool to_cvw_user = false, std::string username = {});
    void hang_up() override;
    /** The server is shutting down: CANCEL or BYE both legs and close the media now. */
    void stop() override;
    void on_leg_event(const sip::leg_event& e) override;

    /** Both phones, still talking, for the meeting Add person makes of the call. */
    struct handed_over {
        std::unique_ptr<sip_leg> desk;
        std::unique_ptr<sip_leg> callee;
        caller user;             ///< whose call it was
        std::string desk_number; ///< the user's phone as rung
        std::string callee_name;
        std::string callee_number;
        std::string callee_username; ///< when the callee is a directory user called by name
    };
    /**
     * Whether the phones can go to a meeting now: they talk to each other with no re-INVITE under
     * way, and each takes G.711, which the mixer needs.
     */
    bool can_hand_over() const;
    /**
     * Add person: gives both legs up and ends the call as `escalated`, without hanging up. Nothing
     * (and the call goes on) unless can_hand_over().
     */
    std::optional<handed_over> hand_over();

    const std::string& id() const override { return id_; }
    std::int64_t user_id() const override { return caller_.user_id; }
    /** Ended, both legs released and media closed: nothing of the call is left. */
    bool finished() const override;
    bool ended() const override { return machine_.current() == call::state::ended; }

private:
    void feed(const call::event& e);
    void execute(const call::command& c);
    void connect(const call::connect::event& e);
    void execute_connect(const call::connect::command& c);
    std::string uri_for(const std::string& number) const;
    void on_own_phone(const call::leg::command& notification);
    void on_callee(const call::leg::command& notification);
    /** The connect machine waits for the legs' answers (they are not re-INVITEs to relay). */
    bool connect_waits() const;
    void close_media();

    call_environment& env_;
    std::string id_;
    caller caller_;
    std::string callee_name_;
    std::string conversation_;
    std::string shown_number_; ///< what the page and the log show as the number, when not the dialled one
    call::click_to_call_machine machine_;
    std::int64_t started_at_ms_;
    std::int64_t connected_at_ms_ = 0;

    std::unique_ptr<sip_leg> own_;    ///< leg A: the user's desk phone (null once handed over)
    std::unique_ptr<sip_leg> callee_; ///< leg B (null once handed over)
    call::connect::connect_machine connect_;
    call_clock::timer_id settle_timer_ = 0;
    std::optional<sdp::audio_endpoint> own_media_;
    std::string callee_offer_;          ///< B's offer from its 2xx, when B's INVITE was a late offer
    bool callee_got_our_offer_ = false; ///< B was offered cvw's relay port (early media possible)
    std::string callee_early_sdp_;
    std::shared_ptr<media::ringback_stream> ringback_;
    std::shared_ptr<media::early_media_relay> relay_;
    reinvite_relay reinvites_; ///< hold/resume between the phones once they talk
    std::map<call::timer_id, call_clock::timer_id> timers_;
};

} // namespace cvw::server::calls
