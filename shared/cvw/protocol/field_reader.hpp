// Reads typed, bounded fields out of a JSON object without throwing; keeps the first error.
#pragma once

#include "cvw/protocol/decode_error.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cvw::protocol {

/**
 * Each accessor returns a default on failure and records what went wrong; decoders read
 * every field, then check failed() once. Field names are prefixed with `path`.
 */
class field_reader {
public:
    field_reader(const nlohmann::json& object, std::string path = {});

    std::string string(const char* name, std::size_t max_bytes, std::size_t min_bytes = 1);
    std::optional<std::string> optional_string(const char* name, std::size_t max_bytes);
    std::int64_t integer(const char* name, std::int64_t min, std::int64_t max);
    std::optional<std::int64_t> optional_integer(const char* name, std::int64_t min, std::int64_t max);
    bool boolean(const char* name);
    std::vector<std::string> string_list(const char* name, std::size_t max_items, std::size_t max_bytes);
    /** A nested object or array element; returns null json (and records an error) when absent. */
    const nlohmann::json& object(const char* name);
    const nlohmann::json& array(const char* name, std::size_t max_items);

    /** Whether the object has `name` (and it is not null). */
    bool has(const char* name) const;
    void fail(error_code code, const std::string& field, std::string detail = {}, error_params params = {});
    bool failed() const { return error_.has_value(); }
    const decode_error& error() const { return *error_; }
    std::string path_of(const char* name) const;

private:
    const nlohmann::json* find(const char* name, bool required);

    const nlohmann::json& object_;
    std::string path_;
    std::optional<decode_error> error_;
};

} // namespace cvw::protocol
