// The part of ICU MessageFormat 1 that cvw's catalogs use, the syntax translators and their tools
// know: {name}; {n, plural, =0 {...} one {# call} other {# calls}}; {x, select, a {...} other {...}};
// and ICU's apostrophe quoting ('{' is a literal brace, '' an apostrophe, a lone ' stays as is).
// A pattern is parsed once, when its catalog loads, so a broken one is found at start, not in use.
#pragma once

#include "cvw/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::i18n {

struct pattern_node;

/** One arm of a plural or select: its selector ("one", "=0", "other", "mobile") and its text. */
struct pattern_branch {
    std::string selector;
    std::vector<pattern_node> body;
};

struct pattern_node {
    enum class kind { literal, argument, plural, select, pound };
    kind type = kind::literal;
    std::string text; ///< the literal text, or the argument's name
    std::vector<pattern_branch> branches;
};

struct message_pattern {
    std::vector<pattern_node> nodes;
};

/** Parses `text`; the error says what is wrong and at which byte. */
result<message_pattern, std::string> parse_pattern(std::string_view text);

/** The value of a named argument, or nothing when the caller did not give it. */
using argument_lookup = std::function<std::optional<std::string>(std::string_view name)>;

/**
 * The pattern with its arguments filled in. Plural arms are chosen by `language`'s rules; a
 * missing argument shows as "{name}", so a gap is visible rather than silently empty.
 */
std::string format(const message_pattern& pattern, std::string_view language, const argument_lookup& value_of);

/** Every argument name the pattern uses, sorted, each once (to check translations keep them). */
std::vector<std::string> argument_names(const message_pattern& pattern);

} // namespace cvw::i18n
