// Wire names of decode errors.
#include "cvw/protocol/decode_error.hpp"

namespace cvw::protocol {

std::string_view to_string(error_code code) {
    switch (code) {
    case error_code::invalid_json: return "invalid_json";
    case error_code::not_an_object: return "not_an_object";
    case error_code::unknown_type: return "unknown_type";
    case error_code::missing_field: return "missing_field";
    case error_code::wrong_type: return "wrong_type";
    case error_code::too_long: return "too_long";
    case error_code::too_short: return "too_short";
    case error_code::out_of_range: return "out_of_range";
    case error_code::invalid_value: return "invalid_value";
    }
    return "invalid_value";
}

} // namespace cvw::protocol
