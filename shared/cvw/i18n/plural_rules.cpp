#include "cvw/i18n/plural_rules.hpp"

#include <cctype>
#include <string>

namespace cvw::i18n {
namespace {

// The integer rules of CLDR's plurals.xml (v = 0: no visible fraction digits).
plural_category russian(std::int64_t n) {
    const auto mod10 = n % 10, mod100 = n % 100;
    if (mod10 == 1 && mod100 != 11) return plural_category::one;
    if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return plural_category::few;
    return plural_category::many;
}

bool is_million_multiple(std::int64_t n) { return n != 0 && n % 1000000 == 0; }

} // namespace

std::string primary_language(std::string_view tag) {
    std::string out;
    for (const char c : tag) {
        if (c == '-' || c == '_') break;
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string_view to_string(plural_category c) {
    switch (c) {
    case plural_category::one: return "one";
    case plural_category::few: return "few";
    case plural_category::many: return "many";
    case plural_category::other: return "other";
    }
    return "other";
}

plural_category plural_of(std::string_view language, std::int64_t n) {
    if (n < 0) n = -n;
    const auto lang = primary_language(language);
    if (lang == "ru") return russian(n);
    if (lang == "ko" || lang == "zh") return plural_category::other;
    if (lang == "fr") {
        if (n == 0 || n == 1) return plural_category::one;
        return is_million_multiple(n) ? plural_category::many : plural_category::other;
    }
    if (lang == "es") {
        if (n == 1) return plural_category::one;
        return is_million_multiple(n) ? plural_category::many : plural_category::other;
    }
    return n == 1 ? plural_category::one : plural_category::other;
}

} // namespace cvw::i18n
