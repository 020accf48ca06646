// Text for logs and tests of the call machines' events and commands: "name" or "name(arg, ...)".
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace cvw::call {

/** "name" or "name(a, b)", leaving out empty arguments. */
inline std::string with_args(std::string_view name, std::initializer_list<std::string> args) {
    std::string inside;
    for (const auto& a : args) {
        if (a.empty()) continue;
        if (!inside.empty()) inside += ", ";
        inside += a;
    }
    return inside.empty() ? std::string(name) : std::string(name) + "(" + inside + ")";
}

/** An SDP body as an argument: "sdp" when there is one, never its text (it spans lines). */
inline std::string sdp_marker(const std::string& body) { return body.empty() ? std::string() : std::string("sdp"); }

} // namespace cvw::call
