// The widget's HTTP endpoints (/embed/widget.html's framing, /api/embed/*); see docs/widget.md.
#pragma once

#include "app/server_context.hpp"

#include <boost/beast/http/status.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cvw::server {

/** A JSON answer: its status and body. */
struct api_reply {
    boost::beast::http::status status;
    std::string body;
};

/**
 * The frame-ancestors of the widget page asked for as `target` (".../widget.html?portal=crm"): its
 * portal's origins, or nullopt when the portal is missing or unknown (the page is then not served).
 */
std::optional<std::string> widget_frame_ancestors(const server_config& config, std::string_view target);

/** GET /api/embed/config?portal=: the origins the widget may talk to, and whether calls need a confirm. */
api_reply embed_config(const server_config& config, std::string_view target);

/** POST /api/embed/session {portal, token | code}: a widget session, or why not. */
api_reply embed_session(server_context& ctx, std::string_view body);

/** POST /api/embed/code {portal}: a one-time code for the user signed in at cvw's page (`who`). */
api_reply embed_code(server_context& ctx, const std::optional<identity>& who, std::string_view body);

/** POST /api/embed/logout with the widget session as a Bearer token; closes its sockets. */
api_reply embed_logout(server_context& ctx, std::string_view authorization);

} // namespace cvw::server
