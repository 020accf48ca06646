// Why an incoming protocol message was rejected, precise enough to show the sender.
#pragma once

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

/** A rejected message: what was wrong, in which field, in words. */
struct decode_error {
    error_code code;
    std::string field;   ///< JSON path of the offending field, empty for the whole message
    std::string message; ///< one sentence for a person

    bool operator==(const decode_error&) const = default;
};

} // namespace cvw::protocol
