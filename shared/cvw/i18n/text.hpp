// A text for a person, as data: a catalog key and its parameters. The server and the page pass
// these around and render them only at the edge, in the reader's language (catalog.hpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cvw::i18n {

/** One parameter: a literal value (a name, a number) or another catalog key to render first. */
struct param {
    std::string name;
    std::string value;
    bool is_key = false; ///< value is a catalog key, e.g. "peer.unknown_number"
    bool operator==(const param&) const = default;
};

struct text {
    std::string key; ///< e.g. "call.ended.callee_busy"
    std::vector<param> params;
    bool operator==(const text&) const = default;

    bool empty() const { return key.empty(); }
    /** Adds a literal parameter; returns *this to chain. */
    text& with(std::string name, std::string value) {
        params.push_back({std::move(name), std::move(value), false});
        return *this;
    }
    /** Adds a parameter that is itself a catalog text, rendered in the same language. */
    text& with_key(std::string name, std::string key_of_value) {
        params.push_back({std::move(name), std::move(key_of_value), true});
        return *this;
    }
};

} // namespace cvw::i18n
