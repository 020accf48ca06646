// The widget's endpoints over a real socket: framing, token and code sign-in, the widget's socket,
// sign-out and the portal's call limit. Tokens are signed here as a portal's backend would.
#include "store/database.hpp"
#include "store/user_store.hpp"
#include "test_server.hpp"

#include <gtest/gtest.h>
#include <jwt/jwt.hpp>

#include <chrono>
#include <fstream>

namespace cvw::test {
namespace {

namespace http = boost::beast::http;

constexpr const char* crm_key = "crm-secret-0123456789abcdef-0123456789";
constexpr const char* hr_key = "hr-secret-0123456789abcdef-0123456789ab";

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

struct token_fields {
    std::string iss = "crm";
    std::string aud = "cvw";
    std::string sub = "alice";
    std::string jti;
    std::int64_t iat = unix_now() - 2;
    std::int64_t lifetime = 60;
    std::string key = crm_key;
    std::string alg = "HS256";
};

int token_count = 0;

std::string sign(token_fields f) {
    if (f.jti.empty()) f.jti = "t" + std::to_string(++token_count) + "-" + std::to_string(unix_now());
    jwt::jwt_object token{jwt::params::algorithm(f.alg), jwt::params::secret(f.key)};
    token.add_claim("iss", f.iss).add_claim("aud", f.aud).add_claim("sub", f.sub).add_claim("jti", f.jti);
    token.add_claim("iat", f.iat).add_claim("exp", f.iat + f.lifetime);
    return token.signature();
}

class embed : public ::testing::Test {
protected:
    embed() {
        add_demo_users(dir.path / "cvw.db");
        // A web root of its own: what is tested is who may frame the widget page, not its contents.
        std::filesystem::create_directories(dir.path / "web/embed");
        std::ofstream(dir.path / "web/embed/widget.html") << "<!doctype html><title>widget</title>";
        std::ofstream(dir.path / "web/index.html") << "<!doctype html><title>cvw</title>";
        auto c = test_config(dir.path);
        c.web_root = dir.path / "web";
        c.portals = {{.id = "crm",
                      .origins = {"http://portal.test", "https://crm.example.com"},
                      .key = crm_key,
                      .confirm_calls = true,
                      .calls_per_minute = 2},
                     {.id = "hr", .origins = {"https://hr.example.com"}, .key = hr_key, .confirm_calls = false}};
        server = std::make_unique<running_server>(c);
    }

    std::uint16_t port() { return server->port(); }

    http_response post(const std::string& path, const nlohmann::json& body,
                       std::map<std::string, std::string> headers = {}) {
        headers.emplace("Content-Type", "application/json");
        headers.emplace("Origin", test_origin);
        return http_request(port(), http::verb::post, path, body.dump(), headers);
    }
    http_response trade(const std::string& token, const std::string& portal = "crm") {
        return post("/api/embed/session", {{"portal", portal}, {"token", token}});
    }
    /** The refusal's reason for a token, or "ok". */
    std::string reason_for(const std::string& token) {
        const auto res = trade(token);
        if (res.result() == http::status::ok) return "ok";
        EXPECT_EQ(res.result(), http::status::unauthorized) << res.body();
        const auto j = nlohmann::json::parse(res.body());
        EXPECT_EQ(j["error"], "invalid_token");
        return j.value("reason", "");
    }
    std::string session_of(const http_response& res) {
        EXPECT_EQ(res.result(), http::status::ok) << res.body();
        return nlohmann::json::parse(res.body()).value("session", "");
    }
    std::unique_ptr<ws_client> widget_socket(const std::string& session) {
        return std::make_unique<ws_client>(port(), "", test_origin, "cvw, cvw-session." + session);
    }

