// The web root's pages as served: each "/wasm/..." they link gets its version tag ("?v=<tag>"), so
// what a page loads can be cached for good and a new build is fetched at once; and each page is
// compressed in memory (Brotli, gzip) once per version, since it is not built like the assets.
#pragma once

#include "net/http_util.hpp"
#include "net/static_files.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cvw::server {

struct rendered_page {
    std::shared_ptr<const std::string> body;
    std::string etag;
    std::string content_encoding; ///< "br", "gzip" or empty
};

/** Shared by every connection's thread. */
class html_pages {
public:
    /** `page` as static_files found it (a .html file); nullopt when it cannot be read. */
    std::optional<rendered_page> render(const static_file& page, const static_files& files, accepted_codings codings);

private:
    struct versions {
        std::shared_ptr<const std::string> plain; ///< the page with its links tagged
        std::string digest;
        std::shared_ptr<const std::string> gzip, brotli;
    };
    std::mutex mutex_;
    std::unordered_map<std::string, versions> pages_; ///< by file path
};

/** `html` with "?v=<tag>" after every quoted "/wasm/..." link that has no query and names a file. */
std::string with_version_tags(std::string_view html, const static_files& files);

} // namespace cvw::server
