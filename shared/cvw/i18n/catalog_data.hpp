// The catalog files compiled into the program (generated from shared/i18n/*.json by CMake).
#pragma once

#include <string_view>
#include <vector>

namespace cvw::i18n {

struct catalog_data {
    std::string_view language;
    std::string_view json;
};

/** Every built-in catalog's file text, the fallback language (English) first. */
const std::vector<catalog_data>& built_in_catalog_data();

} // namespace cvw::i18n
