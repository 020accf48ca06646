// The call log in the page's API: filters (missed, incoming, outgoing) and the CSV export, over a
// real server and SQLite; entries come from the store as the call layer writes them.
#include "test_server.hpp"

#include "store/call_log.hpp"
#include "store/database.hpp"

#include <gtest/gtest.h>

namespace cvw::test {
namespace {

using nlohmann::json;

class call_log_api : public ::testing::Test {
protected:
    void SetUp() override {
        add_demo_users(dir.path / "cvw.db");
        server::database db((dir.path / "cvw.db").string());
        server::call_log log(db);
        // alice (user 1): one placed, one answered, one missed, and one missed that only her desk
        // phone saw (its dialog subscription); bob (user 2): one missed.
        log.add({.user_id = 1,
                 .direction = "outgoing",
                 .peer_name = "Bob Jones",
                 .number = "1002",
                 .started_at_ms = 1000,
                 .answered_at_ms = 2000,
                 .ended_at_ms = 62000,
                 .outcome = "hung_up_by_user"});
        log.add({.user_id = 1,
                 .direction = "incoming",
                 .peer_name = "Carol Diaz",
                 .number = "+14255550103",
                 .started_at_ms = 3000,
                 .answered_at_ms = 4000,
                 .ended_at_ms = 9000,
                 .outcome = "answered_on_phone"});
        log.add({.user_id = 1,
                 .direction = "incoming",
                 .peer_name = "",
                 .number = "+442079460018",
                 .started_at_ms = 5000,
                 .answered_at_ms = 0,
                 .ended_at_ms = 8000,
                 .outcome = "missed"});
        log.add({.user_id = 2,
                 .direction = "incoming",
                 .peer_name = "Alice Smith",
                 .number = "+14255550101",
                 .started_at_ms = 6000,
                 .answered_at_ms = 0,
                 .ended_at_ms = 7000,
                 .outcome = "missed"});
        log.add({.user_id = 1,
                 .direction = "incoming",
                 .peer_name = "Bob Jones",
                 .number = "+14255550102",
                 .started_at_ms = 10000,
                 .answered_at_ms = 0,
                 .ended_at_ms = 11000,
                 .outcome = "missed",
                 .via = "phone"});
        server_.emplace(test_config(dir.path));
        alice.emplace(server_->port(), sign_in(server_->port(), "alice", "password-alice"));
        alice->hello();
    }

    std::vector<std::string> numbers(const std::string& filter) {
        alice->send(json{{"type", "get_recent_calls"}, {"filter", filter}});
        auto m = alice->expect("recent_calls");
        EXPECT_EQ(m["filter"], filter);
        std::vector<std::string> out;
        for (const auto& c : m["calls"]) out.push_back(c["number"]);
        return out;
    }

