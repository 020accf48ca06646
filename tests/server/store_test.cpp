// SQLite store: migrations, directory queries, policy overrides, FTS query building.
#include "store/call_log.hpp"
#include "store/database.hpp"
#include "store/favourite_store.hpp"
#include "store/migrations.hpp"
#include "store/key_store.hpp"
#include "store/meeting_message_store.hpp"
#include "store/meeting_store.hpp"
#include "store/message_store.hpp"
#include "store/user_store.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <set>

namespace cvw::test {
namespace {

using server::user_record;

TEST(store, a_new_database_is_migrated_to_the_latest_version) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    EXPECT_EQ(db.schema_version(), 13);
    server::database again((dir.path / "x.db").string()); // idempotent
    EXPECT_EQ(again.schema_version(), 13);
}

TEST(store, what_do_not_disturb_does_with_calls_defaults_to_the_desk_phone_and_is_kept) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    server::user_store users(db);
    const auto id = users.add({.username = "alice", .display_name = "Alice Smith"}, 1000);
    ASSERT_TRUE(id);
    EXPECT_EQ(users.find(*id)->do_not_disturb_calls, "desk_phone");
    users.set_do_not_disturb_calls(*id, "decline");
    EXPECT_EQ(users.find("alice")->do_not_disturb_calls, "decline");
}

TEST(store, migration_8_keeps_every_logged_call_and_lets_an_outside_numbers_row_have_no_user) {
    temp_dir dir;
    const auto file = (dir.path / "x.db").string();
    {
        // A database as version 7 left it, with one call of Alice's.
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(file.c_str(), &raw), SQLITE_OK);
        const auto& steps = server::schema_migrations();
        for (std::size_t v = 0; v < 7; ++v)
            ASSERT_EQ(sqlite3_exec(raw, steps[v], nullptr, nullptr, nullptr), SQLITE_OK);
        const char* rows =
            "PRAGMA user_version=7;"
            "INSERT INTO users (id, username, display_name, created_at) VALUES (1, 'alice', 'A', 1);"
            "INSERT INTO calls (user_id, direction, peer_name, number, started_at, answered_at, "
            "ended_at, outcome, via) VALUES (1, 'outgoing', 'Bob', '1002', 10, 20, 30, 'hung_up_by_user', "
            "'cvw');";
        ASSERT_EQ(sqlite3_exec(raw, rows, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
        sqlite3_close(raw);
    }
    server::database db(file);
    EXPECT_EQ(db.schema_version(), static_cast<int>(server::schema_migrations().size()));
    server::call_log log(db);
    const auto kept = log.recent(1, 10);
    ASSERT_EQ(kept.size(), 1u);
    EXPECT_EQ(kept[0].peer_name, "Bob");
    EXPECT_EQ(kept[0].answered_at_ms, 20);
    EXPECT_EQ(kept[0].meeting_id, "");
    log.add({.user_id = 0,
             .direction = "meeting_dial_in",
             .peer_name = "Sync",
             .number = "+15035550177",
             .started_at_ms = 40,
             .answered_at_ms = 0,
             .ended_at_ms = 50,
             .outcome = "not_admitted",
             .via = "cvw",
             .meeting_id = "m-1"});
    auto s = db.prepare("SELECT COUNT(*) FROM calls WHERE user_id IS NULL AND meeting_id = 'm-1'");
    ASSERT_TRUE(s.step());
    EXPECT_EQ(s.integer(0), 1);
}

TEST(store, a_reused_statement_starts_afresh_however_its_last_user_left_it) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    db.exec("CREATE TABLE t (n INTEGER NOT NULL)");
    for (int n = 1; n <= 3; ++n) db.prepare("INSERT INTO t (n) VALUES (?)").bind(1, std::int64_t{n}).run();
    const char* const all = "SELECT n FROM t ORDER BY n";
    {
        auto first = db.prepare(all); // left after one row of three
        ASSERT_TRUE(first.step());
        EXPECT_EQ(first.integer(0), 1);
        auto nested = db.prepare(all); // the same SQL while the first is in use: a statement of its own
        ASSERT_TRUE(nested.step());
        EXPECT_EQ(nested.integer(0), 1);
    }
    auto again = db.prepare(all);
    std::vector<std::int64_t> rows;
    while (again.step()) rows.push_back(again.integer(0));
    EXPECT_EQ(rows, (std::vector<std::int64_t>{1, 2, 3}));

    // A statement whose step failed (NOT NULL) is given back and works for the next user.
    const char* const insert = "INSERT INTO t (n) VALUES (?)";
    EXPECT_THROW(db.prepare(insert).bind_null(1).run(), server::database_error);
    db.prepare(insert).bind(1, std::int64_t{4}).run();
    auto count = db.prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(count.step());
    EXPECT_EQ(count.integer(0), 4);
}

