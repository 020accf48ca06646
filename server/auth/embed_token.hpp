// Reading an embed token: checks its HS256 signature with the portal's key and takes out its claims.
#pragma once

#include "cvw/embed/embed_token_rules.hpp"
#include "cvw/result.hpp"

#include <string_view>

namespace cvw::server {

/**
 * The claims of `token` when it is a JWT signed with HS256 under `key`; else `malformed` (not a
 * JWT, another algorithm, "none", a claim of the wrong type), `bad_signature` or `expired`. The
 * other rules are embed::check_claims's.
 */
result<embed::embed_claims, embed::token_refusal> read_embed_token(std::string_view token, std::string_view key);

} // namespace cvw::server
