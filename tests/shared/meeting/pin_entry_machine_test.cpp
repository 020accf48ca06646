// The conference ID and PIN entry, row by row of its theory of operation: keys, quiet, wrong tries,
// goodbye; then what each state ignores.
#include "cvw/meeting/pin_entry_machine.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cvw::meeting::pin_entry {
namespace {

using v = std::vector<std::string>;

/** A command as a short line: "play enter_pin", "find 123456789", "arm 8000", "finish wrong_pin". */
std::string line_of(const command& c) {
    if (const auto* p = std::get_if<commands::play>(&c)) return "play " + std::string(to_string(p->which));
    if (std::holds_alternative<commands::stop_prompt>(c)) return "stop";
    if (const auto* f = std::get_if<commands::find_conference>(&c)) return "find " + f->conference_id;
    if (const auto* a = std::get_if<commands::arm_digit_timer>(&c)) return "arm " + std::to_string(a->after_ms);
    if (std::holds_alternative<commands::cancel_digit_timer>(c)) return "cancel";
    return "finish " + std::string(to_string(std::get<commands::finish>(c).how));
}

class pin_entry_test : public ::testing::Test {
protected:
    /** Feeds the events; the commands they gave, as lines. */
    template <class... Events> v feed(Events... events) {
        (m.handle(events), ...);
        v out;
        command c;
        while (m.next_command(c)) out.push_back(line_of(c));
        return out;
    }
    v keys(const std::string& typed) {
        v out;
        for (char k : typed) {
            auto lines = feed(events::key_pressed{k});
            out.insert(out.end(), lines.begin(), lines.end());
        }
        return out;
    }
    static events::prompt_finished done(prompt p) { return {p}; }