TEST(store, a_server_key_is_made_once_and_every_connection_gets_the_same) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    const auto key = server::key_store(db).get_or_create("sip_call_id", 32);
    EXPECT_EQ(key.size(), 64u); // hex
    EXPECT_EQ(key.find_first_not_of("0123456789abcdef"), std::string::npos);
    server::database other((dir.path / "x.db").string()); // another process on the same database
    EXPECT_EQ(server::key_store(other).get_or_create("sip_call_id", 32), key);
    EXPECT_NE(server::key_store(other).get_or_create("another", 32), key);
}

TEST(store, a_meeting_gets_ids_of_its_own_and_is_found_by_its_link) {
    temp_dir dir;
    add_demo_users(dir.path / "x.db");
    server::database db((dir.path / "x.db").string());
    server::meeting_store meetings(db);
    const auto alice = server::user_store(db).find(std::string("alice"))->id;
    std::set<std::string> links, conferences;
    std::set<std::uint64_t> rooms;
    for (int i = 0; i < 50; ++i) {
        const auto m = meetings.create(alice, "Meet Now", 1000, 2000, 900);
        EXPECT_EQ(m.id.size(), 18u) << m.id;
        EXPECT_EQ(m.id.rfind("m-", 0), 0u) << m.id;
        EXPECT_EQ(m.conference_id.size(), 9u);
        EXPECT_EQ(m.conference_id.find_first_not_of("0123456789"), std::string::npos);
        EXPECT_NE(m.conference_id[0], '0');
        EXPECT_EQ(m.pin.size(), 6u);
        EXPECT_EQ(m.pin.find_first_not_of("0123456789"), std::string::npos);
        EXPECT_GT(m.room, 0u);
        EXPECT_LT(m.room, std::uint64_t{1} << 53); // exact as a JSON number
        links.insert(m.id);
        conferences.insert(m.conference_id);
        rooms.insert(m.room);
    }
    EXPECT_EQ(links.size(), 50u);
    EXPECT_EQ(conferences.size(), 50u);
    EXPECT_EQ(rooms.size(), 50u);

    const auto made = meetings.create(alice, "Weekly sync", 1000, 2000, 900);
    const auto found = meetings.find(made.id);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->room, made.room);
    EXPECT_EQ(found->conference_id, made.conference_id);
    EXPECT_EQ(found->pin, made.pin);
    EXPECT_EQ(found->organizer_id, alice);
    EXPECT_EQ(found->subject, "Weekly sync");
    EXPECT_EQ(found->starts_at_ms, 1000);
    EXPECT_EQ(found->ends_at_ms, 2000);
    EXPECT_EQ(found->created_at_ms, 900);
    EXPECT_FALSE(meetings.find("m-0000000000000000").has_value());
}

TEST(store, a_meetings_conversation_pages_back_from_the_newest_and_keeps_to_its_meeting) {
    temp_dir dir;
    add_demo_users(dir.path / "x.db");
    server::database db((dir.path / "x.db").string());
    server::meeting_store meetings(db);
    server::meeting_message_store chat(db);
    const auto alice = server::user_store(db).find(std::string("alice"))->id;
    const auto ours = meetings.create(alice, "Weekly sync", 1000, 2000, 900);
    const auto other = meetings.create(alice, "Other", 1000, 2000, 900);
    for (int i = 1; i <= 5; ++i) chat.add(ours.id, alice, "line " + std::to_string(i), 1000 + i);
    chat.add(other.id, alice, "elsewhere", 1010);

    const auto newest = chat.page(ours.id, 0, 3);
    ASSERT_EQ(newest.messages.size(), 3u);
    EXPECT_TRUE(newest.has_more);
    EXPECT_EQ(newest.messages.front().body, "line 3") << "oldest first within the page";
    EXPECT_EQ(newest.messages.back().body, "line 5");
    EXPECT_EQ(newest.messages.back().sender_id, alice);
    EXPECT_EQ(newest.messages.back().sent_at_ms, 1005);
    const auto older = chat.page(ours.id, newest.messages.front().id, 3);
    ASSERT_EQ(older.messages.size(), 2u);
    EXPECT_FALSE(older.has_more);
    EXPECT_EQ(older.messages.front().body, "line 1");
    EXPECT_EQ(chat.page(other.id, 0, 50).messages.size(), 1u);
}