    temp_dir dir;
    std::optional<running_server> server_;
    std::optional<ws_client> alice;
};

TEST_F(call_log_api, filters_show_only_the_users_own_calls_of_that_kind) {
    EXPECT_EQ(numbers("all"), (std::vector<std::string>{"+14255550102", "+442079460018", "+14255550103", "1002"}));
    EXPECT_EQ(numbers("missed"), (std::vector<std::string>{"+14255550102", "+442079460018"}));
    EXPECT_EQ(numbers("incoming"), (std::vector<std::string>{"+14255550102", "+442079460018", "+14255550103"}));
    EXPECT_EQ(numbers("outgoing"), std::vector<std::string>{"1002"});

    alice->send(json{{"type", "get_recent_calls"}});
    const auto calls = alice->expect("recent_calls")["calls"];
    EXPECT_EQ(calls[0]["via"], "phone");
    EXPECT_EQ(english_entry(calls[0]), "Missed call from Bob Jones on the desk phone.");
    EXPECT_EQ(calls[1]["via"], "cvw");
    EXPECT_EQ(english_entry(calls[1]), "You missed a call from +442079460018."); // no name: the number

    alice->send(json{{"type", "get_recent_calls"}, {"filter", "lost"}});
    auto error = alice->expect("error");
    EXPECT_EQ(error["code"], "invalid_value");
    EXPECT_EQ(error["field"], "filter");
}

TEST_F(call_log_api, pages_go_back_in_time_and_say_when_there_is_more) {
    const auto page = [&](json command) {
        command["type"] = "get_recent_calls";
        alice->send(command);
        return alice->expect("recent_calls");
    };
    const auto numbers_of = [](const json& m) {
        std::vector<std::string> out;
        for (const auto& c : m["calls"]) out.push_back(c["number"]);
        return out;
    };
    auto first = page(json{{"limit", 2}});
    EXPECT_EQ(numbers_of(first), (std::vector<std::string>{"+14255550102", "+442079460018"}));
    EXPECT_EQ(first["more"], true);
    EXPECT_FALSE(first.contains("before_id"));
    auto second = page(json{{"limit", 2}, {"before_id", first["calls"][1]["id"]}});
    EXPECT_EQ(numbers_of(second), (std::vector<std::string>{"+14255550103", "1002"}));
    EXPECT_EQ(second["more"], false);
    EXPECT_EQ(second["before_id"], first["calls"][1]["id"]);
    // Filters page too; a call that is not hers bounds nothing she can see.
    auto missed = page(json{{"limit", 1}, {"filter", "missed"}});
    EXPECT_EQ(missed["more"], true);
    EXPECT_EQ(numbers_of(page(json{{"filter", "missed"}, {"before_id", missed["calls"][0]["id"]}})),
              std::vector<std::string>{"+442079460018"});
    EXPECT_TRUE(page(json{{"before_id", 4}})["calls"].empty()); // id 4 is bob's

    for (const auto& bad : {json{{"type", "get_recent_calls"}, {"before_id", 0}},
                            json{{"type", "get_recent_calls"}, {"before_id", "3"}}}) {
        alice->send(bad);
        EXPECT_EQ(alice->expect("error")["field"], "before_id") << bad;
    }
}

TEST_F(call_log_api, accepting_or_declining_a_call_that_is_not_there_says_so_and_the_tab_goes_on) {
    for (const char* type : {"accept_call", "decline_call", "hang_up"}) {
        alice->send(json{{"type", type}, {"call_id", "in-999"}});
        auto e = alice->expect("error");
        EXPECT_EQ(e["code"], "not_found") << type;
        EXPECT_EQ(e["field"], "call_id");
        alice->send(json{{"type", type}});
        EXPECT_EQ(alice->expect("error")["code"], "missing_field") << type;
    }
    EXPECT_EQ(numbers("outgoing"), std::vector<std::string>{"1002"}); // still answering
}

TEST_F(call_log_api, export_gives_the_users_log_as_csv) {
    alice->send(json{{"type", "export_calls"}});
    auto file = alice->expect("calls_csv");
    EXPECT_EQ(file["filename"], "cvw-calls-alice.csv");
    const std::string csv = file["csv"];
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "direction,peer,number,started,answered,ended,duration_seconds,outcome,message,meeting");
    // Numbers starting with + are written as text ("'+1...") so a spreadsheet never evaluates them.
    EXPECT_NE(csv.find("\r\nincoming,Carol Diaz,\"'+14255550103\",1970-01-01T00:00:03Z,1970-01-01T00:00:04Z,"
                       "1970-01-01T00:00:09Z,5,answered_on_phone,You answered Carol Diaz on your phone.,\r\n"),
              std::string::npos)
        << csv;
    EXPECT_NE(csv.find("\r\nincoming,Bob Jones,\"'+14255550102\",1970-01-01T00:00:10Z,,1970-01-01T00:00:11Z,0,missed,"
                       "Missed call from Bob Jones on the desk phone.,\r\n"),
              std::string::npos)
        << csv;
    EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5); // header + alice's four, none of bob's
    EXPECT_EQ(csv.find("Alice Smith"), std::string::npos);
}

TEST_F(call_log_api, the_pages_csv_never_hands_a_spreadsheet_a_formula) {
    {
        server::database db((dir.path / "cvw.db").string());
        server::call_log(db).add({.user_id = 1,
                                  .direction = "incoming",
                                  .peer_name = "=2+5+cmd|' /C calc'!A0",
                                  .number = "@SUM(1+1)",
                                  .started_at_ms = 20000,
                                  .answered_at_ms = 0,
                                  .ended_at_ms = 21000,
                                  .outcome = "missed"});
    }
    alice->send(json{{"type", "export_calls"}});
    const std::string csv = alice->expect("calls_csv")["csv"];
    EXPECT_NE(csv.find("\r\nincoming,\"'=2+5+cmd|' /C calc'!A0\",\"'@SUM(1+1)\",1970-01-01T00:00:20Z,,"
                       "1970-01-01T00:00:21Z,0,missed,"),
              std::string::npos)
        << csv;
    // The message column names the caller too: it starts with words, so it stays as it is.
    EXPECT_NE(csv.find(",You missed a call from =2+5+cmd|' /C calc'!A0.,\r\n"), std::string::npos) << csv;
}

} // namespace
} // namespace cvw::test
