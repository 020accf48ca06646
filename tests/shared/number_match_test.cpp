// Numbers in the formats people write them find the directory's form of the number.
#include "cvw/number_match.hpp"

#include <gtest/gtest.h>

namespace cvw {
namespace {

dial_plan plan() {
    // North American numbers, 00 for international, and a national 0 (here as France writes it).
    return dial_plan::compile({.rules = {{"00(\\d+)", "+$1"}, {"0([1-9]\\d{8})", "+33$1"}, {"1?([2-9]\\d{9})", "+1$1"}},
                               .allowed = {".*"}})
        .value();
}

using numbers = std::vector<std::string>;

TEST(number_match, formatting_does_not_matter) {
    const auto p = plan();
    for (const char* written : {"+1 (425) 555-0102", "+1.425.555.0102", "(425) 555-0102", "1-425-555-0102",
                                "4255550102", "00 1 425 555 0102", "+14255550102"})
        EXPECT_EQ(directory_numbers(written, p), numbers{"+14255550102"}) << written;
    EXPECT_EQ(directory_numbers("01 23 45 67 89", p), numbers{"+33123456789"}) << "a national 0, by the plan's rule";
    EXPECT_EQ(directory_numbers("1002", p), numbers{"1002"});
}

TEST(number_match, an_extension_after_a_number_comes_first) {
    const auto p = plan();
    for (const char* written :
         {"+1 425 555 0100 x1002", "+1 425 555 0100 X 1002", "(425) 555-0100 ext. 1002", "+1 425 555 0100, ext 1002",
          "+1 425 555 0100 extension 1002", "+14255550100;ext=1002", "+1 425 555 0100 #1002"})
        EXPECT_EQ(directory_numbers(written, p), (numbers{"1002", "+14255550100"})) << written;
}

TEST(number_match, names_and_junk_are_no_number) {
    const auto p = plan();
    for (const char* written : {"", "bob", "Bob Jones", "x1002", "ext 1002", "+", "12ab34", "555-0102 x12a"})
        EXPECT_EQ(directory_numbers(written, p), numbers{}) << written;
}

} // namespace
} // namespace cvw
