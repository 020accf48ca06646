#include "cvw/i18n/catalog.hpp"

#include "cvw/i18n/catalog_data.hpp"
#include "cvw/i18n/plural_rules.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace cvw::i18n {
result<catalog, std::string> catalog::parse(std::string language, std::string_view json_text) {
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::string("the catalog is not a JSON object");
    catalog out;
    out.language_ = std::move(language);
    for (const auto& [key, value] : j.items()) {
        if (!value.is_string()) return "'" + key + "' is not a string";
        auto pattern = parse_pattern(value.get_ref<const std::string&>());
        if (!pattern) return "'" + key + "': " + pattern.error();
        out.patterns_.emplace(key, std::move(*pattern));
    }
    return out;
}

const message_pattern* catalog::find(std::string_view key) const {
    const auto it = patterns_.find(key);
    return it == patterns_.end() ? nullptr : &it->second;
}

std::vector<std::string> catalog::keys() const {
    std::vector<std::string> out;
    out.reserve(patterns_.size());
    for (const auto& [key, _] : patterns_) out.push_back(key);
    return out;
}

const catalogs& catalogs::built_in() {
    static const catalogs instance = [] {
        std::vector<catalog> all;
        for (const auto& data : built_in_catalog_data()) {
            auto parsed = catalog::parse(std::string(data.language), data.json);
            // The files are checked by the catalog tests; a broken one is a build defect.
            if (!parsed) throw std::logic_error("catalog " + std::string(data.language) + ": " + parsed.error());
            all.push_back(std::move(*parsed));
        }
        return catalogs(std::move(all));
    }();
    return instance;
}

catalogs::catalogs(std::vector<catalog> all) : all_(std::move(all)) {
    if (all_.empty()) throw std::logic_error("catalogs need at least the fallback language");
}

const catalog* catalogs::find(std::string_view language) const {
    for (const auto& c : all_)
        if (c.language() == language) return &c;
    return nullptr;
}

std::string catalogs::negotiate(std::string_view requested) const { return negotiate_language(languages(), requested); }

bool catalogs::has(std::string_view tag) const { return find(primary_language(tag)) != nullptr; }

std::vector<std::string> catalogs::languages() const {
    std::vector<std::string> out;
    for (const auto& c : all_) out.push_back(c.language());
    return out;
}

std::string catalogs::render(std::string_view language, const text& t) const {
    const auto* chosen = find(negotiate(language));
    const auto* pattern = chosen->find(t.key);
    if (!pattern) pattern = fallback().find(t.key);
    if (!pattern) return t.key;
    const auto lang = chosen->language();
    return format(*pattern, lang, [&](std::string_view name) -> std::optional<std::string> {
        for (const auto& p : t.params) {
            if (p.name != name) continue;
            return p.is_key ? render(lang, text{p.value, {}}) : p.value;
        }
        return std::nullopt;
    });
}

std::string negotiate_language(const std::vector<std::string>& languages, std::string_view tag) {
    auto primary = primary_language(tag);
    if (std::find(languages.begin(), languages.end(), primary) != languages.end()) return primary;
    return languages.empty() ? std::string() : languages.front();
}

text text_with_json_params(std::string key, std::string_view params_json) {
    text t{std::move(key), {}};
    const auto j = nlohmann::json::parse(params_json, nullptr, false);
    if (!j.is_object()) return t;
    for (const auto& [name, value] : j.items()) {
        if (value.is_string()) t.with(name, value.get<std::string>());
        else if (value.is_number_integer()) t.with(name, std::to_string(value.get<std::int64_t>()));
        else if (value.is_number()) t.with(name, value.dump());
    }
    return t;
}

bool valid_language_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35 || tag.front() == '-' || tag.back() == '-') return false;
    for (std::size_t i = 0; i < tag.size(); ++i) {
        const auto c = static_cast<unsigned char>(tag[i]);
        if (c == '-') {
            if (tag[i - 1] == '-') return false;
        } else if (!std::isalnum(c)) {
            return false;
        }
    }
    return std::isalpha(static_cast<unsigned char>(tag.front())) != 0;
}

} // namespace cvw::i18n
