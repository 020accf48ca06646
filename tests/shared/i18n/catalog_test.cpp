// The built-in catalogs: they load, every code the core can send has words, events render as the
// page and the CSV export show them, and a broken catalog file is refused with its key named.
#include "cvw/i18n/catalog.hpp"

#include "cvw/call/call_rate_caps.hpp"
#include "cvw/call/click_to_call_types.hpp"
#include "cvw/call/incoming_call_types.hpp"
#include "cvw/call/meeting_join_types.hpp"
#include "cvw/i18n/catalog_data.hpp"
#include "cvw/phone/phone_dialogs.hpp"
#include "cvw/protocol/call_events.hpp"
#include "cvw/protocol/codec.hpp"
#include "cvw/protocol/event_text.hpp"

#include <gtest/gtest.h>

namespace cvw::i18n {
namespace {

const catalogs& words() { return catalogs::built_in(); }

/** A key the English catalog must have, rendered; a missing key would come back as itself. */
void expect_worded(const text& t) {
    const auto* pattern = words().fallback().find(t.key);
    ASSERT_NE(pattern, nullptr) << "no English text for " << t.key;
    const auto rendered = words().render("en", t);
    EXPECT_EQ(rendered.find('{'), std::string::npos) << t.key << " left a placeholder: " << rendered;
}

TEST(catalog, english_is_built_in_and_the_fallback) {
    EXPECT_EQ(words().languages(), (std::vector<std::string>{"en", "ko", "ru", "zh", "es", "fr"}));
    EXPECT_EQ(words().fallback().language(), "en");
    EXPECT_GT(words().fallback().keys().size(), 100u);
}

TEST(catalog, every_call_outcome_has_words) {
    for (int r = static_cast<int>(call::end_reason::hung_up_by_user);
         r <= static_cast<int>(call::end_reason::server_stopped); ++r) {
        const protocol::call_state s{.call_id = "c",
                                     .state = "ended",
                                     .reason = std::string(call::to_string(static_cast<call::end_reason>(r))),
                                     .callee_name = "Bob Jones",
                                     .number = "1002"};
        expect_worded(protocol::text_of(s));
    }
    for (int o = static_cast<int>(call::incoming::outcome::answered_on_phone);
         o <= static_cast<int>(call::incoming::outcome::do_not_disturb); ++o) {
        const protocol::incoming_call c{
            .call_id = "i",
            .state = "ended",
            .caller_number = "+442079460018",
            .outcome = std::string(call::incoming::to_string(static_cast<call::incoming::outcome>(o)))};
        expect_worded(protocol::text_of(c));
    }
    for (int r = static_cast<int>(call::meeting_join::end_reason::left);
         r <= static_cast<int>(call::meeting_join::end_reason::server_stopped); ++r) {
        const protocol::meeting_state m{
            .call_id = "m",
            .meeting_id = "m-1",
            .state = "ended",
            .reason = std::string(call::meeting_join::to_string(static_cast<call::meeting_join::end_reason>(r)))};
        expect_worded(protocol::text_of(m));
    }
    for (const auto o :
         {phone::phone_outcome::answered, phone::phone_outcome::not_answered, phone::phone_outcome::missed}) {
        const protocol::call_entry e{
            .id = 1, .direction = "incoming", .outcome = std::string(phone::to_string(o)), .via = "phone"};
        expect_worded(protocol::text_of(e));
    }
    for (const auto reason : {"not_set_up", "agent_failed", "pbx_unreachable"}) {
        expect_worded(protocol::text_of(protocol::call_service{false, reason}));
        expect_worded(protocol::text_of(protocol::refusal("calls_unavailable", "", reason)));
    }
}

TEST(catalog, every_refusal_the_server_sends_has_words) {
    const call::call_rate_limits limits;
    for (const auto cap :
         {call::call_cap::per_user_minute, call::call_cap::per_user_day, call::call_cap::global_second})
        expect_worded(protocol::text_of(protocol::refusal_of({cap, 2'000, false, 1}, limits)));
    // The codes and cases server/ sends (grep for refusal( there); docs/protocol.md lists them.
    const protocol::error sent[] = {
        protocol::refusal("internal"),
        protocol::refusal("hello_required"),
        protocol::refusal("already_greeted"),
        protocol::refusal("unsupported_protocol", "protocol", "", {{"version", "2"}}),
        protocol::refusal("rate_limited"),
        protocol::refusal("binary_not_supported"),
        protocol::refusal("message_too_large", "", "", {{"max", "65536"}}),
        protocol::refusal("call_in_progress"),
        protocol::refusal("meetings_unavailable"),
        protocol::refusal("meetings_unavailable", "", "not_set_up"),
        protocol::refusal("invalid_value", "subject", "empty_subject"),
        protocol::refusal("calls_unavailable", "", "shutting_down"),
        protocol::refusal("not_found", "to", "user", {{"username", "zed"}}),
        protocol::refusal("not_found", "call_id", "call"),
        protocol::refusal("invalid_value", "to", "self_im"),
        protocol::refusal("invalid_value", "destination", "self_call"),
        protocol::refusal("invalid_value", "number", "not_a_number", {{"number", "abc"}}),
        protocol::refusal("invalid_value", "conversation", "unknown_conversation", {{"username", "zed"}}),
        protocol::refusal("invalid_value", "call_id", "not_incoming_accept"),
        protocol::refusal("invalid_value", "call_id", "not_incoming_decline"),
        protocol::refusal("not_allowed", "number", "admin_callback"),
        protocol::refusal("not_allowed", "number", "dial_plan", {{"number", "+1900"}}),
        protocol::refusal("offline"),
        protocol::refusal("not_allowed", "number", "calls_disabled"),
        protocol::refusal("not_allowed", "number", "too_many_numbers", {{"most", "10"}}),
        protocol::refusal("not_allowed", "meeting_id", "not_in_meeting"),
    };
    for (const auto* why :
         {"phone_busy", "phone_no_answer", "phone_declined", "not_confirmed", "phone_hung_up", "unreachable"})
        expect_worded(protocol::text_of(protocol::refusal("number_not_joined", "number", why, {{"number", "+1503"}})));
    for (const auto& e : sent) expect_worded(protocol::text_of(e));
    for (const auto code :
         {"too_large", "not_found", "method_not_allowed", "bad_origin", "unauthorized", "bad_request",
          "invalid_credentials", "disabled", "rate_limited", "busy", "internal", "server_busy", "too_many_connections"})
        expect_worded({std::string("http.") + code, {}});
    expect_worded(text{"http.login_throttled", {}}.with("seconds", "3"));
}

TEST(catalog, every_decode_error_has_words) {
    const char* bad_commands[] = {
        "not json",
        "[1]",
        R"({"type":"launch_missiles"})",
        R"({"type":"send_im","to":"bob","client_id":"c"})",
        R"({"type":"send_im","to":"bob","text":"","client_id":"c"})",
        R"({"type":"send_im","to":7,"text":"x","client_id":"c"})",
        R"({"type":"get_history","with":"bob","limit":"x"})",
        R"({"type":"get_history","with":"bob","limit":1000})",
        R"({"type":"set_presence","state":"sleepy"})",
        R"({"type":"watch_presence","users":"bob"})",
        R"({"type":"watch_presence","users":[""]})",
        R"({"type":"hello","protocol":2,"language":"en_US!"})",
    };
    for (const auto* command : bad_commands) {
        const auto decoded = protocol::decode_command(command);
        ASSERT_FALSE(decoded.ok()) << command;
        expect_worded(protocol::text_of(decoded.error()));
    }
    auto too_many = std::string(R"({"type":"watch_presence","users":[)");
    for (int i = 0; i < 201; ++i) too_many += std::string(i ? "," : "") + "\"u\"";
    expect_worded(protocol::text_of(protocol::decode_command(too_many + "]}").error()));
}

TEST(catalog, events_render_as_people_read_them) {
    const auto en = [](const auto& event) { return words().render("en", protocol::text_of(event)); };
    protocol::call_state busy{.call_id = "c", .state = "ended", .reason = "callee_busy", .callee_name = "Bob Smith"};
    EXPECT_EQ(en(busy), "Bob Smith is busy.");
    busy.callee_name = "";
    busy.number = "";
    EXPECT_EQ(en(busy), "The person you called is busy.");
    const protocol::incoming_call missed{.call_id = "i", .state = "ended", .outcome = "missed"};
    EXPECT_EQ(en(missed), "You missed a call from an unknown number.");
    const protocol::call_entry desk{
        .id = 1, .direction = "incoming", .peer_name = "Bob Jones", .outcome = "missed", .via = "phone"};
    EXPECT_EQ(en(desk), "Missed call from Bob Jones on the desk phone.");
    EXPECT_EQ(en(protocol::to_error_event(protocol::decode_command(R"({"type":"nope"})").error())),
              "Unknown message type 'nope'.");
    EXPECT_EQ(words().render("en", text{"http.login_throttled", {}}.with("seconds", "1")),
              "Too many failed sign-ins for this account. Try again in 1 second.");
    EXPECT_EQ(words().render("en", text{"http.login_throttled", {}}.with("seconds", "2")),
              "Too many failed sign-ins for this account. Try again in 2 seconds.");
}

TEST(catalog, an_unknown_key_shows_as_itself_and_other_languages_fall_back_to_english) {
    EXPECT_EQ(words().render("en", {"no.such.key", {}}), "no.such.key");
    EXPECT_EQ(words().render("de-DE", {"call.title.ended", {}}), "Call ended");
    EXPECT_NE(words().render("ko-KR", {"call.title.ended", {}}), "Call ended");
    EXPECT_EQ(words().negotiate("en-GB"), "en");
    EXPECT_EQ(words().negotiate("ko"), "ko");
    EXPECT_EQ(words().negotiate("zh-Hans-CN"), "zh");
    EXPECT_EQ(words().negotiate("es-419"), "es");
    EXPECT_EQ(words().negotiate("fr-CA"), "fr");
    EXPECT_EQ(words().negotiate("ru-RU"), "ru");
    EXPECT_EQ(words().negotiate("de"), "en");
    EXPECT_EQ(words().negotiate(""), "en");
}

TEST(catalog, the_language_list_matches_the_catalogs_without_loading_them) {
    EXPECT_EQ(built_in_languages(), words().languages());
    // One catalog on its own (as the browser loads it) is its own fallback.
    const catalogs korean_only({*catalog::parse("ko", built_in_catalog_data()[1].json)});
    EXPECT_EQ(korean_only.render("en", {"call.title.ended", {}}), words().render("ko", {"call.title.ended", {}}));
    EXPECT_EQ(negotiate_language(built_in_languages(), "zh-Hant-TW"), "zh");
    EXPECT_EQ(negotiate_language(built_in_languages(), "pt-BR"), "en");
    EXPECT_EQ(negotiate_language({"fr"}, "de"), "fr");
    EXPECT_EQ(negotiate_language({}, "de"), "");
}

TEST(catalog, every_language_has_every_english_key_with_the_same_arguments_and_no_other) {
    const auto& english = words().fallback();
    for (const auto& language : words().languages()) {
        SCOPED_TRACE(language);
        const auto* c = words().find(language);
        ASSERT_NE(c, nullptr);
        EXPECT_EQ(c->keys(), english.keys());
        for (const auto& key : english.keys()) {
            const auto* theirs = c->find(key);
            if (!theirs) continue; // reported above
            EXPECT_EQ(argument_names(*theirs), argument_names(*english.find(key))) << key;
            // Filled in, nothing is left in braces and nothing is blank.
            text filled{key, {}};
            for (const auto& name : argument_names(*theirs)) filled.with(name, "7");
            const auto rendered = words().render(language, filled);
            EXPECT_EQ(rendered.find_first_of("{}"), std::string::npos) << key << ": " << rendered;
            EXPECT_FALSE(rendered.empty()) << key;
        }
    }
}

TEST(catalog, each_language_counts_with_its_own_plural_forms) {
    const auto wait = [](std::string_view language, int seconds) {
        return words().render(language, text{"http.login_throttled", {}}.with("seconds", std::to_string(seconds)));
    };
    // Russian: one (1, 21), few (2, 22), many (5, 11) read differently.
    EXPECT_NE(wait("ru", 1), wait("ru", 2));
    EXPECT_NE(wait("ru", 2), wait("ru", 5));
    auto twenty_one = wait("ru", 21);
    twenty_one.replace(twenty_one.find("21"), 2, "1");
    EXPECT_EQ(twenty_one, wait("ru", 1)) << "21 takes the form of 1";
    // English, Spanish and French: one and other.
    for (const auto* language : {"en", "es", "fr"}) EXPECT_NE(wait(language, 1), wait(language, 2)) << language;
    EXPECT_NE(wait("fr", 2).find('2'), std::string::npos);
}

TEST(catalog, a_broken_catalog_file_is_refused_naming_the_key) {
    EXPECT_FALSE(catalog::parse("xx", "[]").ok());
    EXPECT_FALSE(catalog::parse("xx", "{").ok());
    const auto not_text = catalog::parse("xx", R"({"a.b": 3})");
    ASSERT_FALSE(not_text.ok());
    EXPECT_NE(not_text.error().find("'a.b'"), std::string::npos);
    const auto bad_pattern = catalog::parse("xx", R"({"ok": "fine", "call.title": "{name"})");
    ASSERT_FALSE(bad_pattern.ok());
    EXPECT_NE(bad_pattern.error().find("'call.title'"), std::string::npos) << bad_pattern.error();
    const auto good = catalog::parse("xx", R"({"k": "{n, plural, one {# a} other {# b}}"})");
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(good->keys(), (std::vector<std::string>{"k"}));
}

TEST(catalog, language_tags_are_checked) {
    for (const auto* ok : {"en", "en-GB", "zh-Hans-CN", "es-419", "fr-CA"}) EXPECT_TRUE(valid_language_tag(ok)) << ok;
    for (const auto* bad : {"", "-en", "en-", "en--GB", "en_US", "e n", "9x", "en-GB!", "<script>",
                            "abcdefghijklmnopqrstuvwxyzabcdefghij"})
        EXPECT_FALSE(valid_language_tag(bad)) << bad;
}

} // namespace
} // namespace cvw::i18n
