// gzip and Brotli in memory, for what is not precompressed at build time (the pages, whose links
// carry version tags the server writes into them).
#pragma once

#include <string>
#include <string_view>

namespace cvw::server {

/** `text` as a gzip stream (RFC 1952), at the best compression. */
std::string gzip_compressed(std::string_view text);
/** `text` as a Brotli stream (RFC 7932), at the best compression, tuned for text. */
std::string brotli_compressed(std::string_view text);

} // namespace cvw::server
