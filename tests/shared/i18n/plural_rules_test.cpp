// CLDR's integer plural categories for the languages cvw has or will have catalogs for.
#include "cvw/i18n/plural_rules.hpp"

#include <gtest/gtest.h>

#include <string>

namespace cvw::i18n {
namespace {

std::string categories(std::string_view language, std::initializer_list<std::int64_t> numbers) {
    std::string out;
    for (const auto n : numbers) out += (out.empty() ? "" : " ") + std::string(to_string(plural_of(language, n)));
    return out;
}

TEST(plural_rules, match_cldr_for_whole_numbers) {
    EXPECT_EQ(categories("en", {0, 1, 2, 11, 21}), "other one other other other");
    EXPECT_EQ(categories("en-GB", {1}), "one");
    EXPECT_EQ(categories("ru", {1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111}),
              "one few few many many many many one few many one many");
    EXPECT_EQ(categories("fr", {0, 1, 2, 1000000}), "one one other many");
    EXPECT_EQ(categories("es", {0, 1, 2, 2000000}), "other one other many");
    EXPECT_EQ(categories("ko", {0, 1, 2}), "other other other");
    EXPECT_EQ(categories("zh-Hans", {1, 5}), "other other");
    EXPECT_EQ(categories("xx", {1, 2}), "one other"); // unknown: English's rule
    EXPECT_EQ(categories("ru", {-1}), "one");
}

} // namespace
} // namespace cvw::i18n
