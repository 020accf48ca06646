// A meeting's own conversation, through the real parts: Alice in her Meet Now writes; everyone in
// the meeting hears it at once, someone invited reads it when they open it, and it is still there
// once the meeting is over. Whoever has no part in the meeting neither reads nor writes it.
#include "meeting_fixture.hpp"

namespace cvw::test {
namespace {

constexpr const char* bob_phone = "+14255550102";

class meeting_chat : public meeting_fixture {
protected:
    static json say(const std::string& meeting_id, const std::string& text, const std::string& client_id = "c-1") {
        return json{
            {"type", "send_meeting_message"}, {"meeting_id", meeting_id}, {"text", text}, {"client_id", client_id}};
    }
    static json read(const std::string& meeting_id) {
        return json{{"type", "get_meeting_messages"}, {"meeting_id", meeting_id}};
    }
    /** The texts of a meeting_messages event, oldest first. */
    static std::vector<std::string> texts(const std::optional<json>& page) {
        std::vector<std::string> out;
        if (page)
            for (const auto& line : (*page)["messages"]) out.push_back(line["text"]);
        return out;
    }
};

TEST_F(meeting_chat, everyone_in_the_meeting_hears_a_line_and_the_conversation_outlives_the_meeting) {
    sipp_phone alice_desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone bob_desk(dir.path, "desk_phone_answer.xml", bob_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");
    auto carol = tab_of("carol");

    const auto alices = alice_meets_now();
    ASSERT_EQ(alices["state"], "in_meeting");
    const auto meeting_id = alices["meeting_id"].get<std::string>();

    // Before Bob is invited he has no part in it; Carol never has.
    EXPECT_EQ(refusal_of(*bob, read(meeting_id)), "not_allowed/not_in_meeting");
    EXPECT_EQ(refusal_of(*carol, say(meeting_id, "hello?")), "not_allowed/not_in_meeting");
    EXPECT_EQ(refusal_of(*carol, read("m-0000000000000000")), "not_found/meeting");

    alice->send(say(meeting_id, "Slides are up", "c-7"));
    const auto mine = next_of(*alice, "meeting_message");
    ASSERT_TRUE(mine);
    EXPECT_EQ((*mine)["meeting_id"], meeting_id);
    EXPECT_EQ((*mine)["client_id"], "c-7") << "the sender's tabs match it to what they sent";
    EXPECT_EQ((*mine)["message"]["from"], "alice");
    EXPECT_EQ((*mine)["message"]["name"], "Alice Smith");
    EXPECT_EQ((*mine)["message"]["text"], "Slides are up");

    // Invited, Bob reads what was said before he came; in the meeting, he hears the next line live.
    alice->send(json{{"type", "invite_to_meeting"}, {"meeting_id", meeting_id}, {"username", "bob"}});
    ASSERT_TRUE(next_of(*bob, "meeting_invitation"));
    bob->send(read(meeting_id));
    EXPECT_EQ(texts(next_of(*bob, "meeting_messages")), std::vector<std::string>{"Slides are up"});
    bob->send(json{{"type", "join_meeting"}, {"meeting_id", meeting_id}});
    const auto both = roster_until(*alice, [](const json& r) {
        return r["participants"].size() == 2 && r["participants"][1]["state"] == "in_meeting";
    });
    ASSERT_EQ(both["participants"].size(), 2u) << both.dump();
    bob->send(say(meeting_id, "Looking now"));
    const auto heard = next_of(*alice, "meeting_message");
    ASSERT_TRUE(heard);
    EXPECT_EQ((*heard)["message"]["from"], "bob");
    EXPECT_EQ((*heard)["message"]["text"], "Looking now");
    EXPECT_FALSE(heard->contains("client_id")) << "another user's client id is none of Alice's business";

    // Over: the conversation is kept, like IM history.
    alice->send(json{{"type", "end_meeting"}, {"meeting_id", meeting_id}});
    EXPECT_EQ(last_of(meeting_states_until("ended"))["state"], "ended");
    expect_nothing_left();
    bob->send(read(meeting_id));
    EXPECT_EQ(texts(next_of(*bob, "meeting_messages")), (std::vector<std::string>{"Slides are up", "Looking now"}));
    EXPECT_EQ(refusal_of(*carol, read(meeting_id)), "not_allowed/not_in_meeting");
}

} // namespace
} // namespace cvw::test