    pin_entry_machine m{limits{.attempts = 3, .digit_ms = 8000, .longest = 12}};
};

TEST_F(pin_entry_test, the_right_conference_id_and_pin_admit_the_caller) {
    EXPECT_EQ(feed(events::started{}), v{"play enter_conference"});
    EXPECT_EQ(m.current(), state::asking_conference);
    EXPECT_EQ(feed(done(prompt::enter_conference)), v{"arm 8000"}) << "quiet counts only once the prompt is over";
    EXPECT_EQ(keys("123"), (v{"cancel", "arm 8000", "cancel", "arm 8000", "cancel", "arm 8000"}));
    EXPECT_EQ(keys("#"), (v{"cancel", "find 123"}));
    EXPECT_EQ(m.current(), state::finding);
    EXPECT_EQ(m.conference_id(), "123");
    EXPECT_EQ(feed(events::conference_found{"4321"}), v{"play enter_pin"});
    EXPECT_EQ(m.current(), state::asking_pin);
    EXPECT_EQ(keys("43"), (v{"stop", "arm 8000", "cancel", "arm 8000"})) << "keys cut the prompt short";
    EXPECT_EQ(keys("21#"), (v{"cancel", "arm 8000", "cancel", "arm 8000", "cancel", "finish admitted"}));
    EXPECT_EQ(m.current(), state::admitted);
    EXPECT_EQ(m.how(), outcome::admitted);
}

TEST_F(pin_entry_test, quiet_after_keys_ends_the_entry_as_hash_would) {
    feed(events::started{}, done(prompt::enter_conference));
    keys("77");
    EXPECT_EQ(feed(events::digit_timer_fired{}), v{"find 77"});
    feed(events::conference_found{"1"});
    keys("1");
    EXPECT_EQ(feed(events::digit_timer_fired{}), v{"finish admitted"});
}

TEST_F(pin_entry_test, star_starts_the_entry_over) {
    feed(events::started{}, done(prompt::enter_conference));
    keys("99");
    EXPECT_EQ(keys("*"), (v{"cancel", "play enter_conference"}));
    feed(done(prompt::enter_conference));
    keys("5#");
    EXPECT_EQ(m.conference_id(), "5") << "the keys before * are gone";
}

TEST_F(pin_entry_test, wrong_pins_may_be_tried_again_until_the_attempts_run_out_then_goodbye) {
    feed(events::started{}, done(prompt::enter_conference));
    keys("123#");
    feed(events::conference_found{"4321"}, done(prompt::enter_pin));
    EXPECT_EQ(keys("0000#").back(), "play wrong_pin");
    EXPECT_EQ(m.current(), state::asking_pin);
    feed(done(prompt::wrong_pin));
    EXPECT_EQ(keys("1111#").back(), "play wrong_pin");
    feed(done(prompt::wrong_pin));
    EXPECT_EQ(keys("2222#").back(), "play goodbye") << "the third wrong try is the last";
    EXPECT_EQ(m.current(), state::saying_goodbye);
    EXPECT_EQ(keys("4321#"), v{}) << "too late: keys during goodbye mean nothing";
    EXPECT_EQ(feed(done(prompt::goodbye)), v{"finish wrong_pin"});
    EXPECT_EQ(m.current(), state::refused);
    EXPECT_EQ(m.how(), outcome::wrong_pin);
}

TEST_F(pin_entry_test, unknown_conference_ids_and_wrong_pins_share_the_attempts) {
    feed(events::started{}, done(prompt::enter_conference));
    keys("1#");
    EXPECT_EQ(feed(events::conference_unknown{}), v{"play wrong_conference"});
    EXPECT_EQ(m.current(), state::asking_conference);
    EXPECT_EQ(m.conference_id(), "");
    feed(done(prompt::wrong_conference));
    keys("2#");
    feed(events::conference_found{"9"}, done(prompt::enter_pin));
    keys("8#");
    feed(done(prompt::wrong_pin));
    EXPECT_EQ(keys("7#").back(), "play goodbye");
    EXPECT_EQ(feed(done(prompt::goodbye)), v{"finish wrong_pin"});

    pin_entry_machine unknown(limits{.attempts = 2, .digit_ms = 8000, .longest = 12});
    unknown.handle(events::started{});
    for (int i = 0; i < 2; ++i) {
        unknown.handle(events::key_pressed{'1'});
        unknown.handle(events::key_pressed{'#'});
        unknown.handle(events::conference_unknown{});
    }
    EXPECT_EQ(unknown.current(), state::saying_goodbye);
    unknown.handle(done(prompt::goodbye));
    EXPECT_EQ(unknown.how(), outcome::wrong_conference);
}

TEST_F(pin_entry_test, silence_replays_the_prompt_then_says_goodbye) {
    feed(events::started{}, done(prompt::enter_conference));
    EXPECT_EQ(feed(events::digit_timer_fired{}), v{"play enter_conference"});
    feed(done(prompt::enter_conference));
    EXPECT_EQ(feed(events::digit_timer_fired{}), v{"play enter_conference"});
    feed(done(prompt::enter_conference));
    EXPECT_EQ(feed(events::digit_timer_fired{}), v{"play goodbye"});
    EXPECT_EQ(feed(done(prompt::goodbye)), v{"finish no_entry"});
}

TEST_F(pin_entry_test, an_entry_longer_than_any_id_or_pin_is_wrong_whatever_it_starts_with) {
    feed(events::started{}, done(prompt::enter_conference));
    keys(std::string(13, '1') + "#");
    EXPECT_EQ(m.current(), state::asking_conference) << "never looked up";
    feed(done(prompt::wrong_conference));
    keys("123#");
    feed(events::conference_found{"4321"}, done(prompt::enter_pin));
    EXPECT_EQ(keys("4321" + std::string(9, '0') + "#").back(), "play wrong_pin");
}

TEST_F(pin_entry_test, a_caller_who_hangs_up_ends_the_entry_with_nothing_left_running) {
    feed(events::started{});
    EXPECT_EQ(feed(events::caller_hung_up{}), (v{"stop", "finish caller_hung_up"}));
    EXPECT_EQ(m.how(), outcome::caller_hung_up);

    pin_entry_machine waiting;
    waiting.handle(events::started{});
    waiting.handle(done(prompt::enter_conference));
    command c;
    while (waiting.next_command(c)) {}
    ASSERT_TRUE(waiting.handle(events::caller_hung_up{}));
    ASSERT_TRUE(waiting.next_command(c));
    EXPECT_EQ(line_of(c), "cancel") << "the armed timer is cancelled";
}

TEST_F(pin_entry_test, what_each_state_ignores) {
    EXPECT_FALSE(m.handle(events::key_pressed{'1'})) << "idle";
    EXPECT_FALSE(m.handle(events::digit_timer_fired{}));
    EXPECT_FALSE(m.handle(events::caller_hung_up{}));
    feed(events::started{});
    EXPECT_FALSE(m.handle(events::started{}));
    EXPECT_FALSE(m.handle(events::key_pressed{'#'})) << "nothing keyed yet";
    EXPECT_FALSE(m.handle(events::key_pressed{'A'})) << "not a key of the entry";
    EXPECT_FALSE(m.handle(events::digit_timer_fired{})) << "no quiet counted while the prompt plays";
    EXPECT_FALSE(m.handle(events::conference_found{"1"}));
    EXPECT_FALSE(m.handle(events::conference_unknown{}));
    EXPECT_FALSE(m.handle(done(prompt::goodbye)));
    keys("5#");
    EXPECT_FALSE(m.handle(events::key_pressed{'1'})) << "finding";
    EXPECT_FALSE(m.handle(events::digit_timer_fired{}));
    feed(events::conference_found{"9"}, done(prompt::enter_pin));
    keys("9#");
    EXPECT_EQ(m.current(), state::admitted);
    for (const event& e : {event{events::key_pressed{'1'}}, event{events::digit_timer_fired{}},
                           event{events::caller_hung_up{}}, event{events::conference_unknown{}}})
        EXPECT_FALSE(m.handle(e)) << name_of(e) << " once admitted";
    EXPECT_EQ(feed(), v{});
}

} // namespace
} // namespace cvw::meeting::pin_entry
