// The catalog files compiled into the program (generated from shared/i18n/*.json by CMake).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cvw::i18n {

struct catalog_data {
    std::string_view language;
    std::string_view json;
};

/** Every built-in catalog's file text, the fallback language (English) first. */
const std::vector<catalog_data>& built_in_catalog_data();

/**
 * The built-in catalogs' languages in the same order, known without their texts: the browser module
 * uses this list and loads only the one catalog it shows, so it does not carry all six.
 */
const std::vector<std::string>& built_in_languages();

} // namespace cvw::i18n
