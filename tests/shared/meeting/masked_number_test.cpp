#include "cvw/meeting/masked_number.hpp"

#include <gtest/gtest.h>

namespace cvw::meeting {
namespace {

TEST(masked_number, keeps_the_area_code_and_the_last_two_digits) {
    EXPECT_EQ(masked_number("+14255550123"), "+1425\u2022\u2022\u2022\u2022\u202223");
    EXPECT_EQ(masked_number("0612345678"), "06123\u2022\u2022\u202278");
}

TEST(masked_number, hides_at_least_two_digits_of_a_short_number) {
    EXPECT_EQ(masked_number("12345"), "1\u2022\u202245");
    EXPECT_EQ(masked_number("123456"), "12\u2022\u202256");
    EXPECT_EQ(masked_number("1002"), "\u2022\u2022\u20222");
    EXPECT_EQ(masked_number("7"), "7");
    EXPECT_EQ(masked_number(""), "");
}

} // namespace
} // namespace cvw::meeting
