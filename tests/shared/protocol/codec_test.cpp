// The protocol codec: every message round-trips, every kind of bad input gets a precise error.
#include "cvw/protocol/codec.hpp"

#include <gtest/gtest.h>

namespace cvw::protocol {
namespace {

contact bob() { return {"bob", "Bob Smith", "1002", "+14255550102", presence::busy}; }
im_message hi() { return {42, "alice", "bob", "hi \xF0\x9F\x91\x8B \"quoted\"", 1700000000000}; }

decode_error command_error(std::string_view text) {
    auto r = decode_command(text);
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? decode_error{} : r.error();
}

} // namespace

TEST(codec, every_command_round_trips) {
    const std::vector<command> all{
        hello{1},
        search{"r1", "bo"},
        set_presence{availability::do_not_disturb},
        watch_presence{{"bob", "carol"}},
        send_im{"bob", "hello", "c-1"},
        get_history{"bob", 99, 20},
        get_history{"bob", std::nullopt, 50},
        set_callback_number{"+33 1 23 45 67 89"},
        set_callback_number{""},
        set_language{"ko"},
        set_language{""},
        set_do_not_disturb_calls{"desk_phone"},
        set_do_not_disturb_calls{"decline"},
        place_call{"bob"},
        accept_call{"in-3"},
        decline_call{"in-4"},
        export_calls{},
        get_recent_calls{50, "missed"},
        place_call{"+1 425 555 0100", "bob"},
        hang_up{"call-7"},
        meet_now{"Weekly sync"},
        invite_to_meeting{"m-0123456789abcdef", "bob"},
        invite_number{"m-0123456789abcdef", "+15035550177"},
        add_to_call{.call_id = "call-7", .destination = "carol", .subject = "Call with Bob Jones"},
        send_meeting_message{.meeting_id = "m-0123456789abcdef", .text = "Slides are up", .client_id = "c-1"},
        get_meeting_messages{.meeting_id = "m-0123456789abcdef", .before_id = 40, .limit = 20},
        get_meeting_messages{.meeting_id = "m-0123456789abcdef", .before_id = std::nullopt, .limit = 50},
        join_meeting{"m-0123456789abcdef"},
        decline_meeting{"m-0123456789abcdef"},
        get_meeting{"m-0123456789abcdef"},
        mute_participant{.meeting_id = "m-0123456789abcdef", .participant_id = "call-3", .muted = true},
        mute_participant{.meeting_id = "m-0123456789abcdef", .participant_id = "call-3", .muted = false},
        remove_participant{.meeting_id = "m-0123456789abcdef", .participant_id = "call-4"},
        end_meeting{"m-0123456789abcdef"},
        schedule_meeting{.subject = "Weekly sync",
                         .starts_at_ms = 1796306400000,
                         .ends_at_ms = 1796310000000,
                         .invitees = {"bob", "carol"}},
        schedule_meeting{.subject = "Alone", .starts_at_ms = 1, .ends_at_ms = 2, .invitees = {}},
        get_meetings{},
        get_meeting_calendar{"m-0123456789abcdef"},
        get_recent_calls{5},
        get_recent_calls{.limit = 20, .filter = "all", .before_id = 77},
        get_recent_contacts{},
        get_recent_contacts{50},
    };
    for (const auto& c : all) {
        const auto text = encode(c);
        auto back = decode_command(text);
        ASSERT_TRUE(back.ok()) << text << ": " << to_string(back.error().code) << " " << back.error().field;
        EXPECT_EQ(*back, c) << text;
    }
}

TEST(codec, every_event_round_trips) {
    const std::vector<event> all{
        welcome{.protocol = 2, .language = "en", .self = bob(), .chosen = availability::away},
        welcome{.protocol = 2, .language = "fr-CA", .self = bob(), .chosen = availability::busy},
        search_results{"r1", {bob(), contact{"carol", "Carol", "", "", presence::offline}}},
        search_results{"r2", {}},
        presence_changed{"bob", presence::offline},
        contacts{{bob()}},
        contacts{{}},
        im_received{hi(), "c-1"},
        im_received{hi(), ""},
        history{"bob", {hi()}, true},
        settings{"+14255550101", "", true, true, ""},
        settings{"1000", "+33123456789", false, false, "fr", "decline"},
        call_state{.call_id = "call-7",
                   .state = "connected",
                   .reason = "",
                   .callee_name = "Bob Jones",
                   .number = "1002",
                   .started_at_ms = 1700000000000,
                   .connected_at_ms = 1700000005000,
                   .conversation = "bob"},
        call_state{.call_id = "call-8",
                   .state = "ended",
                   .reason = "callee_busy",
                   .callee_name = "Bob Jones",
                   .number = "1002",
                   .started_at_ms = 1,
                   .connected_at_ms = 0},
        calls_csv{"cvw-calls-alice.csv", "direction,peer\r\nincoming,Bob Jones\r\n"},
        call_logged{call_entry{.id = 9,
                               .direction = "incoming",
                               .peer_name = "Bob Jones",
                               .number = "+14255550102",
                               .started_at_ms = 10,
                               .answered_at_ms = 0,
                               .ended_at_ms = 30,
                               .outcome = "missed",
                               .via = "phone"}},
        incoming_call{.call_id = "in-3",
                      .state = "ringing",
                      .caller_name = "Bob Jones",
                      .caller_number = "+14255550102",
                      .caller_username = "bob",
                      .outcome = "",
                      .desk_phone_ringing = true,
                      .started_at_ms = 1700000000000,
                      .connected_at_ms = 0},
        incoming_call{.call_id = "in-4",
                      .state = "ended",
                      .caller_name = "",
                      .caller_number = "+442079460018",
                      .caller_username = "",
                      .outcome = "missed",
                      .desk_phone_ringing = false,
                      .started_at_ms = 1,
                      .connected_at_ms = 0},
        meeting_invitation{.meeting_id = "m-0123456789abcdef",
                           .subject = "Weekly sync",
                           .inviter_username = "alice",
                           .inviter_name = "Alice Smith",
                           .state = "invited",
                           .invited_at_ms = 1700000000000},
        meeting_invitation{.meeting_id = "m-0123456789abcdef",
                           .subject = "Weekly sync",
                           .inviter_username = "",
                           .inviter_name = "",
                           .state = "answered",
                           .invited_at_ms = 0},
        meeting_roster{.meeting_id = "m-0123456789abcdef",
                       .organizer_username = "alice",
                       .participants = {{.participant_id = "call-1",
                                         .name = "Alice Smith",
                                         .username = "alice",
                                         .state = "in_meeting",
                                         .muted = false,
                                         .talking = true},
                                        {.participant_id = "call-2",
                                         .name = "Bob Jones",
                                         .username = "bob",
                                         .state = "dialing_out",
                                         .muted = true}}},
        meeting_roster{.meeting_id = "m-0123456789abcdef", .organizer_username = "", .participants = {}},
        meetings_list{{{.meeting_id = "m-0123456789abcdef",
                        .subject = "Weekly sync",
                        .organizer_username = "alice",
                        .organizer_name = "Alice Smith",
                        .starts_at_ms = 1796306400000,
                        .ends_at_ms = 1796310000000}}},
        meetings_list{},
        meeting_message{.meeting_id = "m-0123456789abcdef",
                        .message = {.id = 7, .from = "bob", .name = "Bob Jones", .text = "hi", .sent_at_ms = 1000},
                        .client_id = "c-1"},
        meeting_messages{.meeting_id = "m-0123456789abcdef",
                         .messages = {{.id = 7, .from = "bob", .name = "Bob Jones", .text = "hi", .sent_at_ms = 1000}},
                         .has_more = true},
        meeting_calendar{.meeting_id = "m-0123456789abcdef",
                         .filename = "cvw-meeting-m-0123456789abcdef.ics",
                         .ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"},
        meeting_info{.meeting_id = "m-0123456789abcdef",
                     .subject = "Weekly sync",
                     .organizer_name = "Alice Smith",
                     .starts_at_ms = 1700000000000,
                     .ends_at_ms = 1700003600000,
                     .dial_in = {.number = "+14255550199", .conference_id = "123456789", .pin = "654321"}},
        meeting_state{.call_id = "call-9",
                      .meeting_id = "m-4821",
                      .subject = "Weekly sync",
                      .state = "dialing_out",
                      .reason = "",
                      .number = "+14255550101",
                      .started_at_ms = 1700000000000,
                      .joined_at_ms = 0},
        meeting_state{.call_id = "call-9",
                      .meeting_id = "m-4821",
                      .subject = "",
                      .state = "ended",
                      .reason = "not_confirmed",
                      .number = "+14255550101",
                      .started_at_ms = 1,
                      .joined_at_ms = 0},
        call_service{true, ""},
        recent_calls{"outgoing",
                     {call_entry{.id = 3,
                                 .direction = "outgoing",
                                 .peer_name = "Bob Jones",
                                 .number = "1002",
                                 .started_at_ms = 10,
                                 .answered_at_ms = 20,
                                 .ended_at_ms = 30,
                                 .outcome = "hung_up_by_user",
                                 .via = "cvw"}}},
        recent_calls{},
        recent_calls{.filter = "missed", .calls = {}, .before_id = 12, .more = true},
        recent_contacts{{bob()}},
        recent_contacts{},
        call_service{false, "pbx_unreachable"},
        refusal("rate_limited"),
        refusal("too_long", "text", "", {{"max", "4000"}}),
        refusal("call_limit_reached", "", "per_user_minute", {{"seconds", "6"}}),
    };
    for (const auto& e : all) {
        const auto text = encode(e);
        auto back = decode_event(text);
        ASSERT_TRUE(back.ok()) << text << ": " << to_string(back.error().code) << " " << back.error().field;
        EXPECT_EQ(*back, e) << text;
    }
}

TEST(codec, wire_format_is_the_documented_one) {
    EXPECT_EQ(encode(command{send_im{"bob", "hi", "c1"}}),
              R"({"client_id":"c1","text":"hi","to":"bob","type":"send_im"})");
    EXPECT_EQ(encode(event{presence_changed{"bob", presence::do_not_disturb}}),
              R"({"presence":"do_not_disturb","type":"presence","username":"bob"})");
}

TEST(codec, rejects_what_is_not_a_message) {
    EXPECT_EQ(command_error("").code, error_code::invalid_json);
    EXPECT_EQ(command_error("{\"type\":").code, error_code::invalid_json);
    EXPECT_EQ(command_error("[1,2]").code, error_code::not_an_object);
    EXPECT_EQ(command_error("\"hello\"").code, error_code::not_an_object);
    EXPECT_EQ(command_error("{}").code, error_code::missing_field);
    EXPECT_EQ(command_error("{\"type\":7}").code, error_code::wrong_type);
    auto unknown = command_error(R"({"type":"launch_missiles"})");
    EXPECT_EQ(unknown.code, error_code::unknown_type);
    EXPECT_EQ(unknown.params, (error_params{{"type", "launch_missiles"}}));
}

TEST(codec, names_the_field_that_is_wrong) {
    auto missing = command_error(R"({"type":"send_im","to":"bob","client_id":"c"})");
    EXPECT_EQ(missing, (decode_error{error_code::missing_field, "text", "", {}}));

    auto wrong = command_error(R"({"type":"send_im","to":5,"text":"x","client_id":"c"})");
    EXPECT_EQ(wrong.code, error_code::wrong_type);
    EXPECT_EQ(wrong.field, "to");

    auto long_text = command_error(R"({"type":"send_im","to":"bob","client_id":"c","text":")" +
                                   std::string(limits::im_text + 1, 'x') + "\"}");
    EXPECT_EQ(long_text.code, error_code::too_long);
    EXPECT_EQ(long_text.field, "text");
    EXPECT_EQ(long_text.params, (error_params{{"max", std::to_string(limits::im_text)}}));

    auto empty = command_error(R"({"type":"search","request_id":"r","query":""})");
    EXPECT_EQ(empty.code, error_code::too_short);

    auto range = command_error(R"({"type":"get_history","with":"bob","limit":1000})");
    EXPECT_EQ(range.code, error_code::out_of_range);
    EXPECT_EQ(range.field, "limit");
    EXPECT_EQ(range.params, (error_params{{"min", "1"}, {"max", "200"}}));

    auto fraction = command_error(R"({"type":"get_history","with":"bob","limit":1.5})");
    EXPECT_EQ(fraction.code, error_code::wrong_type);

    auto state = command_error(R"({"type":"set_presence","state":"offline"})");
    EXPECT_EQ(state.code, error_code::invalid_value);

    auto item = command_error(R"({"type":"watch_presence","users":["bob",3]})");
    EXPECT_EQ(item.code, error_code::wrong_type);
    EXPECT_EQ(item.field, "users[1]");
    EXPECT_EQ(item.detail, "string");

    std::string many = R"({"type":"watch_presence","users":[)";
    for (std::size_t i = 0; i <= limits::watched_users; ++i) many += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
    const auto too_many = command_error(many + "]}");
    EXPECT_EQ(too_many.code, error_code::too_long);
    EXPECT_EQ(too_many.detail, "items");

    EXPECT_EQ(command_error(R"({"type":"meet_now"})"), (decode_error{error_code::missing_field, "subject", "", {}}));
    EXPECT_EQ(command_error(R"({"type":"meet_now","subject":""})").code, error_code::too_short);
    EXPECT_EQ(command_error(R"({"type":"meet_now","subject":7})").code, error_code::wrong_type);
    const auto long_subject =
        command_error(R"({"type":"meet_now","subject":")" + std::string(limits::meeting_subject + 1, 'x') + "\"}");
    EXPECT_EQ(long_subject.code, error_code::too_long);
    EXPECT_EQ(long_subject.field, "subject");

