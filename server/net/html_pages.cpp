#include "net/html_pages.hpp"

#include "net/compression.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>

namespace cvw::server {

std::string with_version_tags(std::string_view html, const static_files& files) {
    constexpr std::string_view link = "\"/wasm/";
    std::string out;
    out.reserve(html.size() + 256);
    for (std::size_t at = 0;;) {
        const auto found = html.find(link, at);
        if (found == std::string_view::npos) return out.append(html.substr(at));
        const auto start = found + 1; // the path, after its quote
        const auto end = html.find('"', start);
        if (end == std::string_view::npos) return out.append(html.substr(at));
        const auto path = html.substr(start, end - start);
        out.append(html.substr(at, end - at));
        if (path.find('?') == std::string_view::npos)
            if (const auto tag = files.version_of(path)) out.append("?v=").append(*tag);
        at = end;
    }
}

namespace {

std::string digest_of(std::string_view text) {
    unsigned char hash[16];
    crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(text.data()), text.size(), nullptr, 0);
    char hex[sizeof hash * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
    return hex;
}

std::optional<std::string> read_whole(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return std::move(s).str();
}

} // namespace

std::optional<rendered_page> html_pages::render(const static_file& page, const static_files& files,
                                                accepted_codings codings) {
    auto source = read_whole(page.path);
    if (!source) return std::nullopt;
    auto text = with_version_tags(*source, files);
    std::lock_guard lock(mutex_);
    auto& v = pages_[page.path.string()];
    if (!v.plain || *v.plain != text) {
        const auto digest = digest_of(text);
        v = versions{.plain = std::make_shared<const std::string>(std::move(text)), .digest = digest};
    }
    // Each coding is made the first time a browser asks for it: Brotli's best takes some milliseconds.
    if (codings.brotli) {
        if (!v.brotli) v.brotli = std::make_shared<const std::string>(brotli_compressed(*v.plain));
        return rendered_page{v.brotli, "\"" + v.digest + "-br\"", "br"};
    }
    if (codings.gzip) {
        if (!v.gzip) v.gzip = std::make_shared<const std::string>(gzip_compressed(*v.plain));
        return rendered_page{v.gzip, "\"" + v.digest + "-gz\"", "gzip"};
    }
    return rendered_page{v.plain, "\"" + v.digest + "\"", ""};
}

} // namespace cvw::server
