// The words cvw shows people, one catalog per language (shared/i18n/<language>.json: flat keys, each
// an ICU MessageFormat pattern). The server renders with it for the CSV export and cvw-admin, the
// page through the wasm module, so both read the same texts from the same files.
#pragma once

#include "cvw/i18n/message_format.hpp"
#include "cvw/i18n/text.hpp"
#include "cvw/result.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::i18n {

/** One language's patterns, parsed and checked when loaded. */
class catalog {
public:
    /** Parses a catalog file's text; the error names the first bad key and what is wrong. */
    static result<catalog, std::string> parse(std::string language, std::string_view json_text);

    const std::string& language() const { return language_; }
    /** The pattern for `key`, or null when this catalog lacks it. */
    const message_pattern* find(std::string_view key) const;
    std::vector<std::string> keys() const;

private:
    std::string language_;
    std::map<std::string, message_pattern, std::less<>> patterns_;
};

/** The catalogs built into this program, with English as every other's fallback. */
class catalogs {
public:
    /** The built-in catalogs, parsed on first use. */
    static const catalogs& built_in();

    explicit catalogs(std::vector<catalog> all); ///< all[0] is the fallback language

    /** The best language we have for a BCP 47 tag ("en-GB" -> "en"); English when none fits. */
    std::string negotiate(std::string_view requested) const;
    /** Whether `tag` names a catalog we have, after negotiation. */
    bool has(std::string_view tag) const;
    std::vector<std::string> languages() const;
    const catalog& fallback() const { return all_.front(); }
    const catalog* find(std::string_view language) const;

    /**
     * `t` in `language`, else in English; a key no catalog has renders as the key itself, so a
     * missing text is visible (and tests catch it) rather than blank.
     */
    std::string render(std::string_view language, const text& t) const;

private:
    std::vector<catalog> all_;
};

/**
 * A text from a key and a JSON object of values (strings or numbers, as the page passes them);
 * anything else in the object is left out, so a bad value shows as its "{name}" placeholder.
 */
text text_with_json_params(std::string key, std::string_view params_json);

/**
 * The best of `languages` (the fallback first) for a BCP 47 tag ("en-GB" -> "en"), by its primary
 * language; the fallback when none fits.
 */
std::string negotiate_language(const std::vector<std::string>& languages, std::string_view tag);

/** A language tag as BCP 47 allows it (letters, digits, hyphens; at most 35 bytes). */
bool valid_language_tag(std::string_view tag);

} // namespace cvw::i18n
