// The MessageFormat subset the catalogs use: arguments, plural and select arms, ICU apostrophes,
// and a clear error for every malformed pattern.
#include "cvw/i18n/message_format.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace cvw::i18n {
namespace {

std::string render(std::string_view pattern, const std::map<std::string, std::string, std::less<>>& values,
                   std::string_view language = "en") {
    auto parsed = parse_pattern(pattern);
    EXPECT_TRUE(parsed.ok()) << pattern << ": " << (parsed.ok() ? "" : parsed.error());
    if (!parsed) return "<unparsed>";
    return format(*parsed, language, [&](std::string_view name) -> std::optional<std::string> {
        const auto it = values.find(name);
        if (it == values.end()) return std::nullopt;
        return it->second;
    });
}

struct rendering {
    const char* pattern;
    std::map<std::string, std::string, std::less<>> values;
    const char* language;
    const char* expected;
};

TEST(message_format, renders_each_construct) {
    const rendering table[] = {
        {"Plain text.", {}, "en", "Plain text."},
        {"{name} is busy.", {{"name", "Bob Jones"}}, "en", "Bob Jones is busy."},
        {"{ name } and {name}", {{"name", "A"}}, "en", "A and A"},
        {"{name} is busy.", {}, "en", "{name} is busy."}, // a missing value stays visible
        {"{name}'s phone", {{"name", "Bob"}}, "en", "Bob's phone"},
        {"today's limit of {n}", {{"n", "3"}}, "en", "today's limit of 3"},
        {"''{field}'' is required.", {{"field", "to"}}, "en", "'to' is required."},
        {"'{literal}' braces", {}, "en", "{literal} braces"},
        {"it''s", {}, "en", "it's"},
        {"{n, plural, one {# call} other {# calls}}", {{"n", "1"}}, "en", "1 call"},
        {"{n, plural, one {# call} other {# calls}}", {{"n", "2"}}, "en", "2 calls"},
        {"{n, plural, =0 {no calls} one {# call} other {# calls}}", {{"n", "0"}}, "en", "no calls"},
        {"{n, plural, one {# звонок} few {# звонка} many {# звонков} other {# звонка}}",
         {{"n", "3"}},
         "ru",
         "3 звонка"},
        {"{n, plural, one {# звонок} few {# звонка} many {# звонков} other {# звонка}}",
         {{"n", "11"}},
         "ru",
         "11 звонков"},
        {"{n, plural, one {# appel} other {# appels}}", {{"n", "0"}}, "fr", "0 appel"},
        {"{n, plural, one {# call} other {# calls}}", {{"n", "soon"}}, "en", "soon calls"}, // not a number: other
        {"{f, select, missed {missed} other {all}} calls", {{"f", "missed"}}, "en", "missed calls"},
        {"{f, select, missed {missed} other {all}} calls", {{"f", "outgoing"}}, "en", "all calls"},
        {"{n, plural, other {{who} has # '#'}}", {{"n", "4"}, {"who", "Ann"}}, "en", "Ann has 4 #"},
        {"{k, select, a {{n, plural, one {# x} other {# xs}}} other {none}}", {{"k", "a"}, {"n", "5"}}, "en", "5 xs"},
        {"☎ Call {number}", {{"number", "+1 425"}}, "en", "☎ Call +1 425"},
    };
    for (const auto& row : table) EXPECT_EQ(render(row.pattern, row.values, row.language), row.expected) << row.pattern;
}

TEST(message_format, refuses_malformed_patterns_and_says_where) {
    const std::pair<const char*, const char*> table[] = {
        {"{name", "not closed"},
        {"name}", "without a matching"},
        {"{}", "needs a name"},
        {"{n, number}", "unknown argument type 'number'"},
        {"{n, plural, one {x}}", "no 'other' arm"},
        {"{n, plural one {x} other {y}}", "expected ','"},
        {"{n, plural, one x other {y}}", "expected '{'"},
        {"{n, plural, other {y}", "not closed"},
        {"{n, plural, other {y", "not closed"},
        {"{n, select, = {y} other {z}}", "selector"},
    };
    for (const auto& [pattern, why] : table) {
        const auto parsed = parse_pattern(pattern);
        ASSERT_FALSE(parsed.ok()) << pattern;
        EXPECT_NE(parsed.error().find(why), std::string::npos) << pattern << " -> " << parsed.error();
        EXPECT_NE(parsed.error().find("at byte"), std::string::npos) << parsed.error();
    }
}

TEST(message_format, lists_the_argument_names_a_pattern_uses) {
    const auto parsed = parse_pattern("{b} {a, plural, one {{c}} other {{b}}} '{x}'");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(argument_names(*parsed), (std::vector<std::string>{"a", "b", "c"}));
}

} // namespace
} // namespace cvw::i18n