    EXPECT_EQ(command_error(R"({"type":"mute_participant","meeting_id":"m-1","participant_id":"c-1"})"),
              (decode_error{error_code::missing_field, "muted", "", {}}));
    EXPECT_EQ(command_error(R"({"type":"mute_participant","meeting_id":"m-1","participant_id":"c-1","muted":1})"),
              (decode_error{error_code::wrong_type, "muted", "boolean", {}}));
    EXPECT_EQ(command_error(R"({"type":"remove_participant","meeting_id":"m-1"})"),
              (decode_error{error_code::missing_field, "participant_id", "", {}}));
    EXPECT_EQ(command_error(R"({"type":"end_meeting","meeting_id":""})").code, error_code::too_short);
    EXPECT_EQ(command_error(R"({"type":"invite_number","meeting_id":"m-1"})"),
              (decode_error{error_code::missing_field, "number", "", {}}));
    EXPECT_EQ(command_error(R"({"type":"invite_number","meeting_id":"m-1","number":5035550177})"),
              (decode_error{error_code::wrong_type, "number", "string", {}}));
    const auto long_number = command_error(R"({"type":"invite_number","meeting_id":"m-1","number":")" +
                                           std::string(limits::phone_number + 1, '5') + "\"}");
    EXPECT_EQ(long_number.code, error_code::too_long);
    EXPECT_EQ(long_number.field, "number");
    EXPECT_EQ(command_error(R"({"type":"add_to_call","call_id":"call-7","destination":"carol"})"),
              (decode_error{error_code::missing_field, "subject", "", {}}));
    EXPECT_EQ(command_error(R"({"type":"add_to_call","call_id":"call-7","destination":[],"subject":"S"})"),
              (decode_error{error_code::wrong_type, "destination", "string", {}}));
    EXPECT_EQ(command_error(R"({"type":"send_meeting_message","meeting_id":"m-1","client_id":"c"})"),
              (decode_error{error_code::missing_field, "text", "", {}}));
    EXPECT_EQ(command_error(R"({"type":"send_meeting_message","meeting_id":"m-1","text":")" +
                            std::string(limits::im_text + 1, 'a') + R"(","client_id":"c"})")
                  .code,
              error_code::too_long);
    EXPECT_EQ(command_error(R"({"type":"get_meeting_messages","meeting_id":"m-1","limit":0})").code,
              error_code::out_of_range);
    EXPECT_EQ(command_error(R"({"type":"schedule_meeting","subject":"S","starts_at":1,"ends_at":2})"),
              (decode_error{error_code::missing_field, "invitees", "", {}}));
    EXPECT_EQ(
        command_error(R"({"type":"schedule_meeting","subject":"S","starts_at":-1,"ends_at":2,"invitees":[]})").code,
        error_code::out_of_range);
    std::string crowd = R"({"type":"schedule_meeting","subject":"S","starts_at":1,"ends_at":2,"invitees":[)";
    for (std::size_t i = 0; i <= limits::invitees; ++i) crowd += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
    EXPECT_EQ(command_error(crowd + "]}").detail, "items");
}

