// Reads an RFC 4235 dialog-info document (the body of a "dialog" NOTIFY) into plain values.
#pragma once

#include "cvw/phone/phone_dialogs.hpp"

#include <optional>
#include <string_view>

namespace cvw::server::sip {

/** nullopt when the body is not a dialog-info document; unknown elements are ignored. */
std::optional<phone::dialog_info> parse_dialog_info(std::string_view xml);

/** "sip:+14255550101@pbx:5060;user=phone" -> "+14255550101"; tel: URIs too; empty if neither. */
std::string user_of_uri(std::string_view uri);

} // namespace cvw::server::sip
