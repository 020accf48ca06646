// Where an incoming call goes: the user its address names, how the caller is named, and how the
// user's desk phone and tabs are rung.
#include "cvw/call/incoming_routing.hpp"

#include "cvw/protocol/messages.hpp"

#include <gtest/gtest.h>

namespace cvw::call {
namespace {

TEST(incoming_routing, the_address_names_the_user_after_the_prefix_in_any_case) {
    struct row {
        const char* to_user;
        std::optional<std::string> username;
    };
    const row table[] = {
        {"cvw-alice", "alice"}, {"CVW-Alice", "alice"}, {"cvw-", std::nullopt},
        {"cv", std::nullopt},   {"1001", std::nullopt}, {"xcvw-alice", std::nullopt},
    };
    for (const auto& r : table) EXPECT_EQ(addressed_username(r.to_user, "cvw-"), r.username) << r.to_user;
}

TEST(incoming_routing, a_known_number_is_named_from_the_directory_else_by_what_the_caller_sent_cut_to_size) {
    const person bob{.id = 2, .username = "bob", .display_name = "Bob Jones"};
    const auto known = identify_caller("+14255550102", "Spoofed Name", bob);
    EXPECT_EQ(known.name, "Bob Jones");
    EXPECT_EQ(known.username, "bob");
    EXPECT_EQ(known.number, "+14255550102");

    const auto stranger = identify_caller("+442079460018", "Caller", std::nullopt);
    EXPECT_EQ(stranger.name, "Caller");
    EXPECT_EQ(stranger.username, "");

    // 60 two-byte characters: cut between characters at the limit, never inside one.
    std::string long_name;
    for (int i = 0; i < 60; ++i) long_name += "\xC3\xA9";
    const auto cut = identify_caller(std::string(100, '1'), long_name, std::nullopt);
    EXPECT_EQ(cut.name.size(), protocol::limits::peer_name);
    EXPECT_EQ(cut.number.size(), protocol::limits::phone_number);
}

TEST(incoming_routing, the_desk_phone_rings_only_when_calls_are_on_and_the_dial_plan_allows_it) {
    const auto plan =
        dial_plan::compile({.rules = {}, .allowed = {"\\d{4}", "\\+1\\d{10}"}, .blocked = {"\\+1900\\d{7}"}}).value();
    const ring_config config{.no_answer_ms = 20'000, .fallback_number = "1999"};
    struct row {
        effective_policy policy;
        bool tabs_open;
        const char* desk_number;
    };
    const row table[] = {
        {{.enabled = true, .callback_number = "1001", .simultaneous_ring = true}, true, "1001"},
        {{.enabled = true, .callback_number = "+19005550100", .simultaneous_ring = true}, true, ""}, // blocked
        {{.enabled = false, .callback_number = "1001", .simultaneous_ring = true}, true, ""},        // calls off
        {{.enabled = true, .callback_number = "", .simultaneous_ring = false}, false, ""},           // none known
    };
    for (const auto& r : table) {
        const auto s = ring_settings(r.policy, plan, config, r.tabs_open);
        EXPECT_EQ(s.desk_number, r.desk_number) << r.policy.callback_number;
        EXPECT_EQ(s.simultaneous_ring, r.policy.simultaneous_ring);
        EXPECT_EQ(s.tabs_open, r.tabs_open);
        EXPECT_EQ(s.no_answer_ms, 20'000);
        EXPECT_EQ(s.fallback_number, "1999");
    }
}

} // namespace
} // namespace cvw::call
