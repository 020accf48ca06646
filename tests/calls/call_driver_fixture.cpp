#include "call_driver_fixture.hpp"

#include "cvw/protocol/call_events.hpp"
#include "cvw/protocol/codec.hpp"
#include "log.hpp"

#include <sstream>

namespace cvw::test {

using namespace server::calls;

std::string phone_sdp(const std::string& user, int session, const std::string& address, int port,
                      const std::string& direction) {
    const auto s = std::to_string(session);
    return "v=0\r\no=" + user + " " + s + " 1 IN IP4 " + address + "\r\ns=-\r\nc=IN IP4 " + address +
           "\r\nt=0 0\r\nm=audio " + std::to_string(port) +
           " RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n"
           "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=" +
           direction + "\r\n";
}

std::string origin_line(const std::string& sdp) {
    const auto at = sdp.find("o=");
    if (at == std::string::npos) return {};
    return sdp.substr(at, sdp.find("\r\n", at) - at);
}

namespace {
std::vector<std::string> origin_words(const std::string& sdp) {
    std::istringstream in(origin_line(sdp).substr(2));
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}
} // namespace

std::string session_of(const std::string& sdp) {
    const auto w = origin_words(sdp);
    return w.size() >= 2 ? w[0] + " " + w[1] : std::string();
}

std::uint64_t version_of(const std::string& sdp) {
    const auto w = origin_words(sdp);
    return w.size() >= 3 ? std::stoull(w[2]) : 0;
}

int audio_port(const std::string& sdp) {
    const auto at = sdp.find("m=audio ");
    return at == std::string::npos ? 0 : std::stoi(sdp.substr(at + 8));
}

namespace {
/** Extensions and North American numbers, as the SIP suite's config allows; compiled once (regexes are slow).
 */
const dial_plan& test_plan() {
    static const auto plan = dial_plan::compile({.allowed = {"\\d{4}", "\\+1\\d{10}"}}).value();
    return plan;
}
} // namespace

trace_capture::trace_capture() {
    server::set_log_enabled(true);
    server::set_log_sink([this](std::string_view line) {
        const auto at = line.find(" call=");
        if (at == std::string_view::npos) return;
        const auto trace = std::string(line.substr(at + 1));
        (trace.find(" leg=") == std::string::npos ? calls : legs).push_back(trace);
    });
}

trace_capture::~trace_capture() {
    server::set_log_sink({});
    server::set_log_enabled(false);
}

call_driver_test::call_driver_test()
    : env_{.executor = ioc_.get_executor(),
           .sip = sip_,
           .clock = clock_,
           .ports = ports_,
           .domain = "pbx.test",
           .media_address = "127.0.0.1",
           .relay_early_media = true,
           .bind_leg = [this](leg_id leg, std::string call_id) { call_of_leg_[leg] = std::move(call_id); },
           .report =
               [this](call::call_update u) {
                   // Alice's calls, or an outside caller's on the bridge (nobody's).
                   EXPECT_EQ(u.user_id, u.call_id.starts_with("dial-") ? 0 : user_id);
                   // What the tabs would read, through the same mapping the server uses.
                   auto e = protocol::to_event(u);
                   if (auto* s = std::get_if<protocol::call_state>(&e)) reports_.push_back(std::move(*s));
                   else if (auto* in = std::get_if<protocol::incoming_call>(&e))
                       incoming_reports_.push_back(std::move(*in));
                   else if (auto* m = std::get_if<protocol::meeting_state>(&e))
                       meeting_reports_.push_back(std::move(*m));
                   else ADD_FAILURE() << "a call update became " << protocol::type_name(e);
                   updates_.push_back(std::move(u));
               },
           .talking =
               [this](const std::string& meeting_id, const std::string& call_id, bool talking) {
                   talked_.push_back(meeting_id + " " + call_id + (talking ? " on" : " off"));
               }},
      plan_(test_plan()) {
    server::set_log_enabled(false);
}

call_driver_test::~call_driver_test() {
    // The calls go before the clock and the environment they use: those held by a pending timer
    // with it, while the clock still works.
    calls_.clear();
    clock_.drop_timers();
}

std::shared_ptr<click_to_call> call_driver_test::place(const std::string& destination, std::string conversation) {
    auto call = std::make_shared<click_to_call>(
        env_, "call-" + std::to_string(next_call_++),
        caller{.user_id = user_id,
               .display_name = "Alice Smith",
               .number = "1001",
               .numbers = {.extension = "1001", .direct = "+14255550101"},
               .policy = {.enabled = true, .callback_number = desk_number, .caller_id = caller_id},
               .username = "alice"},
        "Bob Jones", plan_, timeouts_, clock_.now_ms(), std::move(conversation));
    calls_.emplace(call->id(), call);
    call->start(destination);
    return call;
}

std::shared_ptr<meeting_join> call_driver_test::join_meeting(char digit) {
    auto call = std::make_shared<meeting_join>(
        env_, mixer_, "call-" + std::to_string(next_call_++),
        caller{.user_id = user_id,
               .display_name = "Alice Smith",
               .number = "1001",
               .policy = {.enabled = true, .callback_number = desk_number, .caller_id = caller_id},
               .username = "alice"},
        meeting_details{.meeting_id = "m-4821",
                        .room = 4821,
                        .subject = "Weekly sync",
                        .bridge_number = "+14255550199",
                        .confirm_digit = digit},
        plan_, call::meeting_join::timeouts{.ring_ms = desk_ring_ms, .confirm_ms = 10'000}, clock_.now_ms());
    calls_.emplace(call->id(), call);
    call->start();
    return call;
}

std::shared_ptr<meeting_join> call_driver_test::dial_in(std::string sdp) {
    dial_in_hooks hooks{
        .prompts = std::make_shared<const server::media::prompt_clips>(),
        .limits = {},
        .find =
            [](std::string conference_id, dial_in_entry::found_fn found) {
                if (conference_id != "123456") return found(std::nullopt);
                found(conference{.meeting = {.meeting_id = "m-4821",
                                             .room = 4821,
                                             .subject = "Weekly sync",
                                             .bridge_number = "+14255550199",
                                             .confirm_digit = 0},
                                 .pin = "4321"});
            },
        .entry_done =
            [this](const std::string& number, meeting::pin_entry::outcome how, int wrong) {
                EXPECT_EQ(number, "+14255550177");
                entries_done_.push_back(std::string(meeting::pin_entry::to_string(how)) +
                                        " wrong=" + std::to_string(wrong));
            },
    };
    auto call = std::make_shared<meeting_join>(env_, mixer_, "dial-" + std::to_string(next_call_++),
                                               dial_in_caller{.leg = caller_leg,
                                                              .sdp = std::move(sdp),
                                                              .number = "+14255550177",
                                                              .user_id = 0,
                                                              .name = "+1425\u2022\u2022\u2022\u2022\u202277"},
                                               std::move(hooks), plan_, clock_.now_ms());
    calls_.emplace(call->id(), call);
    call->start();
    return call;
}

call::incoming::settings call_driver_test::alice_settings() {
    return {.simultaneous_ring = true,
            .desk_number = desk_number,
            .no_answer_ms = 30'000,
            .fallback_number = {},
            .tabs_open = true};
}

std::shared_ptr<incoming_call> call_driver_test::ring(call::incoming::settings settings, std::string sdp) {
    auto call = std::make_shared<incoming_call>(env_, "in-" + std::to_string(next_call_++), caller_leg, std::move(sdp),
                                                incoming_target{.user_id = user_id,
                                                                .settings = std::move(settings),
                                                                .caller_name = "Bob Jones",
                                                                .caller_number = "+14255550102",
                                                                .caller_username = "bob"},
                                                clock_.now_ms());
    calls_.emplace(call->id(), call);
    call->start();
    return call;
}

void call_driver_test::deliver(leg_id leg, kind what, int status, std::string sdp, bool from_peer) {
    auto it = call_of_leg_.find(leg);
    if (it == call_of_leg_.end()) {
        ADD_FAILURE() << "no call bound leg " << leg;
        return;
    }
    const auto call_id = it->second;
    if (what == kind::released) call_of_leg_.erase(it);
    auto call = calls_.find(call_id);
    if (call == calls_.end()) return;
    const server::sip::leg_event e{
        .leg = leg, .what = what, .status = status, .phrase = {}, .sdp = std::move(sdp), .from_peer = from_peer};
    call->second->on_leg_event(e);
}

lines call_driver_test::reported() {
    lines out;
    for (; reports_taken_ < reports_.size(); ++reports_taken_) {
        const auto& r = reports_[reports_taken_];
        out.push_back(r.reason.empty() ? r.state : r.state + " " + r.reason);
    }
    return out;
}

lines call_driver_test::reported_meeting() {
    lines out;
    for (; meeting_reports_taken_ < meeting_reports_.size(); ++meeting_reports_taken_) {
        const auto& r = meeting_reports_[meeting_reports_taken_];
        out.push_back(r.reason.empty() ? r.state : r.state + " " + r.reason);
    }
    return out;
}

lines call_driver_test::reported_incoming() {
    lines out;
    for (; incoming_reports_taken_ < incoming_reports_.size(); ++incoming_reports_taken_) {
        const auto& r = incoming_reports_[incoming_reports_taken_];
        out.push_back(r.outcome.empty() ? r.state : r.state + " " + r.outcome);
    }
    return out;
}

std::shared_ptr<click_to_call> call_driver_test::callee_ringing_call() {
    auto call = place();
    deliver(desk_leg, kind::provisional, 180);
    deliver(desk_leg, kind::success, 200, desk_answer);
    deliver(callee_leg, kind::provisional, 180);
    EXPECT_EQ(reported(), (lines{"calling_own_phone", "calling_own_phone", "own_phone_answered", "calling_callee"}));
    EXPECT_EQ(sent().size(), 3u); // INVITE A, ACK A, INVITE B
    return call;
}

std::shared_ptr<click_to_call> call_driver_test::connected_call() {
    auto call = callee_ringing_call();
    deliver(callee_leg, kind::success, 200, callee_answer);
    clock_.advance(100);
    deliver(callee_leg, kind::success, 200, callee_offer);
    deliver(desk_leg, kind::success, 200, desk_connect);
    EXPECT_EQ(sent(), (lines{"ack 2", "reinvite 2", "reinvite 1 sdp", "ack 1", "ack 2 sdp"}));
    EXPECT_EQ(reported(), lines{"connected"});
    return call;
}

std::shared_ptr<incoming_call> call_driver_test::connected_incoming_call() {
    auto call = ring(alice_settings());
    deliver(desk_leg, kind::provisional, 180);
    deliver(desk_leg, kind::success, 200, desk_incoming_answer);
    deliver(caller_leg, kind::ack);
    EXPECT_EQ(sent(),
              (lines{"invite 1 to=sip:+14255550101@pbx.test sdp", "respond 100 180", "ack 1", "respond 100 200 sdp"}));
    EXPECT_EQ(reported_incoming(), (lines{"ringing", "connected"}));
    return call;
}

} // namespace cvw::test