TEST(store, an_invitation_is_answered_once_and_a_new_one_opens_it_again) {
    temp_dir dir;
    add_demo_users(dir.path / "x.db");
    server::database db((dir.path / "x.db").string());
    server::meeting_store meetings(db);
    server::user_store users(db);
    const auto alice = users.find(std::string("alice"))->id;
    const auto bob = users.find(std::string("bob"))->id;
    const auto m = meetings.create(alice, "Weekly sync", 1000, 2000, 900);

    EXPECT_FALSE(meetings.is_invited(m.id, bob));
    EXPECT_FALSE(meetings.answer(m.id, bob, "joined")); // nothing to answer
    meetings.invite(m.id, bob, alice, 1100);
    EXPECT_TRUE(meetings.is_invited(m.id, bob));
    EXPECT_FALSE(meetings.is_invited(m.id, alice));
    EXPECT_TRUE(meetings.answer(m.id, bob, "declined"));
    EXPECT_FALSE(meetings.answer(m.id, bob, "joined")); // answered already
    EXPECT_TRUE(meetings.is_invited(m.id, bob));
    meetings.invite(m.id, bob, alice, 1200); // asked again
    EXPECT_TRUE(meetings.answer(m.id, bob, "joined"));
    EXPECT_FALSE(meetings.is_invited("m-0000000000000000", bob));
}

TEST(store, the_meetings_list_holds_scheduled_meetings_not_over_that_the_user_organizes_or_did_not_decline) {
    temp_dir dir;
    add_demo_users(dir.path / "x.db");
    server::database db((dir.path / "x.db").string());
    server::meeting_store meetings(db);
    server::user_store users(db);
    const auto alice = users.find(std::string("alice"))->id;
    const auto bob = users.find(std::string("bob"))->id;
    const auto carol = users.find(std::string("carol"))->id;
    const auto later = meetings.schedule(alice, "Later", 5000, 6000, {bob, carol}, 900);
    const auto sooner = meetings.schedule(bob, "Sooner", 3000, 4000, {alice}, 900);
    meetings.schedule(alice, "Over", 1000, 2000, {bob}, 900);
    meetings.create(alice, "Meet Now", 2500, 9000, 2500); // never listed
    const auto subjects = [&](std::int64_t user, std::size_t limit = 100) {
        std::vector<std::string> out;
        for (const auto& m : meetings.upcoming_for(user, 2000, limit)) out.push_back(m.subject);
        return out;
    };
    EXPECT_EQ(subjects(alice), (std::vector<std::string>{"Sooner", "Later"}));
    EXPECT_EQ(subjects(alice, 1), std::vector<std::string>{"Sooner"});
    EXPECT_EQ(subjects(bob), (std::vector<std::string>{"Sooner", "Later"}));
    EXPECT_EQ(subjects(carol), std::vector<std::string>{"Later"});
    EXPECT_TRUE(meetings.is_invited(later.id, carol));
    EXPECT_TRUE(meetings.answer(later.id, carol, "declined"));
    EXPECT_EQ(subjects(carol), std::vector<std::string>{});
    EXPECT_TRUE(meetings.answer(sooner.id, alice, "joined"));
    EXPECT_EQ(subjects(alice), (std::vector<std::string>{"Sooner", "Later"})) << "joined stays listed";
}

TEST(store, a_schedule_whose_invitation_fails_leaves_no_meeting_behind) {
    temp_dir dir;
    add_demo_users(dir.path / "x.db");
    server::database db((dir.path / "x.db").string());
    server::meeting_store meetings(db);
    const auto alice = server::user_store(db).find(std::string("alice"))->id;
    EXPECT_THROW(meetings.schedule(alice, "Broken", 3000, 4000, {alice, 999999}, 900), server::database_error);
    EXPECT_EQ(meetings.upcoming_for(alice, 0, 100).size(), 0u) << "all or nothing";
}