    temp_dir dir;
    std::unique_ptr<running_server> server;
};

TEST_F(embed, the_widget_page_may_be_framed_only_by_its_portals_origins) {
    const auto widget = http_request(port(), http::verb::get, "/embed/widget.html?portal=crm");
    ASSERT_EQ(widget.result(), http::status::ok);
    const std::string csp(widget["Content-Security-Policy"]);
    EXPECT_NE(csp.find("frame-ancestors http://portal.test https://crm.example.com"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("hr.example.com"), std::string::npos) << "another portal's origin: " << csp;
    EXPECT_TRUE(widget["X-Frame-Options"].empty()) << "it cannot name a list, and would override the CSP";

    const auto hr = http_request(port(), http::verb::get, "/embed/widget.html?portal=hr");
    EXPECT_NE(std::string(hr["Content-Security-Policy"]).find("frame-ancestors https://hr.example.com"),
              std::string::npos);

    for (const char* target : {"/embed/widget.html", "/embed/widget.html?portal=sales", "/embed/widget.html?portal="}) {
        const auto res = http_request(port(), http::verb::get, target);
        EXPECT_EQ(res.result(), http::status::not_found) << target;
        EXPECT_EQ(nlohmann::json::parse(res.body())["error"], "unknown_portal") << target;
    }
    const auto page = http_request(port(), http::verb::get, "/");
    EXPECT_NE(std::string(page["Content-Security-Policy"]).find("frame-ancestors 'self'"), std::string::npos)
        << "the full page stays unframeable";
}

TEST_F(embed, the_config_tells_the_widget_whom_to_talk_to) {
    const auto res = http_request(port(), http::verb::get, "/api/embed/config?portal=crm");
    ASSERT_EQ(res.result(), http::status::ok);
    const auto j = nlohmann::json::parse(res.body());
    EXPECT_EQ(j["origins"], (nlohmann::json{"http://portal.test", "https://crm.example.com"}));
    EXPECT_EQ(j["confirm_calls"], true);
    EXPECT_EQ(j.dump().find("secret"), std::string::npos) << "the key never leaves the server";
    EXPECT_EQ(nlohmann::json::parse(
                  http_request(port(), http::verb::get, "/api/embed/config?portal=hr").body())["confirm_calls"],
              false);
    const auto unknown = http_request(port(), http::verb::get, "/api/embed/config?portal=sales");
    EXPECT_EQ(unknown.result(), http::status::not_found);
}

TEST_F(embed, a_signed_token_becomes_a_session_for_the_widgets_socket) {
    const auto res = trade(sign({}));
    const auto session = session_of(res);
    const auto j = nlohmann::json::parse(res.body());
    EXPECT_EQ(j["username"], "alice");
    EXPECT_EQ(j["display_name"], "Alice Smith");
    EXPECT_GT(j["expires_in"].get<int>(), 0);
    EXPECT_GE(session.size(), 40U);
    EXPECT_TRUE(res[http::field::set_cookie].empty()) << "a widget session is never a cookie";

    auto ws = widget_socket(session);
    EXPECT_EQ(ws->chosen_protocol(), "cvw");
    EXPECT_EQ(ws->hello()["self"]["username"], "alice");
}

TEST_F(embed, each_bad_token_is_refused_with_its_reason) {
    const auto now = unix_now();
    EXPECT_EQ(reason_for(sign({.key = hr_key})), "bad_signature");
    EXPECT_EQ(reason_for(sign({.iss = "hr", .key = crm_key})), "wrong_issuer");
    EXPECT_EQ(reason_for(sign({.aud = "janus"})), "wrong_audience");
    EXPECT_EQ(reason_for(sign({.iat = now - 200, .lifetime = 100})), "expired");
    EXPECT_EQ(reason_for(sign({.lifetime = 600})), "too_long_lived");
    EXPECT_EQ(reason_for(sign({.iat = now + 300})), "not_yet_valid");
    EXPECT_EQ(reason_for(sign({.sub = "mallory"})), "unknown_user");
    EXPECT_EQ(reason_for(sign({.sub = ""})), "malformed");
    EXPECT_EQ(reason_for(sign({.alg = "HS512"})), "malformed") << "HS256 only";
    EXPECT_EQ(reason_for("not-a-token"), "malformed");
    EXPECT_EQ(reason_for("a.b.c"), "malformed");
    // "alg":"none" with an empty signature: never taken as signed.
    EXPECT_EQ(reason_for("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJjcm0iLCJhdWQiOiJjdnciLCJzdWIiOiJhbGljZSJ9."),
              "malformed");

    const auto token = sign({});
    EXPECT_EQ(reason_for(token), "ok");
    EXPECT_EQ(reason_for(token), "replayed");
    EXPECT_EQ(trade(token, "hr").result(), http::status::unauthorized) << "nor at another portal";
}

TEST_F(embed, a_disabled_user_gets_no_session) {
    {
        server::database db((dir.path / "cvw.db").string());
        server::user_store(db).set_enabled("bob", false);
    }
    const auto res = trade(sign({.sub = "bob"}));
    EXPECT_EQ(res.result(), http::status::forbidden);
    EXPECT_EQ(nlohmann::json::parse(res.body())["error"], "disabled");
}

TEST_F(embed, bad_requests_are_named) {
    const std::pair<nlohmann::json, std::string> cases[] = {
        {nlohmann::json::object(), "bad_request"},
        {{{"portal", "crm"}}, "bad_request"},
        {{{"portal", "crm"}, {"token", "x"}, {"code", "y"}}, "bad_request"},
        {{{"portal", "crm"}, {"token", 7}}, "bad_request"},
        {{{"portal", "sales"}, {"token", "x"}}, "unknown_portal"},
        {{{"token", "x"}}, "unknown_portal"},
    };
    for (const auto& [body, code] : cases)
        EXPECT_EQ(nlohmann::json::parse(post("/api/embed/session", body).body())["error"], code) << body;
    const auto text = http_request(port(), http::verb::post, "/api/embed/session", "not json",
                                   {{"Origin", test_origin}, {"Content-Type", "application/json"}});
    EXPECT_EQ(text.result(), http::status::bad_request);

    const auto foreign =
        http_request(port(), http::verb::post, "/api/embed/session",
                     nlohmann::json{{"portal", "crm"}, {"token", sign({})}}.dump(), {{"Origin", "http://portal.test"}});
    EXPECT_EQ(foreign.result(), http::status::forbidden) << "only the widget, on cvw's own origin, trades tokens";
}

TEST_F(embed, the_popups_one_time_code_becomes_a_session_once) {
    EXPECT_EQ(post("/api/embed/code", {{"portal", "crm"}}).result(), http::status::unauthorized)
        << "only someone signed in at cvw's page gets a code";
    const auto cookie = sign_in(port(), "carol", "password-carol");
    ASSERT_FALSE(cookie.empty());
    EXPECT_EQ(post("/api/embed/code", {{"portal", "sales"}}, {{"Cookie", cookie}}).result(), http::status::not_found);

    const auto issued = post("/api/embed/code", {{"portal", "crm"}}, {{"Cookie", cookie}});
    ASSERT_EQ(issued.result(), http::status::ok);
    const auto code = nlohmann::json::parse(issued.body())["code"].get<std::string>();
    EXPECT_EQ(nlohmann::json::parse(issued.body())["expires_in"], 60);

    const auto traded = post("/api/embed/session", {{"portal", "crm"}, {"code", code}});
    EXPECT_EQ(nlohmann::json::parse(traded.body())["username"], "carol");
    EXPECT_EQ(widget_socket(session_of(traded))->hello()["self"]["username"], "carol");

    const auto again = post("/api/embed/session", {{"portal", "crm"}, {"code", code}});
    EXPECT_EQ(again.result(), http::status::unauthorized);
    EXPECT_EQ(nlohmann::json::parse(again.body())["error"], "invalid_code");

    const auto for_crm =
        nlohmann::json::parse(post("/api/embed/code", {{"portal", "crm"}}, {{"Cookie", cookie}}).body());
    const auto at_hr = post("/api/embed/session", {{"portal", "hr"}, {"code", for_crm["code"]}});
    EXPECT_EQ(nlohmann::json::parse(at_hr.body())["error"], "invalid_code") << "a code is for its own portal";
    EXPECT_EQ(post("/api/embed/session", {{"portal", "crm"}, {"code", for_crm["code"]}}).result(),
              http::status::unauthorized)
        << "and a code tried at the wrong portal is spent";
}

TEST_F(embed, a_widget_session_opens_nothing_but_the_widgets_socket) {
    const auto session = session_of(trade(sign({})));
    EXPECT_THROW(ws_client(port(), "cvw_session=" + session), boost::system::system_error)
        << "not usable as the page's cookie";
    const auto me = http_request(port(), http::verb::get, "/api/me", {}, {{"Cookie", "cvw_session=" + session}});
    EXPECT_EQ(nlohmann::json::parse(me.body())["signed_in"], false);
    EXPECT_THROW(widget_socket("0123456789abcdef0123456789abcdef0123456789a"), boost::system::system_error);
    EXPECT_THROW(ws_client(port(), "", "http://portal.test", "cvw, cvw-session." + session),
                 boost::system::system_error)
        << "the socket is the widget's, on cvw's origin, never the portal's";
}

TEST_F(embed, sign_out_closes_the_widgets_sockets_and_ends_the_session) {
    const auto session = session_of(trade(sign({})));
    auto ws = widget_socket(session);
    ws->hello();
    EXPECT_EQ(post("/api/embed/logout", nlohmann::json::object()).result(), http::status::unauthorized);
    const auto out = post("/api/embed/logout", nlohmann::json::object(), {{"Authorization", "Bearer " + session}});
    EXPECT_EQ(out.result(), http::status::ok);
    EXPECT_TRUE(ws->closed_by_server());
    EXPECT_EQ(ws->close_reason(), "signed out");
    EXPECT_THROW(widget_socket(session), boost::system::system_error);
}

TEST_F(embed, a_portal_places_no_more_calls_a_minute_than_it_is_allowed) {
    auto ws = widget_socket(session_of(trade(sign({}))));
    ws->hello();
    for (int i = 0; i < 2; ++i) {
        ws->send(nlohmann::json{{"type", "place_call"}, {"destination", "1002"}});
        EXPECT_NE(ws->expect("error")["code"], "call_limit_reached") << "call " << i + 1 << " of 2 a minute";
    }
    ws->send(nlohmann::json{{"type", "place_call"}, {"destination", "1002"}});
    const auto refused = ws->expect("error");
    EXPECT_EQ(refused["code"], "call_limit_reached");
    EXPECT_EQ(refused["detail"], "per_user_minute");
    EXPECT_EQ(english(refused), "You have placed too many calls in a short time; try again in 30 s.");

    // The same user in cvw's own page is not held by the portal's limit.
    ws_client page(port(), sign_in(port(), "alice", "password-alice"));
    page.hello();
    page.send(nlohmann::json{{"type", "place_call"}, {"destination", "1002"}});
    EXPECT_NE(page.expect("error")["code"], "call_limit_reached");
}

} // namespace
} // namespace cvw::test
