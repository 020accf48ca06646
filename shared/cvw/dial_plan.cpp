// Dial-plan normalisation (ordered regex rules) and destination checks.
#include "cvw/dial_plan.hpp"

#include <algorithm>

namespace cvw {
namespace {

constexpr std::size_t max_input_bytes = 64;

bool is_visual_separator(char c) {
    return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t';
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/** Drops separators people type; keeps a leading '+'. Empty when anything else is present. */
std::string clean(std::string_view input) {
    std::string out;
    for (char c : input) {
        if (is_visual_separator(c)) continue;
        if (c == '+' && out.empty()) {
            out += c;
            continue;
        }
        if (c < '0' || c > '9') return {};
        out += c;
    }
    return out;
}

bool any_match(const std::vector<std::regex>& patterns, const std::string& s) {
    return std::any_of(patterns.begin(), patterns.end(), [&](const std::regex& re) { return std::regex_match(s, re); });
}

} // namespace

std::string_view to_string(dial_error e) { return e == dial_error::invalid_number ? "invalid_number" : "not_allowed"; }

result<dial_plan, std::string> dial_plan::compile(const dial_plan_config& config) {
    auto c = std::make_shared<compiled>();
    c->max_extension_digits = config.max_extension_digits;
    std::string current;
    // std::regex reports bad patterns by throwing; keep that inside this function.
    try {
        for (const auto& rule : config.rules) {
            current = rule.match;
            c->rules.push_back({std::regex(rule.match), rule.replace});
        }
        for (const auto& p : config.allowed) {
            current = p;
            c->allowed.emplace_back(p);
        }
        for (const auto& p : config.blocked) {
            current = p;
            c->blocked.emplace_back(p);
        }
    } catch (const std::regex_error& e) {
        return std::string("dial plan pattern '") + current + "' does not compile: " + e.what();
    }
    return dial_plan(std::move(c));
}

result<dialable_number, dial_error> dial_plan::normalize(std::string_view input) const {
    if (input.size() > max_input_bytes) return dial_error::invalid_number;
    std::string number = clean(input);
    if (number.empty() || number == "+") return dial_error::invalid_number;

    for (const auto& rule : c_->rules) {
        if (std::regex_match(number, rule.match)) {
            number = std::regex_replace(number, rule.match, rule.replace);
            break;
        }
    }

    if (number.front() == '+') {
        const std::string_view digits = std::string_view(number).substr(1);
        // E.164: country code never starts with 0, at most 15 digits in all.
        if (all_digits(digits) && digits.size() >= 7 && digits.size() <= 15 && digits.front() != '0')
            return dialable_number{number_kind::e164, number};
        return dial_error::invalid_number;
    }
    if (all_digits(number) && number.size() <= c_->max_extension_digits)
        return dialable_number{number_kind::extension, number};
    return dial_error::invalid_number;
}

result<dialable_number, dial_error> dial_plan::check(std::string_view input) const {
    auto n = normalize(input);
    if (!n) return n;
    if (any_match(c_->blocked, n->number) || !any_match(c_->allowed, n->number)) return dial_error::not_allowed;
    return n;
}

} // namespace cvw
