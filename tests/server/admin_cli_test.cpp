// cvw-admin, run as a real process against a fresh database: users, CSV import, policy, bad input.
#include "test_server.hpp"

#include "app/call_log_export.hpp"
#include "store/call_log.hpp"
#include "store/database.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>

namespace cvw::test {
namespace {

struct run_result {
    int status;
    std::string output; // stdout and stderr together
};

class admin_cli : public ::testing::Test {
protected:
    void SetUp() override { std::ofstream(dir.path / "cvw.toml") << "[server]\ndatabase = \"cvw.db\"\n"; }

    run_result admin(const std::string& args, const std::string& input = {}) {
        std::string command = std::string(CVW_ADMIN) + " -c " + (dir.path / "cvw.toml").string() + " " + args + " 2>&1";
        if (!input.empty()) command = "printf '%s\\n' '" + input + "' | " + command;
        FILE* pipe = popen(command.c_str(), "r");
        std::string out;
        std::array<char, 512> buf{};
        while (auto n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
        const int status = pclose(pipe);
        return {WEXITSTATUS(status), out};
    }

    temp_dir dir;
};

TEST_F(admin_cli, adds_lists_disables_and_sets_passwords) {
    auto add = admin("user add dana --name \"Dana Lee\" --extension 1004 --number +14255550104");
    ASSERT_EQ(add.status, 0) << add.output;
    EXPECT_NE(add.output.find("added dana; password: "), std::string::npos);

    auto dup = admin("user add dana --name Dana");
    EXPECT_EQ(dup.status, 1);
    EXPECT_NE(dup.output.find("user 'dana' already exists"), std::string::npos);

    EXPECT_EQ(admin("user disable dana").status, 0);
    EXPECT_NE(admin("user list").output.find("dana\tDana Lee\t1004\t+14255550104\tno"), std::string::npos);
    EXPECT_EQ(admin("user enable dana").status, 0);

    auto pw = admin("user set-password dana --password-stdin", "correct-horse");
    EXPECT_EQ(pw.status, 0) << pw.output;
    running_server server(test_config(dir.path));
    EXPECT_FALSE(sign_in(server.port(), "dana", "correct-horse").empty());
}

TEST_F(admin_cli, refuses_bad_input_with_a_reason) {
    struct bad {
        const char* args;
        const char* says;
    };
    for (const auto& b :
         {bad{"user add Bad", "username 'Bad'"}, bad{"user add ok --number 555-0100", "number '555-0100'"},
          bad{"user add ok --password short", "at least 8 characters"}, bad{"user disable ghost", "no user 'ghost'"},
          bad{"policy set ghost --enabled true", "no user 'ghost'"}, bad{"user frobnicate", ""}}) {
        auto r = admin(b.args);
        EXPECT_NE(r.status, 0) << b.args;
        EXPECT_NE(r.output.find(b.says), std::string::npos) << b.args << ": " << r.output;
    }
}

TEST_F(admin_cli, imports_csv_all_or_nothing) {
    std::ofstream(dir.path / "good.csv") << "username,display_name,extension,number\n"
                                            "ed,\"Ed Park, Jr\",2001,+14255550201\n"
                                            "flo,Flo Ray,2002,\n";
    auto ok = admin("user import " + (dir.path / "good.csv").string());
    ASSERT_EQ(ok.status, 0) << ok.output;
    EXPECT_NE(ok.output.find("imported 2 users"), std::string::npos);
    EXPECT_NE(admin("user list").output.find("Ed Park, Jr"), std::string::npos);

    std::ofstream(dir.path / "bad.csv") << "username,display_name\ngus,Gus\nBAD NAME,x\n";
    auto bad = admin("user import " + (dir.path / "bad.csv").string());
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.output.find("bad.csv:3"), std::string::npos) << bad.output;
    EXPECT_EQ(admin("user list").output.find("gus"), std::string::npos); // rolled back

