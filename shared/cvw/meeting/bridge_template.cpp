#include "cvw/meeting/bridge_template.hpp"

namespace cvw::meeting {

std::optional<std::string> fill_bridge_template(std::string_view pattern, std::string_view conference_id,
                                                std::string_view pin) {
    std::string out;
    while (!pattern.empty()) {
        const auto open = pattern.find_first_of("{}");
        out += pattern.substr(0, open);
        if (open == std::string_view::npos) break;
        if (pattern[open] == '}') return std::nullopt;
        const auto close = pattern.find('}', open);
        if (close == std::string_view::npos) return std::nullopt;
        const auto name = pattern.substr(open + 1, close - open - 1);
        if (name == "conference_id") out += conference_id;
        else if (name == "pin") out += pin;
        else return std::nullopt;
        pattern.remove_prefix(close + 1);
    }
    return out;
}

} // namespace cvw::meeting