TEST(codec, a_roster_with_a_bad_participant_names_where) {
    const auto bad = decode_event(
        R"({"type":"meeting_roster","meeting_id":"m-1","organizer_username":"alice","participants":[{"participant_id":"c-1","name":"A","username":"alice","state":"in_meeting","muted":"no"}]})");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, error_code::wrong_type);
    EXPECT_EQ(bad.error().field, "participants[0].muted");
}

TEST(codec, hello_states_a_language_tag) {
    const auto plain = decode_command(R"({"type":"hello","protocol":2})");
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(std::get<hello>(*plain).language, "en");
    const auto korean = decode_command(R"({"type":"hello","protocol":2,"language":"ko-KR"})");
    ASSERT_TRUE(korean.ok());
    EXPECT_EQ(std::get<hello>(*korean).language, "ko-KR");
    const auto bad = command_error(R"({"type":"hello","protocol":2,"language":"<b>"})");
    EXPECT_EQ(bad, (decode_error{error_code::invalid_value, "language", "language_tag", {}}));
    EXPECT_EQ(command_error(R"({"type":"hello","protocol":2,"language":7})").code, error_code::wrong_type);
    EXPECT_EQ(command_error(R"({"type":"hello","protocol":2,"language":")" + std::string(36, 'a') + "\"}").code,
              error_code::too_long);
}

