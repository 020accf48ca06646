// Bounded, non-throwing field access for the protocol decoders.
#include "cvw/protocol/field_reader.hpp"

namespace cvw::protocol {
namespace {

const nlohmann::json& null_json() {
    static const nlohmann::json null_value;
    return null_value;
}

} // namespace

field_reader::field_reader(const nlohmann::json& object, std::string path) : object_(object), path_(std::move(path)) {}

std::string field_reader::path_of(const char* name) const {
    return path_.empty() ? std::string(name) : path_ + "." + name;
}

void field_reader::fail(error_code code, const std::string& field, std::string detail, error_params params) {
    if (!error_) error_ = decode_error{code, field, std::move(detail), std::move(params)};
}

bool field_reader::has(const char* name) const {
    const auto it = object_.find(name);
    return it != object_.end() && !it->is_null();
}

const nlohmann::json* field_reader::find(const char* name, bool required) {
    auto it = object_.find(name);
    if (it == object_.end() || it->is_null()) {
        if (required) fail(error_code::missing_field, path_of(name));
        return nullptr;
    }
    return &*it;
}

std::string field_reader::string(const char* name, std::size_t max_bytes, std::size_t min_bytes) {
    auto value = optional_string(name, max_bytes);
    if (!value) {
        find(name, true);
        return {};
    }
    if (value->size() < min_bytes) {
        fail(error_code::too_short, path_of(name));
        return {};
    }
    return *value;
}

std::optional<std::string> field_reader::optional_string(const char* name, std::size_t max_bytes) {
    const auto* v = find(name, false);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        fail(error_code::wrong_type, path_of(name), "string");
        return std::nullopt;
    }
    const auto& s = v->get_ref<const std::string&>();
    if (s.size() > max_bytes) {
        fail(error_code::too_long, path_of(name), "", {{"max", std::to_string(max_bytes)}});
        return std::nullopt;
    }
    return s;
}

std::int64_t field_reader::integer(const char* name, std::int64_t min, std::int64_t max) {
    auto value = optional_integer(name, min, max);
    if (!value) {
        find(name, true);
        return min;
    }
    return *value;
}

std::optional<std::int64_t> field_reader::optional_integer(const char* name, std::int64_t min, std::int64_t max) {
    const auto* v = find(name, false);
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) {
        fail(error_code::wrong_type, path_of(name), "integer");
        return std::nullopt;
    }
    const std::int64_t n =
        v->is_number_unsigned() && v->get<std::uint64_t>() > INT64_MAX ? INT64_MAX : v->get<std::int64_t>();
    if (n < min || n > max) {
        fail(error_code::out_of_range, path_of(name), "", {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
        return std::nullopt;
    }
    return n;
}

bool field_reader::boolean(const char* name) {
    const auto* v = find(name, true);
    if (!v) return false;
    if (!v->is_boolean()) {
        fail(error_code::wrong_type, path_of(name), "boolean");
        return false;
    }
    return v->get<bool>();
}

std::vector<std::string> field_reader::string_list(const char* name, std::size_t max_items, std::size_t max_bytes) {
    const auto& list = array(name, max_items);
    std::vector<std::string> out;
    if (!list.is_array()) return out;
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto field = path_of(name) + "[" + std::to_string(i) + "]";
        if (!list[i].is_string()) {
            fail(error_code::wrong_type, field, "string");
            return {};
        }
        const auto& s = list[i].get_ref<const std::string&>();
        if (s.empty()) {
            fail(error_code::too_short, field);
            return {};
        }
        if (s.size() > max_bytes) {
            fail(error_code::too_long, field, "", {{"max", std::to_string(max_bytes)}});
            return {};
        }
        out.push_back(s);
    }
    return out;
}

const nlohmann::json& field_reader::object(const char* name) {
    const auto* v = find(name, true);
    if (!v) return null_json();
    if (!v->is_object()) {
        fail(error_code::wrong_type, path_of(name), "object");
        return null_json();
    }
    return *v;
}

const nlohmann::json& field_reader::array(const char* name, std::size_t max_items) {
    const auto* v = find(name, true);
    if (!v) return null_json();
    if (!v->is_array()) {
        fail(error_code::wrong_type, path_of(name), "list");
        return null_json();
    }
    if (v->size() > max_items) {
        fail(error_code::too_long, path_of(name), "items", {{"max", std::to_string(max_items)}});
        return null_json();
    }
    return *v;
}

} // namespace cvw::protocol
