// Toll fraud through the real server and Kamailio: call rate caps, and the example dial plan
// (docs/cvw.example.toml, as the demo runs it) refusing chargeable ranges before any INVITE, for the
// callee and for the user's own callback number alike.
#include "call_fixture.hpp"

#include "store/database.hpp"
#include "store/user_store.hpp"

namespace cvw::test {
namespace {

class toll_fraud : public call_fixture {
protected:
    toll_fraud() { plan = example_config(dir.path).dial_plan; }

    /** The first call_state ended or error after placing a call: how the attempt came out. */
    json outcome_of(const std::string& destination) {
        place(destination);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            auto m = alice->receive(std::chrono::seconds(20));
            if (!m) break;
            if ((*m)["type"] == "error" || ((*m)["type"] == "call_state" && (*m)["state"] == "ended")) return *m;
        }
        ADD_FAILURE() << "no outcome for a call to " << destination;
        return {};
    }

    /** INVITEs a phone has logged, once at least `expected` are there (or 10 s passed). */
    static std::size_t invites(const sipp_phone& phone, std::size_t expected) {
        for (int i = 0; i < 500 && received(phone.messages(), "INVITE ").size() < expected; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return received(phone.messages(), "INVITE ").size();
    }

    void set_alices_stored_callback(const std::string& number) {
        server::database db((dir.path / "cvw.db").string());
        server::user_store users(db);
        users.set_callback_number(users.find("alice")->id, number);
    }
};

TEST_F(toll_fraud, a_user_placing_calls_as_fast_as_they_can_gets_the_cap_error_and_the_pbx_sees_only_the_allowed_ones) {
    call_limits = {.user_calls_per_minute = 1, .user_burst = 3}; // the next refill is a minute away
    // A busy desk phone ends each call at once, so the next can be placed; it would take 10.
    sipp_phone desk(dir.path, "phone_busy.xml", alice_phone, pbx, 300, 10);
    start_server();

    std::vector<std::string> outcomes;
    for (int i = 0; i < 8; ++i) {
        const auto m = outcome_of("1002");
        outcomes.push_back(m["type"] == "error" ? m["code"].get<std::string>() : m["reason"].get<std::string>());
        if (m["type"] == "error") {
            EXPECT_EQ(english(m).rfind("You have placed too many calls", 0), 0u) << m;
        }
    }
    EXPECT_EQ(outcomes, (std::vector<std::string>{"own_phone_busy", "own_phone_busy", "own_phone_busy",
                                                  "call_limit_reached", "call_limit_reached", "call_limit_reached",
                                                  "call_limit_reached", "call_limit_reached"}));
    // The refusals happen before any SIP: three INVITEs in all reached the PBX's phone.
    EXPECT_EQ(invites(desk, 3), 3u) << desk.messages();
    expect_nothing_left();

    // Refused attempts are not calls: the log has the three that rang.
    alice->send(json{{"type", "get_recent_calls"}});
    EXPECT_EQ(alice->expect("recent_calls")["calls"].size(), 3u);
}

TEST_F(toll_fraud, the_server_wide_cap_refuses_once_its_burst_is_spent) {
    call_limits = {.user_calls_per_minute = 0, .server_calls_per_second = 1, .server_burst = 2};
    sipp_phone desk(dir.path, "phone_busy.xml", alice_phone, pbx, 300, 10);
    start_server();
    EXPECT_EQ(outcome_of("1002")["reason"], "own_phone_busy");
    EXPECT_EQ(outcome_of("1002")["reason"], "own_phone_busy");
    // The bucket refills one call a second: a call or two more may fit in, depending on how long
    // these took, but placing them back to back empties it within a few.
    json refused;
    for (int i = 0; i < 5 && refused.empty(); ++i)
        if (auto m = outcome_of("1002"); m["type"] == "error") refused = m;
    ASSERT_FALSE(refused.empty());
    EXPECT_EQ(refused["code"], "call_limit_reached");
    EXPECT_EQ(english(refused).rfind("The server is placing too many calls right now", 0), 0u) << refused;
    expect_nothing_left();
}

TEST_F(toll_fraud, numbers_in_blocked_ranges_are_refused_before_any_invite) {
    call_limits.user_calls_per_minute = 0; // refused attempts count against the caps too; not tested here
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone jamaica(dir.path, "callee_answer.xml", "+18765550100", pbx);
    start_server();
    for (const char* blocked : {"+18765550100", "876 555 0100", "1 809 555 0100", "+44 871 234 5678",
                                "00 44 871 234 5678", "1 900 555 0100"}) {
        const auto m = outcome_of(blocked);
        EXPECT_EQ(m["type"], "call_state") << blocked;
        EXPECT_EQ(m["reason"], "not_allowed_by_policy") << blocked << ": " << m;
    }
    // A UK number in national format is no number at all in a +1 dial plan.
    EXPECT_EQ(outcome_of("0871 234 5678")["reason"], "callee_invalid_number");
    EXPECT_EQ(outcome_of("1002")["type"], "call_state"); // still placing calls: the desk phone rings...
    EXPECT_EQ(invites(desk, 1), 1u);                     // ...and it is the only INVITE of the test
    EXPECT_EQ(received(jamaica.messages(), "INVITE ").size(), 0u);
}

TEST_F(toll_fraud, a_blocked_callback_number_is_refused_where_it_is_set_and_never_rung) {
    sipp_phone desk(dir.path, "desk_phone_answer.xml", alice_phone, pbx);
    sipp_phone jamaica(dir.path, "desk_phone_answer.xml", "+18765550100", pbx);
    start_server();

    // Set in the page: refused with the reason, the settings stay as they were.
    for (const char* blocked : {"+1 876 555 0100", "+44 871 234 5678"}) {
        alice->send(json{{"type", "set_callback_number"}, {"number", blocked}});
        const auto e = alice->expect("error");
        EXPECT_EQ(e["code"], "not_allowed") << blocked;
        EXPECT_EQ(e["field"], "number");
    }

    // Stored before the plan was tightened (or written around the page, as cvw-admin does while the
    // server runs): the call ends at once, and neither that number nor the callee is ever dialled.
    set_alices_stored_callback("+18765550100");
    const auto m = outcome_of("bob");
    EXPECT_EQ(m["type"], "call_state");
    EXPECT_EQ(m["reason"], "callback_not_allowed") << m;
    EXPECT_EQ(english(m), "Your calling policy does not allow the phone cvw would ring for you; choose another in "
                          "Settings or ask your admin.");
    alice->send(json{{"type", "set_callback_number"}, {"number", ""}}); // back to her desk phone
    alice->expect("settings");
    EXPECT_EQ(outcome_of("1002")["type"], "call_state");
    EXPECT_EQ(invites(desk, 1), 1u);
    EXPECT_EQ(received(jamaica.messages(), "INVITE ").size(), 0u) << jamaica.messages();
}

} // namespace
} // namespace cvw::test
