#include "cvw/i18n/message_format.hpp"

#include "cvw/i18n/plural_rules.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <set>

namespace cvw::i18n {
namespace {

using nodes = std::vector<pattern_node>;

bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

/** Recursive descent over the pattern text; `error_` is set at the first fault and stops the parse. */
class pattern_parser {
public:
    explicit pattern_parser(std::string_view text) : s_(text) {}

    result<message_pattern, std::string> run() {
        auto top = message(false, false);
        if (error_.empty() && i_ < s_.size()) fail("'}' without a matching '{'");
        if (!error_.empty()) return error_;
        return message_pattern{std::move(top)};
    }

private:
    void fail(const std::string& what) {
        if (error_.empty()) error_ = what + " at byte " + std::to_string(i_);
    }
    bool at_end() const { return i_ >= s_.size(); }
    void skip_spaces() {
        while (!at_end() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
    }
    std::string name() {
        const auto start = i_;
        while (!at_end() && is_name_char(s_[i_])) ++i_;
        return std::string(s_.substr(start, i_ - start));
    }
    static void add_literal(nodes& out, std::string_view piece) {
        if (out.empty() || out.back().type != pattern_node::kind::literal)
            out.push_back({pattern_node::kind::literal, {}, {}});
        out.back().text += piece;
    }

    /** Text up to the end, or up to (not past) the '}' that closes an arm when `nested`. */
    nodes message(bool nested, bool in_plural) {
        nodes out;
        while (!at_end() && error_.empty()) {
            const char c = s_[i_];
            if (c == '}') return out; // closes the arm, or run() reports it as unmatched
            if (c == '{') {
                argument(out, in_plural);
            } else if (c == '#' && in_plural) {
                out.push_back({pattern_node::kind::pound, {}, {}});
                ++i_;
            } else if (c == '\'') {
                quoted(out, in_plural);
            } else {
                add_literal(out, s_.substr(i_++, 1));
            }
        }
        if (nested && error_.empty()) fail("an arm is not closed with '}'");
        return out;
    }

    // ICU: '' is one apostrophe; an apostrophe before a syntax character quotes up to the next
    // lone apostrophe; any other apostrophe is itself ("cvw's" needs no escaping).
    void quoted(nodes& out, bool in_plural) {
        const bool next_is_apostrophe = i_ + 1 < s_.size() && s_[i_ + 1] == '\'';
        if (next_is_apostrophe) {
            add_literal(out, "'");
            i_ += 2;
            return;
        }
        const bool starts_quote =
            i_ + 1 < s_.size() && (s_[i_ + 1] == '{' || s_[i_ + 1] == '}' || (in_plural && s_[i_ + 1] == '#'));
        if (!starts_quote) {
            add_literal(out, "'");
            ++i_;
            return;
        }
        ++i_;
        while (!at_end()) {
            if (s_[i_] == '\'') {
                if (i_ + 1 < s_.size() && s_[i_ + 1] == '\'') {
                    add_literal(out, "'");
                    i_ += 2;
                    continue;
                }
                ++i_;
                return;
            }
            add_literal(out, s_.substr(i_++, 1));
        }
    }

    void argument(nodes& out, bool in_plural) {
        ++i_; // '{'
        skip_spaces();
        pattern_node node{pattern_node::kind::argument, name(), {}};
        if (node.text.empty()) return fail("an argument needs a name");
        skip_spaces();
        if (at_end()) return fail("'" + node.text + "' is not closed with '}'");
        if (!at_end() && s_[i_] == '}') {
            ++i_;
            out.push_back(std::move(node));
            return;
        }
        if (at_end() || s_[i_] != ',') return fail("expected '}' or ',' after the argument name");
        ++i_;
        skip_spaces();
        const auto type = name();
        if (type == "plural") node.type = pattern_node::kind::plural;
        else if (type == "select") node.type = pattern_node::kind::select;
        else return fail("unknown argument type '" + type + "' (plural and select are supported)");
        skip_spaces();
        if (at_end() || s_[i_] != ',') return fail("expected ',' after '" + type + "'");
        ++i_;
        arms(node, node.type == pattern_node::kind::plural || in_plural);
        if (!error_.empty()) return;
        const bool has_other = std::any_of(node.branches.begin(), node.branches.end(),
                                           [](const pattern_branch& b) { return b.selector == "other"; });
        if (!has_other) return fail("'" + node.text + "' has no 'other' arm");
        out.push_back(std::move(node));
    }

    void arms(pattern_node& node, bool in_plural) {
        while (error_.empty()) {
            skip_spaces();
            if (at_end()) return fail("'" + node.text + "' is not closed with '}'");
            if (s_[i_] == '}') {
                ++i_;
                return;
            }
            std::string selector;
            if (s_[i_] == '=') {
                ++i_;
                selector = "=" + name();
            } else {
                selector = name();
            }
            if (selector.empty() || selector == "=") return fail("expected an arm's selector");
            skip_spaces();
            if (at_end() || s_[i_] != '{') return fail("expected '{' after the selector '" + selector + "'");
            ++i_;
            auto body = message(true, in_plural);
            if (!error_.empty()) return;
            ++i_; // the arm's '}'
            node.branches.push_back({std::move(selector), std::move(body)});
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
    std::string error_;
};

struct render_context {
    std::string_view language;
    const argument_lookup& value_of;
};

void render(const nodes& list, const render_context& ctx, const std::string* pound, std::string& out);

const pattern_branch* choose(const pattern_node& node, const std::string& value, std::string_view language) {
    const auto find = [&](std::string_view selector) -> const pattern_branch* {
        for (const auto& b : node.branches)
            if (b.selector == selector) return &b;
        return nullptr;
    };
    if (node.type == pattern_node::kind::plural) {
        std::int64_t n = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec == std::errc() && end == value.data() + value.size()) {
            if (const auto* exact = find("=" + value)) return exact;
            if (const auto* category = find(to_string(plural_of(language, n)))) return category;
        }
    } else if (const auto* chosen = find(value)) {
        return chosen;
    }
    return find("other");
}

void render(const nodes& list, const render_context& ctx, const std::string* pound, std::string& out) {
    for (const auto& node : list) {
        switch (node.type) {
        case pattern_node::kind::literal: out += node.text; break;
        case pattern_node::kind::pound:
            if (pound) out += *pound;
            break;
        case pattern_node::kind::argument: {
            const auto value = ctx.value_of(node.text);
            out += value ? *value : "{" + node.text + "}";
            break;
        }
        case pattern_node::kind::plural:
        case pattern_node::kind::select: {
            const auto value = ctx.value_of(node.text).value_or("");
            if (const auto* arm = choose(node, value, ctx.language))
                render(arm->body, ctx, node.type == pattern_node::kind::plural ? &value : pound, out);
            break;
        }
        }
    }
}

void collect_names(const nodes& list, std::set<std::string>& names) {
    for (const auto& node : list) {
        if (node.type == pattern_node::kind::literal || node.type == pattern_node::kind::pound) continue;
        names.insert(node.text);
        for (const auto& arm : node.branches) collect_names(arm.body, names);
    }
}

} // namespace

result<message_pattern, std::string> parse_pattern(std::string_view text) { return pattern_parser(text).run(); }

std::string format(const message_pattern& pattern, std::string_view language, const argument_lookup& value_of) {
    std::string out;
    render(pattern.nodes, render_context{language, value_of}, nullptr, out);
    return out;
}

std::vector<std::string> argument_names(const message_pattern& pattern) {
    std::set<std::string> names;
    collect_names(pattern.nodes, names);
    return {names.begin(), names.end()};
}

} // namespace cvw::i18n