    std::ofstream(dir.path / "nohead.csv") << "name,phone\n";
    EXPECT_NE(admin("user import " + (dir.path / "nohead.csv").string()).output.find("'username' column"),
              std::string::npos);
}

TEST_F(admin_cli, refuses_display_names_with_control_characters_on_every_way_in) {
    // Names end up in SIP headers: a line break there would add headers of the admin's choosing.
    const std::string injected = "Eve\r\nP-Asserted-Identity: <sip:+18005550100@127.0.0.1>";
    auto added = admin("user add eve --name \"$(printf '" + injected + "')\"");
    EXPECT_EQ(added.status, 1) << added.output;
    EXPECT_NE(added.output.find("display name must be valid UTF-8 without control characters"), std::string::npos)
        << added.output;
    for (const char* name : {"Tab\there", "Bell\a", "Bad \377 byte"}) {
        auto r = admin("user add eve --name \"$(printf '" + std::string(name) + "')\"");
        EXPECT_EQ(r.status, 1) << name << ": " << r.output;
    }
    auto too_long = admin("user add eve --name " + std::string(201, 'x'));
    EXPECT_NE(too_long.output.find("at most 200 bytes"), std::string::npos) << too_long.output;
    EXPECT_EQ(admin("user list").output.find("eve"), std::string::npos);

    // Quotes, backslashes and non-ASCII letters are fine: SIP quotes and escapes them.
    auto fine = admin(R"(user add bobby --name 'Robert "Bobby" Tables\ Zoë')");
    EXPECT_EQ(fine.status, 0) << fine.output;

    std::ofstream(dir.path / "crlf.csv") << "username,display_name\ngus,Gus\nmal,\"Mal\r\nX-Evil: 1\"\n";
    auto imported = admin("user import " + (dir.path / "crlf.csv").string());
    EXPECT_EQ(imported.status, 1);
    EXPECT_NE(imported.output.find("crlf.csv:3: display name must be valid UTF-8 without control characters"),
              std::string::npos)
        << imported.output;
    EXPECT_EQ(admin("user list").output.find("gus"), std::string::npos); // all or nothing
}

TEST_F(admin_cli, policy_overrides_show_the_effective_result) {
    ASSERT_EQ(admin("user add hal --number +14255550300").status, 0);
    auto shown = admin("policy set hal --callback-number 1009 --simultaneous-ring false");
    ASSERT_EQ(shown.status, 0) << shown.output;
    EXPECT_NE(shown.output.find("callback number    1009"), std::string::npos) << shown.output;
    EXPECT_NE(shown.output.find("simultaneous ring  no"), std::string::npos);
    auto cleared = admin("policy clear hal");
    EXPECT_NE(cleared.output.find("callback number    +14255550300"), std::string::npos) << cleared.output;
    EXPECT_NE(admin("policy set hal --enabled maybe").output.find("--enabled must be true or false"),
              std::string::npos);
}

TEST_F(admin_cli, the_calls_export_never_hands_a_spreadsheet_a_formula) {
    ASSERT_EQ(admin("demo").status, 0);
    const auto day = *server::parse_utc_date("2026-11-02");
    {
        server::database db((dir.path / "cvw.db").string());
        server::call_log(db).add({.user_id = 1,
                                  .direction = "incoming",
                                  .peer_name = "=2+5+cmd|' /C calc'!A0",
                                  .number = "-1+1",
                                  .started_at_ms = day,
                                  .answered_at_ms = 0,
                                  .ended_at_ms = day + 1000,
                                  .outcome = "missed"});
    }
    auto r = admin("calls export --from 2026-11-01 --to 2026-11-30");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("alice,incoming,\"'=2+5+cmd|' /C calc'!A0\",\"'-1+1\",2026-11-02T00:00:00Z,,"),
              std::string::npos)
        << r.output;
    EXPECT_EQ(r.output.find(",=2+5"), std::string::npos) << r.output;
}

TEST_F(admin_cli, a_callback_number_must_pass_the_dial_plan) {
    std::ofstream(dir.path / "cvw.toml") << "[server]\ndatabase = \"cvw.db\"\n[dial_plan]\n"
                                            "allowed = [\"\\\\+1\\\\d{10}\", \"\\\\d{4}\"]\n"
                                            "blocked = [\"\\\\+1876\\\\d{7}\"]\n";
    ASSERT_EQ(admin("user add hal --number +14255550300").status, 0);
    for (const auto& [args, says] : std::vector<std::pair<std::string, std::string>>{
             {"--callback-number +18765550100",
              "--callback-number '+18765550100' is not a number the dial plan allows"},
             {"--admin-callback-number +448712345678",
              "--admin-callback-number '+448712345678' is not a number the dial plan allows"}}) {
        auto r = admin("policy set hal " + args);
        EXPECT_EQ(r.status, 1) << args;
        EXPECT_NE(r.output.find(says), std::string::npos) << r.output;
    }
    EXPECT_NE(admin("policy show hal").output.find("callback number    +14255550300"), std::string::npos);
    auto ok = admin("policy set hal --callback-number +14255550199");
    EXPECT_EQ(ok.status, 0) << ok.output;
    EXPECT_NE(ok.output.find("callback number    +14255550199"), std::string::npos) << ok.output;
}

TEST_F(admin_cli, the_server_refuses_bad_command_lines_and_configs_with_a_reason) {
    const std::string server = CVW_SERVER;
    auto run = [](const std::string& command) {
        FILE* pipe = popen((command + " 2>&1").c_str(), "r");
        std::string out;
        std::array<char, 512> buf{};
        while (auto n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
        return run_result{WEXITSTATUS(pclose(pipe)), out};
    };
    auto missing = run(server + " --config /nonexistent/cvw.toml");
    EXPECT_NE(missing.status, 0);
    EXPECT_NE(missing.output.find("/nonexistent/cvw.toml"), std::string::npos) << missing.output;

    auto unknown = run(server + " --frobnicate");
    EXPECT_NE(unknown.status, 0);
    EXPECT_NE(unknown.output.find("frobnicate"), std::string::npos) << unknown.output;

    std::ofstream(dir.path / "bad.toml") << "[server]\nport = \"eighty\"\n";
    auto bad = run(server + " --check-config -c " + (dir.path / "bad.toml").string());
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.output.find("'server.port' has the wrong type"), std::string::npos) << bad.output;

    auto good = run(server + " --check-config -c " + (dir.path / "cvw.toml").string());
    EXPECT_EQ(good.status, 0) << good.output;
    EXPECT_NE(good.output.find("config OK"), std::string::npos);
}

TEST_F(admin_cli, demo_creates_three_users_once) {
    auto demo = admin("demo");
    ASSERT_EQ(demo.status, 0);
    EXPECT_NE(demo.output.find("alice\t"), std::string::npos);
    EXPECT_NE(demo.output.find("carol\t"), std::string::npos);
    EXPECT_NE(admin("demo").output.find("already has users"), std::string::npos);
}

TEST_F(admin_cli, exports_everyones_calls_between_two_dates_as_csv) {
    ASSERT_EQ(admin("demo").status, 0);
    {
        server::database db((dir.path / "cvw.db").string());
        server::call_log log(db);
        const auto day = [](const char* date) { return *server::parse_utc_date(date); };
        // alice's call on Nov 1, bob's missed call on Nov 30 late in the day, one on Dec 1 outside the range.
        log.add({.user_id = 1,
                 .direction = "outgoing",
                 .peer_name = "Bob Jones",
                 .number = "1002",
                 .started_at_ms = day("2026-11-01") + 1000,
                 .answered_at_ms = day("2026-11-01") + 5000,
                 .ended_at_ms = day("2026-11-01") + 65000,
                 .outcome = "hung_up_by_user"});
        log.add({.user_id = 2,
                 .direction = "incoming",
                 .peer_name = "Caller, \"the\" one",
                 .number = "+442079460018",
                 .started_at_ms = day("2026-11-30") + 86'000'000,
                 .answered_at_ms = 0,
                 .ended_at_ms = day("2026-11-30") + 86'010'000,
                 .outcome = "missed"});
        log.add({.user_id = 1,
                 .direction = "outgoing",
                 .peer_name = "Carol Diaz",
                 .number = "1003",
                 .started_at_ms = day("2026-12-01"),
                 .answered_at_ms = 0,
                 .ended_at_ms = day("2026-12-01") + 1,
                 .outcome = "callee_busy"});
    }
    const auto out = dir.path / "calls.csv";
    auto r = admin("calls export --from 2026-11-01 --to 2026-11-30 --out " + out.string());
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("exported 2 calls from 2026-11-01 to 2026-11-30"), std::string::npos) << r.output;
    std::ifstream in(out);
    std::string csv((std::istreambuf_iterator<char>(in)), {});
    EXPECT_EQ(csv, "user,direction,peer,number,started,answered,ended,duration_seconds,outcome,message,meeting\r\n"
                   "alice,outgoing,Bob Jones,1002,2026-11-01T00:00:01Z,2026-11-01T00:00:05Z,2026-11-01T00:01:05Z,60,"
                   "hung_up_by_user,You hung up.,\r\n"
                   "bob,incoming,\"Caller, \"\"the\"\" "
                   "one\",\"'+442079460018\",2026-11-30T23:53:20Z,,2026-11-30T23:53:30Z,0,missed,"
                   "\"You missed a call from Caller, \"\"the\"\" one.\",\r\n");

    for (const auto& [args, says] : std::vector<std::pair<std::string, std::string>>{
             {"calls export --from 2026-13-01 --to 2026-11-30", "--from must be a date like 2026-11-01"},
             {"calls export --from 2026-11-01 --to 2026-02-30", "--to must be a date like 2026-11-30"},
             {"calls export --from 2026-11-30 --to 2026-11-01", "--to is before --from"},
             {"calls export --from 2026-11-01 --to 2026-11-30 --language xx",
              "--language must be one of en, ko, ru, zh, es, fr, not 'xx'"},
             {"calls export --from 2026-11-01 --to 2026-11-30 --language '<b>'", "--language must be one of en"},
             {"calls export --from 2026-11-01", "--to is required"}}) {
        auto bad = admin(args);
        EXPECT_NE(bad.status, 0) << args;
        EXPECT_NE(bad.output.find(says), std::string::npos) << args << ": " << bad.output;
    }
}

} // namespace
} // namespace cvw::test
