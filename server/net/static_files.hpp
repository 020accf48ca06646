// Maps request paths to files under web/ and the wasm build, with MIME types and cache headers.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace cvw::server {

struct static_file {
    std::filesystem::path path;
    std::string mime_type;
    std::string cache_control;
    std::string etag;
    std::string content_encoding; ///< "gzip" when `path` is the file's precompressed copy
};

class static_files {
public:
    static_files(const std::filesystem::path& web_root, const std::filesystem::path& wasm_dir);

    /**
     * The file for a request target, or nullopt (404) for anything missing or outside the roots. Symlinks are
     * followed only when the file they lead to is inside the same root; the roots themselves may be links
     * and are resolved once, by the constructor. With `gzip`, the file's precompressed copy beside it
     * (`<name>.gz`, as the wasm build writes them) is served instead when there is one no older than it.
     */
    std::optional<static_file> find(std::string_view target, bool gzip = false) const;

private:
    std::filesystem::path web_root_;
    std::filesystem::path wasm_dir_;
};

std::string_view mime_type_of(const std::filesystem::path& p);

} // namespace cvw::server
