// Keeping a dialog subscription alive: subscribe, back off on refusals, re-subscribe after an end.
#include "cvw/phone/dialog_subscription.hpp"

#include <gtest/gtest.h>

namespace cvw::phone {
namespace {

using kind = dialog_subscription::command::kind;
using state = dialog_subscription::state;
using commands = std::vector<dialog_subscription::command>;

const commands subscribe{{kind::subscribe}};
commands retry_in(int seconds) { return {{kind::retry_later, seconds}}; }

TEST(dialog_subscription, subscribes_once_started_and_stays_active_while_accepted) {
    dialog_subscription s({2, 60});
    EXPECT_EQ(s.current(), state::idle);
    s.start();
    EXPECT_EQ(s.take_commands(), subscribe);
    s.start(); // already under way
    EXPECT_TRUE(s.take_commands().empty());
    s.accepted();
    EXPECT_EQ(s.current(), state::active);
    s.accepted(); // a refresh, or a NOTIFY
    EXPECT_TRUE(s.take_commands().empty());
}

TEST(dialog_subscription, backs_off_exponentially_while_the_pbx_refuses_up_to_the_limit) {
    dialog_subscription s({2, 20});
    s.start();
    s.take_commands();
    for (int expected : {2, 4, 8, 16, 20, 20}) {
        s.ended(std::nullopt);
        EXPECT_EQ(s.current(), state::waiting_to_retry);
        EXPECT_EQ(s.take_commands(), retry_in(expected));
        s.retry_due();
        EXPECT_EQ(s.take_commands(), subscribe);
    }
    s.accepted(); // success resets the back-off
    s.ended(std::nullopt);
    EXPECT_EQ(s.take_commands(), retry_in(2));
}

TEST(dialog_subscription, waits_at_least_as_long_as_the_pbx_asks_within_an_hour) {
    dialog_subscription s({2, 300});
    s.start();
    s.ended(30);
    s.take_commands();
    s.retry_due();
    s.take_commands();
    s.ended(1); // shorter than our own back-off: ours wins
    EXPECT_EQ(s.take_commands(), retry_in(4));
    s.retry_due();
    s.ended(86400);
    EXPECT_EQ(s.take_commands(), (commands{{kind::subscribe}, {kind::retry_later, 3600}}));
}

TEST(dialog_subscription, a_deactivated_subscription_is_remade_at_once_but_not_in_a_loop) {
    dialog_subscription s({2, 300});
    s.start();
    s.accepted();
    s.take_commands();
    s.ended(std::nullopt, true);
    EXPECT_EQ(s.current(), state::subscribing);
    EXPECT_EQ(s.take_commands(), subscribe);
    s.ended(std::nullopt, true); // deactivated again before it was ever accepted
    EXPECT_EQ(s.take_commands(), retry_in(4));
}

TEST(dialog_subscription, stop_unsubscribes_only_what_is_subscribed_and_ignores_late_news) {
    dialog_subscription s({2, 300});
    s.start();
    s.accepted();
    s.take_commands();
    s.stop();
    EXPECT_EQ(s.take_commands(), (commands{{kind::unsubscribe}}));
    s.ended(std::nullopt); // the unsubscribe's own end
    s.retry_due();
    s.accepted();
    EXPECT_TRUE(s.take_commands().empty());
    EXPECT_EQ(s.current(), state::stopped);

    dialog_subscription waiting({2, 300});
    waiting.start();
    waiting.ended(std::nullopt);
    waiting.take_commands();
    waiting.stop(); // nothing is subscribed while waiting
    EXPECT_TRUE(waiting.take_commands().empty());
    waiting.start(); // and it can be started again
    EXPECT_EQ(waiting.take_commands(), subscribe);
}

} // namespace
} // namespace cvw::phone
