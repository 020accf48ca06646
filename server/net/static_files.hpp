// Maps request paths to files under web/ and the wasm build, with MIME types and cache headers.
#pragma once

#include "net/http_util.hpp"

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
    std::string content_encoding; ///< "br" or "gzip" when `path` is the file's precompressed copy
};

class static_files {
public:
    static_files(const std::filesystem::path& web_root, const std::filesystem::path& wasm_dir);

    /**
     * The file for a request target, or nullopt (404) for anything missing or outside the roots. Symlinks are
     * followed only when the file they lead to is inside the same root; the roots themselves may be links
     * and are resolved once, by the constructor. A precompressed copy (`<name>.br`, `<name>.gz`, as the
     * wasm build writes them: beside a file of its own, under its `web/` for a file of web/) that the
     * browser takes is served instead when it is no older than the file, Brotli first. A target whose
     * `?v=` is the file's version tag may be cached for good.
     */
    std::optional<static_file> find(std::string_view target, accepted_codings codings = {}) const;

    /**
     * The version tag of a file under /wasm/ (`path` as in a page, "/wasm/page.js"): it changes
     * whenever the file does. Pages link "/wasm/page.js?v=<tag>" (html_pages); nullopt when missing.
     */
    std::optional<std::string> version_of(std::string_view path) const;

private:
    std::filesystem::path web_root_;
    std::filesystem::path wasm_dir_;
};

std::string_view mime_type_of(const std::filesystem::path& p);

} // namespace cvw::server
