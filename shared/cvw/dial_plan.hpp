// Dial plan: turns what a user typed into E.164 or an extension, and says whether it may be dialled.
#pragma once

#include "cvw/result.hpp"

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace cvw {

/** One normalisation rule: the first rule whose `match` covers the whole cleaned input rewrites it. */
struct dial_rule {
    std::string match;   ///< ECMAScript regex, anchored implicitly
    std::string replace; ///< replacement with $1-style groups
};

struct dial_plan_config {
    std::vector<dial_rule> rules;
    std::vector<std::string> allowed; ///< a destination must match one of these...
    std::vector<std::string> blocked; ///< ...and none of these
    std::size_t max_extension_digits = 6;
};

enum class number_kind { e164, extension };

struct dialable_number {
    number_kind kind;
    std::string number; ///< "+14255550100" or "1002"
    bool operator==(const dialable_number&) const = default;
};

enum class dial_error {
    invalid_number, ///< not a phone number at all, or no rule turns it into one
    not_allowed,    ///< a valid number the dial plan forbids
};

std::string_view to_string(dial_error e);

/** A compiled dial plan. Immutable and cheap to share. */
class dial_plan {
public:
    /** Compiles the rules; returns a message naming the bad pattern if one does not compile. */
    static result<dial_plan, std::string> compile(const dial_plan_config& config);

    /** Normalises user input: "+1 (425) 555-0100" -> +14255550100, "00 33 1 ..." -> +331..., "1002" -> 1002. */
    result<dialable_number, dial_error> normalize(std::string_view input) const;

    /** Normalises, then applies the allowed/blocked lists. */
    result<dialable_number, dial_error> check(std::string_view input) const;

private:
    struct compiled_rule {
        std::regex match;
        std::string replace;
    };
    struct compiled {
        std::vector<compiled_rule> rules;
        std::vector<std::regex> allowed;
        std::vector<std::regex> blocked;
        std::size_t max_extension_digits = 6;
    };
    explicit dial_plan(std::shared_ptr<const compiled> c) : c_(std::move(c)) {}

    std::shared_ptr<const compiled> c_;
};

} // namespace cvw