TEST(store, favourites_keep_their_order_hold_each_colleague_once_stop_at_the_limit_and_go_with_the_user) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    server::user_store users(db);
    std::vector<std::int64_t> ids;
    for (const char* name : {"alice", "bob", "carol", "dave"})
        ids.push_back(*users.add(user_record{0, name, name, "", "", "", true, "", "", ""}, 1));
    server::favourite_store favourites(db);
    using added = server::favourite_store::add_result;
    EXPECT_EQ(favourites.add(ids[0], ids[2], 10, 2), added::added);
    EXPECT_EQ(favourites.add(ids[0], ids[1], 10, 2), added::added); // same time: still in the order added
    EXPECT_EQ(favourites.add(ids[0], ids[2], 11, 2), added::already_there);
    EXPECT_EQ(favourites.add(ids[0], ids[3], 12, 2), added::full);
    EXPECT_EQ(favourites.of(ids[0]), (std::vector<std::int64_t>{ids[2], ids[1]}));
    EXPECT_EQ(favourites.of(ids[1]), std::vector<std::int64_t>{}) << "lists are per user";
    EXPECT_TRUE(favourites.remove(ids[0], ids[2]));
    EXPECT_FALSE(favourites.remove(ids[0], ids[2]));
    EXPECT_EQ(favourites.add(ids[0], ids[3], 13, 2), added::added);
    EXPECT_EQ(favourites.of(ids[0]), (std::vector<std::int64_t>{ids[1], ids[3]}));
    db.prepare("DELETE FROM users WHERE id = ?").bind(1, ids[1]).run();
    EXPECT_EQ(favourites.of(ids[0]), std::vector<std::int64_t>{ids[3]}) << "a deleted colleague leaves the list";
}

TEST(store, a_database_from_a_newer_cvw_is_refused) {
    temp_dir dir;
    {
        server::database db((dir.path / "x.db").string());
        db.exec("PRAGMA user_version=99");
    }
    EXPECT_THROW(server::database((dir.path / "x.db").string()), server::database_error);
}

TEST(store, usernames_are_unique_regardless_of_case) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    server::user_store users(db);
    EXPECT_TRUE(users.add({.username = "dave", .display_name = "Dave"}, 1).has_value());
    EXPECT_FALSE(users.add({.username = "DAVE", .display_name = "Dave"}, 1).has_value());
}

TEST(store, disabled_users_are_not_found_by_search_and_renames_reindex) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    server::user_store users(db);
    users.add({.username = "erin", .display_name = "Erin Fox", .extension = "2001", .number = "+33123456789"}, 1);
    EXPECT_EQ(users.search("fox", 10).size(), 1u);
    users.set_enabled("erin", false);
    EXPECT_TRUE(users.search("fox", 10).empty());
    users.set_enabled("erin", true);
    users.update_profile(
        {.username = "erin", .display_name = "Erin Wolf", .extension = "2001", .number = "+33123456789"});
    EXPECT_TRUE(users.search("fox", 10).empty());
    EXPECT_EQ(users.search("wol", 10).size(), 1u);
    EXPECT_EQ(users.search("3312", 10).size(), 1u);
}

TEST(store, policy_overrides_round_trip_and_clear) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    server::user_store users(db);
    const auto id = *users.add({.username = "fay", .display_name = "Fay"}, 1);
    EXPECT_EQ(users.policy(id), policy_override{});
    policy_override p{.enabled = false, .callback_number = "1009", .simultaneous_ring = true};
    users.set_policy(id, p);
    EXPECT_EQ(users.policy(id), p);
    users.set_policy(id, {});
    EXPECT_EQ(users.policy(id), policy_override{});
}

TEST(store, message_pages_are_per_pair) {
    temp_dir dir;
    server::database db((dir.path / "x.db").string());
    server::message_store messages(db);
    server::user_store users(db);
    const auto a = *users.add({.username = "a", .display_name = "A"}, 1);
    const auto b = *users.add({.username = "b", .display_name = "B"}, 1);
    const auto c = *users.add({.username = "c", .display_name = "C"}, 1);
    messages.add(a, b, "ab1", 10);
    messages.add(c, a, "ca1", 11);
    messages.add(b, a, "ba2", 12);
    auto page = messages.between(b, a, 0, 10);
    ASSERT_EQ(page.messages.size(), 2u);
    EXPECT_EQ(page.messages[0].body, "ab1");
    EXPECT_EQ(page.messages[1].body, "ba2");
    EXPECT_FALSE(page.has_more);
}

TEST(store, fts_queries_quote_every_token) {
    EXPECT_EQ(server::fts_prefix_query("Bob  Jo"), R"("Bob"* "Jo"*)");
    EXPECT_EQ(server::fts_prefix_query("\"*)( OR x"), R"("OR"* "x"*)");
    EXPECT_EQ(server::fts_prefix_query("+1 (425)"), R"("1"* "425"*)");
    EXPECT_EQ(server::fts_prefix_query("--"), "");
}

} // namespace
} // namespace cvw::test
