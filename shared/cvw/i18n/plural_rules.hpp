// CLDR plural categories for whole numbers in the languages cvw has catalogs for, so a catalog's
// "{n, plural, one {# call} other {# calls}}" reads right in Russian as well as in English.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cvw::i18n {

enum class plural_category { one, few, many, other };

std::string_view to_string(plural_category c);

/** The primary language subtag of a BCP 47 tag, lower case: "zh-Hans-CN" -> "zh". */
std::string primary_language(std::string_view tag);

/**
 * The category of `n` in `language` (a BCP 47 tag; only its primary subtag counts). Languages
 * without a rule here get English's.
 */
plural_category plural_of(std::string_view language, std::int64_t n);

} // namespace cvw::i18n