TEST(codec, a_kept_language_is_exactly_a_catalogs_name) {
    for (const char* known : {"en", "ko", "ru", "zh", "es", "fr", ""}) {
        const auto r = decode_command(std::string(R"({"type":"set_language","language":")") + known + "\"}");
        ASSERT_TRUE(r.ok()) << known;
        EXPECT_EQ(std::get<set_language>(*r).language, known);
    }
    for (const char* unknown : {"de", "ko-KR", "EN", "english"}) {
        const auto e = command_error(std::string(R"({"type":"set_language","language":")") + unknown + "\"}");
        EXPECT_EQ(e.code, error_code::invalid_value) << unknown;
        EXPECT_EQ(e.field, "language");
        EXPECT_EQ(e.detail, "choice");
        EXPECT_EQ(e.params.at("allowed"), "en, ko, ru, zh, es, fr");
    }
    EXPECT_EQ(command_error(R"({"type":"set_language"})").code, error_code::missing_field);
    EXPECT_EQ(command_error(R"({"type":"set_language","language":1})").code, error_code::wrong_type);
}

TEST(codec, error_params_are_bounded_strings) {
    EXPECT_FALSE(decode_event(R"({"type":"error","code":"x","params":{"a":1}})").ok());
    EXPECT_FALSE(decode_event(R"({"type":"error","code":"x","params":[]})").ok());
    EXPECT_FALSE(decode_event(R"({"type":"error","code":"x","params":{"a":")" + std::string(201, 'x') + "\"}}").ok());
    std::string nine = R"({"type":"error","code":"x","params":{)";
    for (int i = 0; i < 9; ++i) nine += (i ? ",\"p" : "\"p") + std::to_string(i) + R"(":"v")";
    EXPECT_FALSE(decode_event(nine + "}}").ok());
}

