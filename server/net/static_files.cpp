// Static file lookup: path sanitising, symlink containment, MIME types, ETags, cache policy and
// precompressed copies.
#include "net/static_files.hpp"

#include <algorithm>
#include <cstdio>
#include <system_error>
#include <tuple>

namespace cvw::server {
namespace fs = std::filesystem;

namespace {

/** The root with every symlink resolved; a root that does not exist yet keeps its unresolved tail. */
fs::path resolved_root(const fs::path& root) {
    std::error_code ec;
    auto out = fs::weakly_canonical(fs::absolute(root, ec), ec);
    return ec ? root.lexically_normal() : out;
}

/** True when `p` is `root` or below it, comparing whole path components. */
bool is_inside(const fs::path& p, const fs::path& root) {
    auto r = root.begin(), re = root.end();
    if (r != re && std::prev(re)->empty()) --re; // a trailing separator
    return std::mismatch(r, re, p.begin(), p.end()).first == re;
}

/** "/m/" and a meeting's id ("m-" and 16 lower-case hex digits): a meeting link. */
bool is_meeting_link(std::string_view path) {
    constexpr std::string_view prefix = "/m/m-";
    if (path.size() != prefix.size() + 16 || path.substr(0, prefix.size()) != prefix) return false;
    return path.substr(prefix.size()).find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

/** The copy `<base><suffix>`, inside `root` and no older than its file; nullopt when there is none. */
std::optional<fs::path> fresh_copy(const fs::path& base, const char* suffix, fs::file_time_type written,
                                   const fs::path& root) {
    std::error_code ec;
    auto packed = fs::canonical(fs::path(base) += suffix, ec);
    if (ec || !is_inside(packed, root) || !fs::is_regular_file(packed, ec)) return std::nullopt;
    const auto packed_written = fs::last_write_time(packed, ec);
    if (ec || packed_written < written) return std::nullopt;
    return packed;
}

/** A file's size and time stamp in hex: its ETag's body and its version tag. */
std::string tag_of(std::uintmax_t size, fs::file_time_type mtime) {
    char out[40];
    std::snprintf(out, sizeof out, "%jx-%llx", size, static_cast<unsigned long long>(mtime.time_since_epoch().count()));
    return out;
}

/** The `v` parameter of a target's query, if any. */
std::string_view version_asked(std::string_view target) {
    const auto q = target.find('?');
    if (q == std::string_view::npos) return {};
    auto query = target.substr(q + 1);
    return query.starts_with("v=") ? query.substr(2, query.find('&') - 2) : std::string_view();
}

} // namespace

std::string_view mime_type_of(const fs::path& p) {
    const auto ext = p.extension().string();
    if (ext == ".html") return "text/html; charset=utf-8";
    if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".wasm") return "application/wasm";
    if (ext == ".json" || ext == ".map") return "application/json";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

static_files::static_files(const fs::path& web_root, const fs::path& wasm_dir)
    : web_root_(resolved_root(web_root)), wasm_dir_(resolved_root(wasm_dir)) {}

std::optional<std::string> static_files::version_of(std::string_view path) const {
    constexpr std::string_view wasm_prefix = "/wasm/";
    if (!path.starts_with(wasm_prefix)) return std::nullopt;
    const auto found = find(path);
    if (!found) return std::nullopt;
    std::error_code ec;
    const auto size = fs::file_size(found->path, ec);
    const auto mtime = fs::last_write_time(found->path, ec);
    if (ec) return std::nullopt;
    return tag_of(size, mtime);
}

std::optional<static_file> static_files::find(std::string_view target, accepted_codings codings) const {
    std::string_view path = target.substr(0, target.find('?'));
    if (path.empty() || path.front() != '/') return std::nullopt;
    // No percent-decoding, no dot segments, no backslashes or NULs: nothing can climb out of a root.
    if (path.find("..") != std::string_view::npos || path.find('\\') != std::string_view::npos ||
        path.find('%') != std::string_view::npos || path.find('\0') != std::string_view::npos ||
        path.find("//") != std::string_view::npos)
        return std::nullopt;

    // A meeting link is the page itself, which reads the meeting's id from its address.
    if (is_meeting_link(path)) path = "/";

    fs::path file;
    const fs::path* root = &web_root_;
    constexpr std::string_view wasm_prefix = "/wasm/";
    if (path.substr(0, wasm_prefix.size()) == wasm_prefix) {
        root = &wasm_dir_;
        file = wasm_dir_ / std::string(path.substr(wasm_prefix.size()));
    } else {
        file = web_root_ / std::string(path.substr(1));
        if (path.back() == '/') file /= "index.html";
    }

    // A symlink may point anywhere (the config, the database): serve only what really lies in the root.
    std::error_code ec;
    const auto requested = file;
    file = fs::canonical(file, ec);
    if (ec || !is_inside(file, *root)) return std::nullopt;
    const auto status = fs::status(file, ec);
    if (ec || !fs::is_regular_file(status)) return std::nullopt;
    const auto size = fs::file_size(file, ec);
    const auto mtime = fs::last_write_time(file, ec);
    if (ec) return std::nullopt;

    const bool in_wasm = root == &wasm_dir_;
    static_file out;
    out.mime_type = std::string(mime_type_of(requested));
    const auto tag = tag_of(size, mtime);
    out.etag = "\"" + tag + "\"";
    // Pages are revalidated every time so a new release shows at once; what a page links with its
    // version tag never changes under that address; anything else may be reused briefly.
    const bool versioned = in_wasm && !version_asked(target).empty() && version_asked(target) == tag;
    out.cache_control = requested.extension() == ".html" ? "no-cache"
                        : versioned                      ? "public, max-age=31536000, immutable"
                                                         : "public, max-age=300, must-revalidate";
    // A build writes no files into web/: the copies of its files lie under the wasm build's web/.
    const auto copies_base = in_wasm ? file : wasm_dir_ / "web" / file.lexically_relative(web_root_);
    for (const auto& [taken, suffix, coding] :
         {std::tuple{codings.brotli, ".br", "br"}, {codings.gzip, ".gz", "gzip"}}) {
        if (!taken) continue;
        if (auto packed = fresh_copy(copies_base, suffix, mtime, wasm_dir_)) {
            out.etag.insert(out.etag.size() - 1, std::string("-") + coding); // another representation, another tag
            out.content_encoding = coding;
            out.path = std::move(*packed);
            return out;
        }
    }
    out.path = std::move(file);
    return out;
}

} // namespace cvw::server
