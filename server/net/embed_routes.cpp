#include "net/embed_routes.hpp"

#include "app/clock.hpp"
#include "net/http_util.hpp"

#include <nlohmann/json.hpp>

namespace cvw::server {

namespace http = boost::beast::http;

namespace {

/** A field of a JSON object body that must be a non-empty string, or empty. */
std::string text_field(const nlohmann::json& body, const char* name) {
    if (!body.is_object() || !body.contains(name) || !body[name].is_string()) return {};
    return body[name].get<std::string>();
}

api_reply refused(http::status status, std::string_view code) { return {status, error_json(code)}; }

api_reply answer(const result<embed_grant, embed_refusal>& r) {
    if (!r) {
        nlohmann::json body{{"error", r.error().code}};
        if (!r.error().reason.empty()) body["reason"] = r.error().reason;
        return {static_cast<http::status>(r.error().status), body.dump()};
    }
    return {http::status::ok, nlohmann::json{{"session", r->session},
                                             {"username", r->user.username},
                                             {"display_name", r->user.display_name},
                                             {"expires_in", r->expires_in_seconds}}
                                  .dump()};
}

} // namespace

std::optional<std::string> widget_frame_ancestors(const server_config& config, std::string_view target) {
    const auto* portal = config.portal(query_param(target, "portal"));
    if (!portal) return std::nullopt;
    std::string list;
    for (const auto& origin : portal->origins) list += (list.empty() ? "" : " ") + origin;
    return list;
}

api_reply embed_config(const server_config& config, std::string_view target) {
    const auto* portal = config.portal(query_param(target, "portal"));
    if (!portal) return refused(http::status::not_found, "unknown_portal");
    return {
        http::status::ok,
        nlohmann::json{{"portal", portal->id}, {"origins", portal->origins}, {"confirm_calls", portal->confirm_calls}}
            .dump()};
}

api_reply embed_session(server_context& ctx, std::string_view body) {
    const auto json = nlohmann::json::parse(body, nullptr, false);
    const auto token = text_field(json, "token"), code = text_field(json, "code");
    if (token.empty() == code.empty()) return refused(http::status::bad_request, "bad_request");
    const auto* portal = ctx.config.portal(text_field(json, "portal"));
    if (!portal) return refused(http::status::not_found, "unknown_portal");
    return answer(token.empty() ? ctx.embed.trade_code(*portal, code, now_ms())
                                : ctx.embed.trade_token(*portal, token, now_ms()));
}

api_reply embed_code(server_context& ctx, const std::optional<identity>& who, std::string_view body) {
    if (!who) return refused(http::status::unauthorized, "unauthorized");
    const auto json = nlohmann::json::parse(body, nullptr, false);
    const auto* portal = ctx.config.portal(text_field(json, "portal"));
    if (!portal) return refused(http::status::not_found, "unknown_portal");
    const auto code = ctx.embed.issue_code(*portal, *who, now_ms());
    return {http::status::ok,
            nlohmann::json{{"code", code}, {"expires_in", embed_service::code_lifetime_ms / 1000}}.dump()};
}

api_reply embed_logout(server_context& ctx, std::string_view authorization) {
    const auto session = bearer_token(authorization);
    if (session.empty()) return refused(http::status::unauthorized, "unauthorized");
    if (auto digest = ctx.embed.end(session)) ctx.hub_ptr->sign_out(*digest);
    return {http::status::ok, "{}"};
}

} // namespace cvw::server
