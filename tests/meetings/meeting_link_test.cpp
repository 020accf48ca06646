// A meeting's link through the real parts: what it tells anyone signed in, and a join by it that
// puts a second phone into the same room of Janus.
#include "meeting_fixture.hpp"

namespace cvw::test {
namespace {

constexpr const char* carol_phone = "+14255550103";

class meeting_link : public meeting_fixture {};

TEST_F(meeting_link, anyone_signed_in_with_the_link_learns_the_meeting_and_joins_alices_room) {
    sipp_phone alice_desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone carol_desk(dir.path, "desk_phone_answer.xml", carol_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    const auto alices = alice_meets_now();
    ASSERT_EQ(alices["state"], "in_meeting");
    const auto meeting_id = alices["meeting_id"].get<std::string>();

    auto carol = tab_of("carol"); // not invited: the link is the key
    carol->send(json{{"type", "get_meeting"}, {"meeting_id", meeting_id}});
    const auto info = next_of(*carol, "meeting_info");
    ASSERT_TRUE(info.has_value());
    EXPECT_EQ((*info)["meeting_id"], meeting_id);
    EXPECT_EQ((*info)["subject"], "Weekly sync");
    EXPECT_EQ((*info)["organizer_name"], "Alice Smith");
    EXPECT_LT((*info)["starts_at"].get<std::int64_t>(), (*info)["ends_at"].get<std::int64_t>());

    carol->send(json{{"type", "join_meeting"}, {"meeting_id", meeting_id}});
    std::optional<json> state;
    while ((state = next_of(*carol, "meeting_state")) && (*state)["state"] != "in_meeting" &&
           (*state)["state"] != "ended") {}
    ASSERT_TRUE(state.has_value());
    EXPECT_EQ((*state)["state"], "in_meeting");
    EXPECT_EQ((*state)["number"], carol_phone);
    EXPECT_EQ(server->get().mixer_rooms(), 1u);

    carol->send(json{{"type", "hang_up"}, {"call_id", (*state)["call_id"]}});
    alice->send(json{{"type", "hang_up"}, {"call_id", alices["call_id"]}});
    EXPECT_EQ(carol_desk.finished(std::chrono::seconds(10)), 0) << carol_desk.messages();
    EXPECT_EQ(alice_desk.finished(std::chrono::seconds(10)), 0) << alice_desk.messages();
    expect_nothing_left();
    EXPECT_EQ(server->get().mixer_rooms(), 0u);
}

TEST_F(meeting_link, a_link_to_no_meeting_or_no_link_at_all_is_refused) {
    start_server();
    EXPECT_EQ(refusal_of(*alice, json{{"type", "get_meeting"}, {"meeting_id", "m-0000000000000000"}}),
              "not_found/meeting");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "get_meeting"}, {"meeting_id", ""}}), "too_short/");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "get_meeting"}, {"meeting_id", 7}}), "wrong_type/string");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "get_meeting"}}), "missing_field/");
}

} // namespace
} // namespace cvw::test
