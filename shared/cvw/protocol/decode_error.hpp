// Why an incoming protocol message was rejected, precise enough to show the sender.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace cvw::protocol {

enum class error_code {
    invalid_json,
    not_an_object,
    unknown_type,
    missing_field,
    wrong_type,
    too_long,
    too_short,
    out_of_range,
    invalid_value,
};

/** The wire name of an error code, as sent in the `error` event. */
std::string_view to_string(error_code code);

/**
 * Named values a refusal's text needs, e.g. {"max", "4000"}. A map, not a list: the wire carries them
 * as a JSON object, whose members have no order, so two refusals with the same values are equal.
 */
using error_params = std::map<std::string, std::string>;

/**
 * A rejected message: what was wrong and in which field, as data. Its words for a person come from
 * the catalog key "error.<code>[.<detail>]" (protocol/event_text.hpp).
 */
struct decode_error {
    error_code code;
    std::string field;  ///< JSON path of the offending field, empty for the whole message
    std::string detail; ///< which case of `code`, e.g. "string" for wrong_type; may be empty
    error_params params;

    bool operator==(const decode_error&) const = default;
};

} // namespace cvw::protocol