TEST(codec, nested_event_fields_have_paths) {
    auto r = decode_event(R"({"type":"im","message":{"id":1,"from":"a","to":"b","text":"t"}})");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().field, "message.sent_at");
    auto list = decode_event(R"({"type":"search_results","request_id":"r","results":[{"username":"x"}]})");
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().field, "results[0].display_name");
}

TEST(codec, invalid_utf8_is_rejected) {
    EXPECT_EQ(command_error("{\"type\":\"search\",\"request_id\":\"r\",\"query\":\"\xC3\x28\"}").code,
              error_code::invalid_json);
}

TEST(codec, error_event_carries_the_decode_error) {
    auto e = to_error_event({error_code::too_long, "text", "too long"});
    EXPECT_EQ(e.code, "too_long");
    EXPECT_EQ(e.field, "text");
    EXPECT_EQ(type_name(event{e}), "error");
}

// The refusal of a number out of range names min then max; the wire's JSON object sorts them.
TEST(codec, an_error_event_with_several_params_decodes_to_the_same_refusal) {
    const auto refused = decode_command(R"({"type":"hello","protocol":0})");
    ASSERT_FALSE(refused.ok());
    const event answer = to_error_event(refused.error());
    const auto again = decode_event(encode(answer));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, answer);
    EXPECT_EQ(std::get<error>(*again).params, (error_params{{"min", "1"}, {"max", "1000000"}}));
}

} // namespace cvw::protocol
