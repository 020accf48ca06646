// JSON codec for the browser<->server protocol: strict, bounded, never throws.
#pragma once

#include "cvw/protocol/decode_error.hpp"
#include "cvw/protocol/messages.hpp"
#include "cvw/result.hpp"

#include <string>
#include <string_view>

namespace cvw::protocol {

/** Parses and validates a command sent by a browser. */
result<command, decode_error> decode_command(std::string_view json);

/** Parses and validates an event sent by the server. */
result<event, decode_error> decode_event(std::string_view json);

std::string encode(const command& c);
std::string encode(const event& e);

/** The wire `type` of a message, e.g. "send_im". */
std::string_view type_name(const command& c);
std::string_view type_name(const event& e);

/** The `error` event that answers a rejected command. */
error to_error_event(const decode_error& e);

} // namespace cvw::protocol
