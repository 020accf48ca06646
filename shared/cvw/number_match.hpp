// Which colleague a number belongs to: the forms a typed, linked or logged number is kept in the
// directory under, whatever its formatting.
#pragma once

#include "cvw/dial_plan.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace cvw {

/**
 * The directory numbers (extension or E.164) `text` may be, most specific first: an extension
 * written after it ("+1 425 555 0100 x1002", "ext. 1002", ";ext=1002", "#1002"), then the number
 * itself as the dial plan normalises it (spaces, dashes, brackets, "00" or a national "0" as the
 * plan's rules say). Empty for text that is no number, such as a name.
 */
std::vector<std::string> directory_numbers(std::string_view text, const dial_plan& plan);

} // namespace cvw
