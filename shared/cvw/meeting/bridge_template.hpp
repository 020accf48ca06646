// The PBX backend's templates: the bridge URI and the keys cvw dials into the bridge, with the
// meeting's conference ID and PIN filled in where "{conference_id}" and "{pin}" stand.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cvw::meeting {

/** `pattern` with its placeholders filled; nothing if it names another placeholder or leaves a brace open. */
std::optional<std::string> fill_bridge_template(std::string_view pattern, std::string_view conference_id,
                                                std::string_view pin);

} // namespace cvw::meeting
