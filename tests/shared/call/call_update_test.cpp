// The typed call update and the wire event each kind becomes (names as docs/protocol.md).
#include "cvw/call/call_update.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/call_events.hpp"
#include "cvw/protocol/event_text.hpp"

#include <gtest/gtest.h>

namespace cvw::call {
namespace {

template <class Event> std::string english(const Event& e) {
    return i18n::catalogs::built_in().render("en", protocol::text_of(e));
}

call_update click_to_call_update(state now, end_reason reason = end_reason::none) {
    return {.call_id = "call-0123456789abcdef",
            .user_id = 7,
            .progress = click_to_call_progress{.now = now, .reason = reason},
            .peer = {.name = "Bob Jones", .number = "bob", .username = "bob"},
            .conversation = "bob",
            .started_at_ms = 1000,
            .connected_at_ms = now == state::connected ? 3000 : 0,
            .ended_at_ms = now == state::ended ? 9000 : 0};
}

call_update incoming_update(incoming::state now, incoming::outcome how = incoming::outcome::none) {
    return {.call_id = "in-0123456789abcdef",
            .user_id = 7,
            .progress = incoming_progress{.now = now, .how = how, .desk_phone_ringing = true},
            .peer = {.name = "", .number = "+442079460018", .username = ""},
            .started_at_ms = 1000,
            .connected_at_ms = 0,
            .ended_at_ms = now == incoming::state::ended ? 5000 : 0};
}

TEST(call_update, says_its_kind_and_where_it_stands_for_every_kind_of_call) {
    const auto ringing = click_to_call_update(state::calling_callee);
    EXPECT_EQ(ringing.kind(), call_kind::click_to_call);
    EXPECT_FALSE(ringing.connected());
    EXPECT_FALSE(ringing.ended());
    EXPECT_EQ(ringing.state_name(), "calling_callee");
    EXPECT_EQ(ringing.reason_name(), "");
    EXPECT_TRUE(click_to_call_update(state::connected).connected());
    // The page hears "connected" only once the phones talk; "connecting" is not it.
    EXPECT_FALSE(click_to_call_update(state::connecting).connected());
    const auto busy = click_to_call_update(state::ended, end_reason::callee_busy);
    EXPECT_TRUE(busy.ended());
    EXPECT_EQ(busy.reason_name(), "callee_busy");

    const auto missed = incoming_update(incoming::state::ended, incoming::outcome::missed);
    EXPECT_EQ(missed.kind(), call_kind::incoming);
    EXPECT_TRUE(missed.ended());
    EXPECT_EQ(missed.state_name(), "ended");
    EXPECT_EQ(missed.reason_name(), "missed");
    EXPECT_TRUE(incoming_update(incoming::state::connected).connected());
    EXPECT_EQ(incoming_update(incoming::state::ringing).state_name(), "ringing");
}

TEST(call_update, a_click_to_call_becomes_call_state_with_its_reason_in_words) {
    const auto e = protocol::to_event(click_to_call_update(state::ended, end_reason::callee_busy));
    ASSERT_TRUE(std::holds_alternative<protocol::call_state>(e));
    EXPECT_EQ(std::get<protocol::call_state>(e), (protocol::call_state{.call_id = "call-0123456789abcdef",
                                                                       .state = "ended",
                                                                       .reason = "callee_busy",
                                                                       .callee_name = "Bob Jones",
                                                                       .number = "bob",
                                                                       .started_at_ms = 1000,
                                                                       .connected_at_ms = 0,
                                                                       .conversation = "bob"}));
    // Before it ends there is no reason and nothing to say.
    const auto ringing =
        std::get<protocol::call_state>(protocol::to_event(click_to_call_update(state::calling_callee)));
    EXPECT_EQ(ringing.reason, "");
    EXPECT_TRUE(protocol::text_of(ringing).empty());
    EXPECT_EQ(english(std::get<protocol::call_state>(e)), "Bob Jones is busy.");
}

TEST(call_update, an_incoming_call_becomes_incoming_call_named_by_number_when_nameless) {
    const auto e = protocol::to_event(incoming_update(incoming::state::ended, incoming::outcome::missed));
    ASSERT_TRUE(std::holds_alternative<protocol::incoming_call>(e));
    EXPECT_EQ(std::get<protocol::incoming_call>(e), (protocol::incoming_call{.call_id = "in-0123456789abcdef",
                                                                             .state = "ended",
                                                                             .caller_name = "",
                                                                             .caller_number = "+442079460018",
                                                                             .caller_username = "",
                                                                             .outcome = "missed",
                                                                             .desk_phone_ringing = true,
                                                                             .started_at_ms = 1000,
                                                                             .connected_at_ms = 0}));
    EXPECT_EQ(english(std::get<protocol::incoming_call>(e)), "You missed a call from +442079460018.");
}

} // namespace
} // namespace cvw::call
