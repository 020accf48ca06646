// A desk phone's calls from its dialog-info documents: in a call or not, and each finished call.
#include "cvw/phone/phone_dialogs.hpp"

#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/event_text.hpp"

#include <gtest/gtest.h>

namespace cvw::phone {
namespace {

dialog_report dialog(std::string id, std::string state, bool initiator, std::string number = "1002",
                     std::string display = "Bob Jones") {
    return {id, "call-" + id, std::move(state), initiator, std::move(number), std::move(display)};
}

TEST(phone_dialogs, an_outgoing_call_is_in_a_call_from_dialling_to_hang_up_and_then_logged) {
    phone_dialogs p;
    EXPECT_TRUE(p.update({true, {}}, 1000).empty()); // the first NOTIFY: an idle phone
    EXPECT_FALSE(p.in_call());
    EXPECT_TRUE(p.update({true, {dialog("d1", "Trying", true)}}, 2000).empty()); // Kamailio capitalises it
    EXPECT_TRUE(p.in_call());                                                    // dialling: off-hook
    p.update({true, {dialog("d1", "early", true)}}, 2500);
    EXPECT_TRUE(p.in_call());
    p.update({true, {dialog("d1", "confirmed", true)}}, 4000);
    EXPECT_TRUE(p.in_call());
    const auto ended = p.update({true, {dialog("d1", "terminated", true)}}, 9000);
    EXPECT_FALSE(p.in_call());
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0], (finished_call{.call_id = "call-d1",
                                       .outgoing = true,
                                       .number = "1002",
                                       .display = "Bob Jones",
                                       .started_at_ms = 2000,
                                       .answered_at_ms = 4000,
                                       .ended_at_ms = 9000,
                                       .outcome = phone_outcome::answered}));
    EXPECT_TRUE(p.update({true, {}}, 9500).empty()); // reported once
    EXPECT_EQ(p.tracked(), 0u);
}

TEST(phone_dialogs, a_ringing_phone_is_not_in_a_call_and_an_unanswered_ring_is_missed) {
    phone_dialogs p;
    p.update({true, {dialog("d2", "early", false, "+14255550199", "")}}, 1000);
    EXPECT_FALSE(p.in_call());
    // The dialog simply disappears from the next full document.
    const auto ended = p.update({true, {}}, 6000);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_FALSE(ended[0].outgoing);
    EXPECT_EQ(ended[0].number, "+14255550199");
    EXPECT_EQ(ended[0].answered_at_ms, 0);
    EXPECT_EQ(ended[0].outcome, phone_outcome::missed);
}

TEST(phone_dialogs, an_unanswered_outgoing_call_and_two_calls_at_once) {
    phone_dialogs p;
    p.update({true, {dialog("a", "confirmed", false, "1003", "Carol")}}, 1000);
    p.update({true, {dialog("a", "confirmed", false, "1003", "Carol"), dialog("b", "early", true)}}, 2000);
    EXPECT_TRUE(p.in_call());
    auto ended = p.update({true, {dialog("a", "confirmed", false, "1003", "Carol")}}, 3000);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].outcome, phone_outcome::not_answered);
    EXPECT_TRUE(p.in_call()); // Carol is still on
}

TEST(phone_dialogs, partial_documents_change_only_the_dialogs_they_name) {
    phone_dialogs p;
    p.update({true, {dialog("a", "confirmed", true)}}, 1000);
    EXPECT_TRUE(p.update({false, {dialog("b", "early", false, "", "")}}, 2000).empty());
    EXPECT_EQ(p.tracked(), 2u);
    auto ended = p.update({false, {dialog("a", "terminated", true, "", "")}}, 3000);
    ASSERT_EQ(ended.size(), 1u);
    EXPECT_EQ(ended[0].number, "1002"); // kept from the first document
    EXPECT_EQ(ended[0].display, "Bob Jones");
    EXPECT_EQ(p.tracked(), 1u);
    EXPECT_FALSE(p.in_call()); // only b is left, and it only rings
}

TEST(phone_dialogs, a_stale_state_after_the_end_does_not_start_another_call) {
    phone_dialogs p;
    p.update({true, {dialog("d1", "confirmed", true)}}, 1000);
    ASSERT_EQ(p.update({true, {dialog("d1", "terminated", true)}}, 5000).size(), 1u);
    // Kamailio publishes each state on its own; an "early" processed late arrives after the end.
    EXPECT_TRUE(p.update({true, {dialog("d1", "early", true)}}, 5100).empty());
    EXPECT_FALSE(p.in_call());
    EXPECT_TRUE(p.update({true, {}}, 5200).empty()); // so nothing "not answered" is logged either
    EXPECT_EQ(p.tracked(), 0u);
}

TEST(phone_dialogs, dialogs_without_an_id_are_ignored) {
    phone_dialogs p;
    p.update({true, {dialog("", "confirmed", true)}}, 1000);
    EXPECT_FALSE(p.in_call());
    EXPECT_EQ(p.tracked(), 0u);
}

TEST(phone_outcome, round_trips_and_reads_as_a_sentence_from_the_catalog) {
    for (auto o : {phone_outcome::answered, phone_outcome::not_answered, phone_outcome::missed})
        EXPECT_EQ(parse_phone_outcome(to_string(o)), o);
    EXPECT_FALSE(parse_phone_outcome("hung_up_by_user"));
    const auto words = [](phone_outcome o, std::string peer) {
        const protocol::call_entry e{.id = 1,
                                     .direction = "incoming",
                                     .peer_name = std::move(peer),
                                     .outcome = std::string(to_string(o)),
                                     .via = "phone"};
        return i18n::catalogs::built_in().render("en", protocol::text_of(e));
    };
    EXPECT_EQ(words(phone_outcome::answered, "Bob Jones"), "Talked on the desk phone with Bob Jones.");
    EXPECT_EQ(words(phone_outcome::missed, ""), "Missed call from an unknown number on the desk phone.");
}

} // namespace
} // namespace cvw::phone
