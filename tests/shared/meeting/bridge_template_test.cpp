#include "cvw/meeting/bridge_template.hpp"

#include <gtest/gtest.h>

namespace cvw::meeting {
namespace {

TEST(bridge_template, fills_the_conference_id_and_the_pin_wherever_they_stand) {
    EXPECT_EQ(fill_bridge_template("{conference_id}#{pin}#", "4821007", "9931"), "4821007#9931#");
    EXPECT_EQ(fill_bridge_template("sip:conf-{conference_id}@pbx.example.com", "12", "34"),
              "sip:conf-12@pbx.example.com");
    EXPECT_EQ(fill_bridge_template(",{pin}#,{pin}", "1", "77"), ",77#,77");
    EXPECT_EQ(fill_bridge_template("sip:8000@pbx", "1", "2"), "sip:8000@pbx");
    EXPECT_EQ(fill_bridge_template("", "1", "2"), "");
}

TEST(bridge_template, other_placeholders_and_stray_braces_are_refused) {
    for (const auto* bad : {"{meeting_id}#", "{conference_id", "conference_id}", "{}", "{{pin}}", "{ pin }"})
        EXPECT_FALSE(fill_bridge_template(bad, "1", "2")) << bad;
}

} // namespace
} // namespace cvw::meeting
