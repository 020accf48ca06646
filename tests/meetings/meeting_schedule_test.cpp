// Scheduled meetings through the real server: the organizer schedules with invitees, every tab of
// everyone concerned gets the new Meetings list, the calendar file carries the link, a declined
// invitation leaves the list, Join from the list dials out into the meeting; and every refusal.
#include "meeting_fixture.hpp"

#include <regex>

#include <chrono>

namespace cvw::test {
namespace {

constexpr const char* bob_phone = "+14255550102";

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

class meeting_schedule : public meeting_fixture {
protected:
    static json schedule(const std::string& subject, std::int64_t starts, std::int64_t ends, json invitees) {
        return json{{"type", "schedule_meeting"},
                    {"subject", subject},
                    {"starts_at", starts},
                    {"ends_at", ends},
                    {"invitees", std::move(invitees)}};
    }

    static std::vector<std::string> subjects(const json& list) {
        std::vector<std::string> out;
        for (const auto& m : list["meetings"]) out.push_back(m["subject"]);
        return out;
    }

    static constexpr std::int64_t hour = 3'600'000;
};

TEST_F(meeting_schedule, invitees_see_it_in_their_list_get_its_calendar_decline_or_join_from_it) {
    sipp_phone bob_desk(dir.path, "desk_phone_answer.xml", bob_phone, pbx);
    start_server();
    ASSERT_TRUE(mixer_is(true)) << janus.log();
    auto bob = tab_of("bob");
    auto bob_second_tab = tab_of("bob");
    auto carol = tab_of("carol");
    const auto tomorrow = now_ms() + 24 * hour;

    alice->send(schedule("Budget, Q1; review", tomorrow, tomorrow + hour, {"bob", "carol", "bob"}));
    const auto alices = next_of(*alice, "meetings");
    ASSERT_TRUE(alices.has_value());
    ASSERT_EQ(subjects(*alices), (std::vector<std::string>{"Budget, Q1; review"}));
    const auto meeting = (*alices)["meetings"][0];
    const auto meeting_id = meeting["meeting_id"].get<std::string>();
    EXPECT_EQ(meeting["organizer_username"], "alice");
    EXPECT_EQ(meeting["organizer_name"], "Alice Smith");
    EXPECT_EQ(meeting["starts_at"], tomorrow);
    EXPECT_EQ(meeting["ends_at"], tomorrow + hour);
    const auto dial_in = meeting["dial_in"];
    EXPECT_EQ(dial_in["number"], bridge_number);
    EXPECT_TRUE(std::regex_match(dial_in["conference_id"].get<std::string>(), std::regex("[0-9]{9}"))) << dial_in;
    EXPECT_TRUE(std::regex_match(dial_in["pin"].get<std::string>(), std::regex("[0-9]{6}"))) << dial_in;
    for (auto* tab : {bob.get(), bob_second_tab.get(), carol.get()}) {
        const auto list = next_of(*tab, "meetings");
        ASSERT_TRUE(list.has_value());
        EXPECT_EQ((*list)["meetings"], (*alices)["meetings"]);
    }
    // A meeting scheduled in a later slot comes after it: soonest first.
    alice->send(schedule("Later", tomorrow + 2 * hour, tomorrow + 3 * hour, json::array()));
    EXPECT_EQ(subjects(*next_of(*alice, "meetings")), (std::vector<std::string>{"Budget, Q1; review", "Later"}));

    // The calendar file: its times, its subject escaped, its link.
    carol->send(json{{"type", "get_meeting_calendar"}, {"meeting_id", meeting_id}});
    const auto calendar = next_of(*carol, "meeting_calendar");
    ASSERT_TRUE(calendar.has_value());
    EXPECT_EQ((*calendar)["filename"], "cvw-meeting-" + meeting_id + ".ics");
    const auto ics = (*calendar)["ics"].get<std::string>();
    EXPECT_EQ(ics.rfind("BEGIN:VCALENDAR\r\n", 0), 0u) << ics;
    EXPECT_NE(ics.find("SUMMARY:Budget\\, Q1\\; review\r\n"), std::string::npos) << ics;
    EXPECT_NE(ics.find("UID:" + meeting_id + "@cvw"), std::string::npos) << ics;
    EXPECT_NE(ics.find("/m/" + meeting_id), std::string::npos) << ics;
    const auto unfolded = std::regex_replace(ics, std::regex("\r\n "), ""); // RFC 5545 folds long lines
    EXPECT_NE(unfolded.find("Or dial in: " + std::string(bridge_number) + "\\, conference ID " +
                            dial_in["conference_id"].get<std::string>() + "#\\, PIN " +
                            dial_in["pin"].get<std::string>() + "#"),
              std::string::npos)
        << ics;

    // Carol declines: her list drops it; Bob's and Alice's do not change.
    carol->send(json{{"type", "decline_meeting"}, {"meeting_id", meeting_id}});
    const auto carols = next_of(*carol, "meetings");
    ASSERT_TRUE(carols.has_value());
    EXPECT_EQ(subjects(*carols), std::vector<std::string>{});

    // Bob joins from his list: his phone is dialled into the meeting.
    bob->send(json{{"type", "join_meeting"}, {"meeting_id", meeting_id}});
    std::optional<json> state;
    while ((state = next_of(*bob, "meeting_state")) && (*state)["state"] != "in_meeting" &&
           (*state)["state"] != "ended") {}
    ASSERT_TRUE(state.has_value());
    EXPECT_EQ((*state)["state"], "in_meeting");
    EXPECT_EQ((*state)["subject"], "Budget, Q1; review");
    bob->send(json{{"type", "hang_up"}, {"call_id", (*state)["call_id"]}});
    EXPECT_EQ(bob_desk.finished(std::chrono::seconds(10)), 0) << bob_desk.messages();
    expect_nothing_left();

    // A tab opened later asks for the list.
    auto later = tab_of("bob");
    later->send(json{{"type", "get_meetings"}});
    EXPECT_EQ(subjects(*next_of(*later, "meetings")), (std::vector<std::string>{"Budget, Q1; review"}));
}

TEST_F(meeting_schedule, bad_schedules_are_refused_with_their_reasons_and_make_nothing) {
    start_server();
    const auto now = now_ms();
    const auto tomorrow = now + 24 * hour;
    EXPECT_EQ(refusal_of(*alice, schedule("Sync", tomorrow, tomorrow - hour, json::array())),
              "invalid_value/ends_before_start");
    EXPECT_EQ(refusal_of(*alice, schedule("Sync", tomorrow, tomorrow + 25 * hour, json::array())),
              "invalid_value/too_long_meeting");
    EXPECT_EQ(refusal_of(*alice, schedule("Sync", now - 2 * hour, now - hour, json::array())),
              "invalid_value/already_over");
    EXPECT_EQ(refusal_of(*alice, schedule("Sync", now + 400 * 24 * hour, now + 400 * 24 * hour + hour, json::array())),
              "invalid_value/too_far_ahead");
    EXPECT_EQ(refusal_of(*alice, schedule("\r\n", tomorrow, tomorrow + hour, json::array())),
              "invalid_value/empty_subject");
    EXPECT_EQ(refusal_of(*alice, schedule("Sync", tomorrow, tomorrow + hour, {"bob", "nobody"})), "not_found/user");
    EXPECT_EQ(refusal_of(*alice, schedule("Sync", tomorrow, tomorrow + hour, {"alice"})), "invalid_value/self_invite");
    EXPECT_EQ(refusal_of(*alice, schedule("Sync", tomorrow, tomorrow + hour, {7})), "wrong_type/string");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "schedule_meeting"}, {"subject", "Sync"}}), "missing_field/");
    EXPECT_EQ(refusal_of(*alice, json{{"type", "get_meeting_calendar"}, {"meeting_id", "m-0000000000000000"}}),
              "not_found/meeting");

    alice->send(json{{"type", "get_meetings"}});
    const auto list = next_of(*alice, "meetings");
    ASSERT_TRUE(list.has_value());
    EXPECT_EQ(subjects(*list), std::vector<std::string>{}) << "nothing was made, not even with Bob invited first";
}

} // namespace
} // namespace cvw::test
