// Fuzzes the dial plan the example config ships with whatever a user may type as a destination or
// callback number: normalize and check never fail other than by a dial_error, and what they
// return is a real E.164 number or extension that normalises to itself.
#include "cvw/dial_plan.hpp"
#include "example_config.hpp"
#include "fuzz_check.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <iostream>

namespace {

using namespace cvw;

[[noreturn]] void bad_example(const std::string& why) {
    std::cerr << "dial_plan_fuzz: docs/cvw.example.toml: " << why << "\n";
    std::abort();
}

std::vector<std::string> strings_of(const toml::table& t, const char* key) {
    std::vector<std::string> out;
    if (const auto* list = t[key].as_array())
        for (const auto& item : *list) out.push_back(item.value<std::string>().value_or(""));
    return out;
}

/** The example's [dial_plan], read the way the server reads it (server/config/server_config.cpp). */
dial_plan example_plan() {
    toml::table root;
    try {
        root = toml::parse(example_config_toml);
    } catch (const toml::parse_error& e) {
        bad_example(std::string(e.description()));
    }
    const auto* section = root["dial_plan"].as_table();
    if (!section) bad_example("no [dial_plan]");
    for (const auto& [key, value] : *section)
        if (key != "rules" && key != "allowed" && key != "blocked" && key != "max_extension_digits")
            bad_example("dial_plan." + std::string(key.str()) + " is new: teach tests/fuzz/dial_plan_fuzz.cpp");
    dial_plan_config config{.allowed = strings_of(*section, "allowed"), .blocked = strings_of(*section, "blocked")};
    config.max_extension_digits = static_cast<std::size_t>((*section)["max_extension_digits"].value_or(6));
    if (const auto* rules = (*section)["rules"].as_array())
        for (const auto& rule : *rules)
            if (const auto* r = rule.as_table())
                config.rules.push_back(
                    {(*r)["match"].value_or(std::string()), (*r)["replace"].value_or(std::string())});
    if (config.rules.empty() || config.allowed.empty()) bad_example("the dial plan lost its rules or allowed list");
    auto plan = dial_plan::compile(config);
    if (!plan) bad_example(plan.error());
    return *plan;
}

const dial_plan& plan() {
    static const dial_plan p = example_plan();
    return p;
}

bool is_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = cvw::fuzz::text_of(data, size);

    const auto n = plan().normalize(input);
    const auto checked = plan().check(input);
    if (!n) {
        CVW_FUZZ_REQUIRE(!checked && checked.error() == n.error());
        return 0;
    }
    const auto& number = n->number;
    if (n->kind == number_kind::e164) {
        const auto digits = std::string_view(number).substr(1);
        CVW_FUZZ_REQUIRE(number.front() == '+' && is_digits(digits) && digits.size() >= 7 && digits.size() <= 15 &&
                         digits.front() != '0');
    } else {
        CVW_FUZZ_REQUIRE(is_digits(number) && number.size() <= 15);
    }
    // What cvw stores and shows is normalised, and comes back as a destination: a second pass agrees.
    const auto again = plan().normalize(number);
    CVW_FUZZ_REQUIRE(again && *again == *n);
    const auto checked_again = plan().check(number);
    CVW_FUZZ_REQUIRE(checked.ok() == checked_again.ok());
    if (checked) CVW_FUZZ_REQUIRE(*checked == *n && *checked_again == *n);
    else
        CVW_FUZZ_REQUIRE(checked.error() == dial_error::not_allowed &&
                         checked_again.error() == dial_error::not_allowed);
    return 0;
}
