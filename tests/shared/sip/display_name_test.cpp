// Display names in SIP headers: quoting, parsing back, cleaning and cutting, as tables.
#include "cvw/sip/display_name.hpp"

#include <gtest/gtest.h>

namespace cvw::sip {
namespace {

struct row {
    std::string_view in;
    std::string_view out;
};

TEST(display_name, quotes_any_text_as_one_safe_quoted_string) {
    for (const auto& [in, out] : {
             row{"Alice Smith", R"("Alice Smith")"},
             row{"", R"("")"},
             row{R"(Robert "Bobby" Tables)", R"("Robert \"Bobby\" Tables")"},
             row{R"(trailing\)", R"("trailing\\")"},
             row{R"(\")", R"("\\\"")"},
             row{"Eve\r\nP-Asserted-Identity: <sip:+18005550100@pbx>",
                 R"("EveP-Asserted-Identity: <sip:+18005550100@pbx>")"},
             row{"tab\there", R"("tab here")"},
             row{std::string_view("nul\0byte", 8), R"("nulbyte")"},
             row{"bell\x07 del\x7F", R"("bell del")"},
             row{"c1 \xC2\x85next line", R"("c1 next line")"}, // U+0085 NEL is a control too
             row{"Zo\xC3\xAB \xE5\xBC\xA0 \xF0\x9F\x93\x9E", "\"Zo\xC3\xAB \xE5\xBC\xA0 \xF0\x9F\x93\x9E\""}, // kept
             row{"bad \xFF byte", "\"bad \xEF\xBF\xBD byte\""},
             row{"cut \xE5\xBC", "\"cut \xEF\xBF\xBD\xEF\xBF\xBD\""}, // a character missing its end
             row{"overlong \xC0\xAF", "\"overlong \xEF\xBF\xBD\xEF\xBF\xBD\""},
             row{"surrogate \xED\xA0\x80", "\"surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},
             row{"too high \xF4\x90\x80\x80", "\"too high \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},
         })
        EXPECT_EQ(quote_display_name(in), out) << in;
}

TEST(display_name, parses_quoted_and_token_forms_back) {
    for (const auto& [in, out] : {
             row{R"("Alice Smith")", "Alice Smith"},
             row{R"("Robert \"Bobby\" Tables")", R"(Robert "Bobby" Tables)"},
             row{R"("back\\slash")", R"(back\slash)"},
             row{R"("\a\b")", "ab"}, // any quoted-pair stands for its character
             row{R"(  "padded"  )", "padded"},
             row{R"("")", ""},
             row{"", ""},
             row{"Bob", "Bob"},
             row{"Bob   Smith", "Bob Smith"}, // token form: whitespace runs read as one space
             row{" \tBob Smith\t ", "Bob Smith"},
             row{R"("unterminated)", "unterminated"},
             row{R"("ends in \)", "ends in "}, // a lone backslash at the end escapes nothing
             row{R"("escaped \\)", R"(escaped \)"},
             row{R"("a" trailing)", "a"},
             row{"\"ctl \\\r\\\n \\\x01\"", "ctl  "}, // escaped controls are still dropped
             row{"\"\xE5\xBC\xA0\xFF\"", "\xE5\xBC\xA0\xEF\xBF\xBD"},
         })
        EXPECT_EQ(parse_display_name(in), out) << in;
}

TEST(display_name, round_trips_clean_text) {
    for (std::string_view text : {"Alice", R"(Robert "Bobby" Tables)", R"(a\b\)", R"(\\\)", "\"", " spaced  out ",
                                  "Zo\xC3\xAB", "x\r\ny", "\xFF"}) {
        EXPECT_EQ(parse_display_name(quote_display_name(text)), clean_display_text(text)) << text;
        EXPECT_EQ(quote_display_name(parse_display_name(quote_display_name(text))), quote_display_name(text)) << text;
    }
}

TEST(display_name, cuts_only_between_characters) {
    struct cut {
        std::string_view in;
        std::size_t max;
        std::string_view out;
    };
    for (const auto& [in, max, out] : {
             cut{"short", 100, "short"}, cut{"exactly", 7, "exactly"}, cut{"abcdef", 3, "abc"},
             cut{"ab\xC3\xAB", 3, "ab"},                                           // e with diaeresis would be split
             cut{"ab\xC3\xAB", 4, "ab\xC3\xAB"}, cut{"a\xF0\x9F\x93\x9E", 4, "a"}, // a 4-byte character
             cut{"a\xF0\x9F\x93\x9E", 2, "a"}, cut{"\xE5\xBC\xA0", 2, ""}, cut{"abc", 0, ""},
             cut{"ends in \\\\", 9, "ends in \\"}, // bytes, not escapes: see parse first, cut after
         })
        EXPECT_EQ(truncate_utf8(in, max), out) << in << " at " << max;
}

TEST(display_name, builds_name_addr_values_from_parts) {
    struct parts {
        std::string_view display, uri, out;
    };
    for (const auto& [display, uri, out] : {
             parts{"Alice Smith", "sip:1001@pbx.example.com", R"("Alice Smith" <sip:1001@pbx.example.com>)"},
             parts{"", "sip:1001@pbx", "<sip:1001@pbx>"},
             parts{"\r\n", "sip:1001@pbx", "<sip:1001@pbx>"}, // nothing left to show
             parts{"Eve\r\nP-Asserted-Identity: <sip:+18005550100@pbx>", "sip:1001@pbx",
                   R"("EveP-Asserted-Identity: <sip:+18005550100@pbx>" <sip:1001@pbx>)"},
             parts{R"(a"b)", "sip:x>\r\nX-Evil: 1@pbx", R"("a\"b" <sip:x%3E%0D%0AX-Evil:%201@pbx>)"},
         })
        EXPECT_EQ(name_addr(display, uri), out);
}

} // namespace
} // namespace cvw::sip
