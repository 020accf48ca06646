// HTTP over a real socket: sign-in, cookies, Origin checks, static files, health, bad requests.
#include "net/http_util.hpp"
#include "test_server.hpp"

#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <thread>

namespace cvw::test {
namespace {

namespace http = boost::beast::http;

class http_api : public ::testing::Test {
protected:
    void SetUp() override { add_demo_users(dir.path / "cvw.db"); }
    temp_dir dir;
    running_server server{test_config(dir.path)};
    std::uint16_t port() { return server.port(); }

    http_response login(const std::string& body, const std::string& origin = test_origin) {
        std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
        if (!origin.empty()) headers["Origin"] = origin;
        return http_request(port(), http::verb::post, "/api/login", body, headers);
    }

    /** Writes a file where the server looks for the wasm build's output (/wasm/<name>). */
    std::filesystem::path wasm_file(const std::string& name, const std::string& text) {
        auto path = dir.path / "wasm" / name;
        std::filesystem::create_directories(path.parent_path());
        std::ofstream(path) << text;
        return path;
    }
};

TEST_F(http_api, sign_in_sets_a_strict_http_only_cookie) {
    auto res = login(R"({"username":"alice","password":"password-alice"})");
    ASSERT_EQ(res.result(), http::status::ok);
    const std::string cookie(res[http::field::set_cookie]);
    EXPECT_EQ(cookie.rfind("cvw_session=", 0), 0u);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_EQ(nlohmann::json::parse(res.body())["display_name"], "Alice Smith");

    auto me = http_request(port(), http::verb::get, "/api/me", {}, {{"Cookie", cookie.substr(0, cookie.find(';'))}});
    EXPECT_EQ(nlohmann::json::parse(me.body())["username"], "alice");
}

TEST_F(http_api, wrong_password_and_unknown_user_look_the_same) {
    auto wrong = login(R"({"username":"alice","password":"nope"})");
    auto unknown = login(R"({"username":"mallory","password":"nope"})");
    EXPECT_EQ(wrong.result(), http::status::unauthorized);
    EXPECT_EQ(unknown.result(), http::status::unauthorized);
    EXPECT_EQ(wrong.body(), unknown.body());
    EXPECT_EQ(nlohmann::json::parse(wrong.body())["error"], "invalid_credentials");
    EXPECT_TRUE(wrong[http::field::set_cookie].empty());
}

TEST_F(http_api, sign_in_needs_an_allowed_origin) {
    EXPECT_EQ(login(R"({"username":"alice","password":"password-alice"})", "").result(), http::status::forbidden);
    EXPECT_EQ(login(R"({"username":"alice","password":"password-alice"})", "http://evil.example").result(),
              http::status::forbidden);
}

TEST_F(http_api, malformed_sign_in_bodies_get_400) {
    for (const char* body : {"", "not json", "[]", R"({"username":"alice"})", R"({"username":1,"password":"x"})"}) {
        auto res = login(body);
        EXPECT_EQ(res.result(), http::status::bad_request) << body;
        EXPECT_EQ(nlohmann::json::parse(res.body())["error"], "bad_request") << body;
    }
}

TEST_F(http_api, oversized_requests_get_413_and_the_server_keeps_serving) {
    auto res = login(std::string(std::size_t{100} * 1024, 'x'));
    EXPECT_EQ(res.result(), http::status::payload_too_large);
    EXPECT_EQ(http_request(port(), http::verb::get, "/healthz").result(), http::status::ok);
}

TEST_F(http_api, sign_in_attempts_are_rate_limited_per_address) {
    int limited = 0;
    for (int i = 0; i < 15; ++i) {
        // A different account each time, so only the address limit applies.
        auto res = login(nlohmann::json{{"username", "user" + std::to_string(i)}, {"password", "nope"}}.dump());
        if (res.result() != http::status::too_many_requests) continue;
        ++limited;
        EXPECT_EQ(nlohmann::json::parse(res.body())["error"], "rate_limited");
        EXPECT_GE(std::stoi(std::string(res[http::field::retry_after])), 1);
    }
    EXPECT_EQ(limited, 5); // 10 per minute allowed by default
}

TEST(sign_in_throttling, guesses_from_many_addresses_slow_the_account_down_and_the_wait_ends) {
    temp_dir dir;
    add_demo_users(dir.path / "cvw.db");
    auto config = test_config(dir.path);
    config.login_failures_before_delay = 3;
    config.login_max_delay_seconds = 2;
    running_server server(config);
    const auto attempt = [&](const std::string& user, const std::string& password, const std::string& from) {
        return http_request(server.port(), http::verb::post, "/api/login",
                            nlohmann::json{{"username", user}, {"password", password}}.dump(),
                            {{"Origin", test_origin}, {"Content-Type", "application/json"}}, from);
    };
    const auto expect_throttled = [](const http_response& res) {
        EXPECT_EQ(res.result(), http::status::too_many_requests);
        const auto body = nlohmann::json::parse(res.body());
        EXPECT_EQ(body["error"], "login_throttled");
        const int wait = std::stoi(std::string(res[http::field::retry_after]));
        EXPECT_GE(wait, 1);
        EXPECT_LE(wait, 2);
        EXPECT_EQ(body["retry_after_seconds"], wait);
        EXPECT_FALSE(body.contains("message")); // words are the page's, from the catalog
        return wait;
    };

    // 11 addresses, 2 wrong guesses each: each address stays far below its own limit.
    int wrong = 0, throttled = 0;
    for (int round = 0; round < 2; ++round) {
        for (int host = 2; host <= 12; ++host) {
            auto res = attempt("alice", "guess", "127.0.0." + std::to_string(host));
            if (res.result() == http::status::unauthorized) {
                ++wrong;
            } else {
                ++throttled;
                expect_throttled(res);
            }
        }
    }
    EXPECT_GE(throttled, 11) << wrong << " guesses were checked";

    // The right password during the wait gets the same answer; after the announced wait it works.
    auto during = attempt("alice", "password-alice", "127.0.0.1");
    const int wait = expect_throttled(during);
    std::this_thread::sleep_for(std::chrono::seconds(wait)); // the server said how long
    auto after = attempt("alice", "password-alice", "127.0.0.1");
    EXPECT_EQ(after.result(), http::status::ok) << after.body();

    // An unknown name is throttled the same way, so the answer does not tell whether it exists.
    for (int i = 0; i < 4; ++i) EXPECT_EQ(attempt("mallory", "x", "127.0.0.13").result(), http::status::unauthorized);
    expect_throttled(attempt("mallory", "x", "127.0.0.13"));
}

TEST_F(http_api, sign_out_ends_the_session) {
    const auto cookie = sign_in(port(), "alice", "password-alice");
    ASSERT_FALSE(cookie.empty());
    auto out =
        http_request(port(), http::verb::post, "/api/logout", "{}", {{"Origin", test_origin}, {"Cookie", cookie}});
    EXPECT_EQ(out.result(), http::status::ok);
    EXPECT_NE(std::string(out[http::field::set_cookie]).find("Max-Age=0"), std::string::npos);
    auto me = http_request(port(), http::verb::get, "/api/me", {}, {{"Cookie", cookie}});
    EXPECT_EQ(nlohmann::json::parse(me.body())["signed_in"], false);
}

TEST_F(http_api, serves_the_page_with_types_and_cache_headers) {
    auto page = http_request(port(), http::verb::get, "/");
    ASSERT_EQ(page.result(), http::status::ok);
    EXPECT_EQ(page[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(page[http::field::cache_control], "no-cache");
    EXPECT_NE(page.body().find("<title data-i18n=\"page.title\">cvw"), std::string::npos);
    EXPECT_FALSE(page["Content-Security-Policy"].empty());

    auto js = http_request(port(), http::verb::get, "/js/app.js");
    EXPECT_EQ(js[http::field::content_type], "text/javascript; charset=utf-8");
    EXPECT_NE(js[http::field::cache_control].find("max-age"), std::string::npos);

    const std::string etag(js[http::field::etag]);
    auto again = http_request(port(), http::verb::get, "/js/app.js", {}, {{"If-None-Match", etag}});
    EXPECT_EQ(again.result(), http::status::not_modified);
    EXPECT_TRUE(again.body().empty());
}

TEST_F(http_api, a_meeting_link_is_the_page_and_nothing_like_one_is) {
    auto link = http_request(port(), http::verb::get, "/m/m-0123456789abcdef");
    ASSERT_EQ(link.result(), http::status::ok);
    EXPECT_EQ(link[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(link.body(), http_request(port(), http::verb::get, "/").body());
    EXPECT_EQ(http_request(port(), http::verb::get, "/m/m-0123456789abcdef?from=mail").result(), http::status::ok);
    for (const char* target : {"/m/", "/m/m-0123", "/m/m-0123456789ABCDEF", "/m/m-0123456789abcdef0",
                               "/m/x-0123456789abcdef", "/m/m-0123456789abcdef/", "/m/../index.html"})
        EXPECT_EQ(http_request(port(), http::verb::get, target).result(), http::status::not_found) << target;
}

TEST_F(http_api, serves_wasm_as_application_wasm) {
    std::filesystem::create_directories(dir.path / "wasm");
    std::ofstream(dir.path / "wasm" / "cvw_client.wasm") << std::string("\0asm", 4);
    auto res = http_request(port(), http::verb::get, "/wasm/cvw_client.wasm");
    ASSERT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res[http::field::content_type], "application/wasm");
}

TEST_F(http_api, precompressed_copies_go_to_whoever_takes_them_brotli_first_and_only_while_fresh) {
    namespace fs = std::filesystem;
    const auto wasm = dir.path / "wasm";
    wasm_file("widget.js", "export const answer = 42;");
    wasm_file("widget.js.gz", "pretend-gzip");
    const auto get = [&](const std::map<std::string, std::string>& headers) {
        return http_request(port(), http::verb::get, "/wasm/widget.js", {}, headers);
    };
    auto packed = get({{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_EQ(packed.result(), http::status::ok);
    EXPECT_EQ(packed.body(), "pretend-gzip");
    EXPECT_EQ(packed[http::field::content_encoding], "gzip");
    EXPECT_EQ(packed[http::field::content_type], "text/javascript; charset=utf-8");
    EXPECT_EQ(packed[http::field::vary], "Accept-Encoding");
    auto plain = get({});
    EXPECT_EQ(plain.body(), "export const answer = 42;");
    EXPECT_EQ(plain[http::field::content_encoding], "");
    EXPECT_EQ(plain[http::field::vary], "Accept-Encoding");
    EXPECT_NE(plain[http::field::etag], packed[http::field::etag]);
    EXPECT_EQ(get({{"Accept-Encoding", "gzip;q=0, identity"}}).body(), "export const answer = 42;");
    EXPECT_EQ(get({{"If-None-Match", std::string(packed[http::field::etag])}, {"Accept-Encoding", "gzip"}}).result(),
              http::status::not_modified);

    // With a Brotli copy too, a browser that takes it gets it first.
    wasm_file("widget.js.br", "pretend-brotli");
    fs::last_write_time(wasm / "widget.js.br", fs::last_write_time(wasm / "widget.js"));
    auto br = get({{"Accept-Encoding", "gzip, deflate, br"}});
    EXPECT_EQ(br.body(), "pretend-brotli");
    EXPECT_EQ(br[http::field::content_encoding], "br");
    EXPECT_TRUE(std::string(br[http::field::etag]).ends_with("-br\""));
    EXPECT_EQ(get({{"Accept-Encoding", "br;q=0, gzip"}}).body(), "pretend-gzip");

    // A copy older than its file (the file was rebuilt, the copy not yet) is never served.
    fs::last_write_time(wasm / "widget.js.br", fs::last_write_time(wasm / "widget.js") - std::chrono::seconds(10));
    EXPECT_EQ(get({{"Accept-Encoding", "br, gzip"}}).body(), "pretend-gzip");
    fs::last_write_time(wasm / "widget.js.gz", fs::last_write_time(wasm / "widget.js") - std::chrono::seconds(10));
    EXPECT_EQ(get({{"Accept-Encoding", "br, gzip"}}).body(), "export const answer = 42;");
}

TEST_F(http_api, a_file_of_web_is_sent_compressed_from_the_copy_the_wasm_build_keeps_for_it) {
    namespace fs = std::filesystem;
    const fs::path loader = CVW_SOURCE_DIR "/web/embed/cvw-embed.js";
    const auto copy = wasm_file("web/embed/cvw-embed.js.br", "pretend-brotli");
    fs::last_write_time(copy, fs::last_write_time(loader));
    const auto get = [&](const std::map<std::string, std::string>& headers) {
        return http_request(port(), http::verb::get, "/embed/cvw-embed.js", {}, headers);
    };
    auto packed = get({{"Accept-Encoding", "gzip, br"}});
    ASSERT_EQ(packed.result(), http::status::ok);
    EXPECT_EQ(packed.body(), "pretend-brotli");
    EXPECT_EQ(packed[http::field::content_encoding], "br");
    EXPECT_EQ(packed[http::field::content_type], "text/javascript; charset=utf-8");
    EXPECT_EQ(packed[http::field::cache_control], "public, max-age=300, must-revalidate");

    auto plain = get({});
    EXPECT_EQ(plain[http::field::content_encoding], "");
    EXPECT_EQ(plain.body().size(), fs::file_size(loader));
    EXPECT_EQ(get({{"Accept-Encoding", "gzip"}}).body(), plain.body()); // no gzip copy: the file itself

    // The loader changed since the build copied it: its old copy is never sent.
    fs::last_write_time(copy, fs::last_write_time(loader) - std::chrono::seconds(10));
    EXPECT_EQ(get({{"Accept-Encoding", "br"}}).body(), plain.body());

    // A "copy" that leads out of the build (here to the database) is never sent either.
    fs::remove(copy);
    fs::create_symlink(dir.path / "cvw.db", copy);
    fs::last_write_time(dir.path / "cvw.db", fs::last_write_time(loader) + std::chrono::seconds(10));
    auto escaped = get({{"Accept-Encoding", "br"}});
    EXPECT_EQ(escaped[http::field::content_encoding], "");
    EXPECT_EQ(escaped.body().size(), plain.body().size());
}

namespace {
/** The version tag a page gives one of its links ("/wasm/page.js?v=<tag>"), or "" when untagged. */
std::string tag_in(const std::string& page, const std::string& link) {
    const auto at = page.find("\"" + link);
    if (at == std::string::npos) return "(not linked)";
    const auto end = page.find('"', at + 1);
    const auto q = page.find("?v=", at);
    return q < end ? page.substr(q + 3, end - q - 3) : std::string();
}
} // namespace

TEST_F(http_api, a_pages_links_carry_version_tags_that_are_cached_for_good_and_change_with_the_file) {
    namespace fs = std::filesystem;
    const auto script = wasm_file("page.js", "console.log(1);");
    const auto style = wasm_file("page.css", "body{}");
    auto page = http_request(port(), http::verb::get, "/");
    ASSERT_EQ(page.result(), http::status::ok);
    EXPECT_EQ(page[http::field::cache_control], "no-cache");
    const auto tag = tag_in(page.body(), "/wasm/page.js");
    ASSERT_FALSE(tag.empty());
    EXPECT_FALSE(tag_in(page.body(), "/wasm/page.css").empty());
    EXPECT_EQ(tag_in(page.body(), "/wasm/cvw_client.wasm"), ""); // no such file: left as it is

    const auto cache_of = [&](const std::string& target) {
        return std::string(http_request(port(), http::verb::get, target)[http::field::cache_control]);
    };
    EXPECT_EQ(cache_of("/wasm/page.js?v=" + tag), "public, max-age=31536000, immutable");
    EXPECT_EQ(cache_of("/wasm/page.js"), "public, max-age=300, must-revalidate");
    EXPECT_EQ(cache_of("/wasm/page.js?v=0-0"), "public, max-age=300, must-revalidate"); // not this version

    // A new build of the script: the page links the new version, under a new ETag.
    wasm_file("page.js", "console.log(2);");
    fs::last_write_time(script, fs::last_write_time(style) + std::chrono::seconds(5));
    auto rebuilt =
        http_request(port(), http::verb::get, "/", {}, {{"If-None-Match", std::string(page[http::field::etag])}});
    ASSERT_EQ(rebuilt.result(), http::status::ok);
    EXPECT_NE(tag_in(rebuilt.body(), "/wasm/page.js"), tag);
    EXPECT_EQ(
        http_request(port(), http::verb::get, "/", {}, {{"If-None-Match", std::string(rebuilt[http::field::etag])}})
            .result(),
        http::status::not_modified);
}

TEST_F(http_api, pages_are_sent_compressed_as_the_browser_takes_them) {
    const auto plain = http_request(port(), http::verb::get, "/index.html");
    ASSERT_EQ(plain.result(), http::status::ok);
    ASSERT_NE(plain.body().find("<html"), std::string::npos);

    auto br = http_request(port(), http::verb::get, "/index.html", {}, {{"Accept-Encoding", "gzip, br"}});
    EXPECT_EQ(br[http::field::content_encoding], "br");
    EXPECT_EQ(br[http::field::vary], "Accept-Encoding");
    EXPECT_LT(br.body().size(), plain.body().size() / 3);
    std::string unpacked(plain.body().size() + 64, '\0');
    std::size_t size = unpacked.size();
    ASSERT_EQ(BrotliDecoderDecompress(br.body().size(), reinterpret_cast<const std::uint8_t*>(br.body().data()), &size,
                                      reinterpret_cast<std::uint8_t*>(unpacked.data())),
              BROTLI_DECODER_RESULT_SUCCESS);
    EXPECT_EQ(unpacked.substr(0, size), plain.body());

    auto gz = http_request(port(), http::verb::get, "/index.html", {}, {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(gz[http::field::content_encoding], "gzip");
    z_stream z{};
    ASSERT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
    std::string inflated(plain.body().size() + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(gz.body().data());
    z.avail_in = static_cast<uInt>(gz.body().size());
    z.next_out = reinterpret_cast<Bytef*>(inflated.data());
    z.avail_out = static_cast<uInt>(inflated.size());
    EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
    inflated.resize(z.total_out);
    inflateEnd(&z);
    EXPECT_EQ(inflated, plain.body());
    EXPECT_NE(gz[http::field::etag], br[http::field::etag]);
    EXPECT_NE(gz[http::field::etag], plain[http::field::etag]);
}

TEST(accept_encoding, a_coding_is_taken_when_listed_or_starred_and_not_refused) {
    const auto gzip_ok = [](std::string_view header) { return server::accepts_coding(header, "gzip"); };
    EXPECT_TRUE(gzip_ok("gzip"));
    EXPECT_TRUE(gzip_ok("deflate, GZIP;q=0.5"));
    EXPECT_TRUE(gzip_ok("br, *"));
    EXPECT_FALSE(gzip_ok(""));
    EXPECT_FALSE(gzip_ok("br, deflate"));
    EXPECT_FALSE(gzip_ok("gzip;q=0"));
    EXPECT_FALSE(gzip_ok("gzip; q=0.000, *"));
    EXPECT_FALSE(gzip_ok("*;q=0"));
    EXPECT_FALSE(gzip_ok("x-gzip"));
    EXPECT_TRUE(server::accepted_codings_of("gzip, deflate, br").brotli);
    EXPECT_FALSE(server::accepted_codings_of("gzip, BR;q=0").brotli);
    EXPECT_FALSE(server::accepted_codings_of("brotli").brotli);
}

TEST_F(http_api, nothing_outside_the_roots_is_served) {
    for (const char* target : {"/../CMakeLists.txt", "/js/../../README.md", "/%2e%2e/etc/passwd", "/wasm/../cvw.db",
                               "//etc/passwd", "/nope.html"})
        EXPECT_EQ(http_request(port(), http::verb::get, target).result(), http::status::not_found) << target;
}

TEST(static_files_served, symlinks_count_only_when_they_lead_inside_their_root) {
    namespace fs = std::filesystem;
    temp_dir dir;
    const auto www = dir.path / "www", wasm_build = dir.path / "wasm-build", outside = dir.path / "outside";
    fs::create_directories(www / "js");
    fs::create_directories(wasm_build);
    fs::create_directories(outside);
    std::ofstream(www / "index.html") << "<title>cvw</title>";
    std::ofstream(www / "js" / "app.js") << "export {};";
    std::ofstream(wasm_build / "cvw_client.wasm") << std::string("\0asm", 4);
    std::ofstream(dir.path / "cvw.toml") << "[pbx]\npassword = \"secret\"\n";
    std::ofstream(outside / "leak.js") << "secret";
    fs::create_symlink(dir.path / "cvw.toml", www / "config.txt");    // a file outside
    fs::create_symlink(outside, www / "assets");                      // a directory outside
    fs::create_symlink(www / "index.html", www / "home.html");        // inside, to inside
    fs::create_symlink("../index.html", www / "js" / "page.html");    // relative, still inside
    fs::create_symlink(www / "js" / "app.js", wasm_build / "app.js"); // another root's file
    fs::create_symlink(wasm_build, dir.path / "wasm");                // the wasm root itself a link

    auto config = test_config(dir.path);
    config.web_root = www;
    config.wasm_dir = dir.path / "wasm";
    running_server server(config);
    const auto get = [&](const char* target) { return http_request(server.port(), http::verb::get, target); };

    EXPECT_EQ(get("/config.txt").result(), http::status::not_found);
    EXPECT_EQ(get("/assets/leak.js").result(), http::status::not_found);
    EXPECT_EQ(get("/wasm/app.js").result(), http::status::not_found);
    auto home = get("/home.html");
    EXPECT_EQ(home.result(), http::status::ok);
    EXPECT_EQ(home.body(), "<title>cvw</title>");
    EXPECT_EQ(home[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(get("/js/page.html").result(), http::status::ok);
    EXPECT_EQ(get("/wasm/cvw_client.wasm").result(), http::status::ok);
    EXPECT_EQ(get("/").body(), "<title>cvw</title>");
}

TEST_F(http_api, wrong_methods_get_405) {
    EXPECT_EQ(http_request(port(), http::verb::delete_, "/index.html").result(), http::status::method_not_allowed);
    EXPECT_EQ(http_request(port(), http::verb::get, "/api/login").result(), http::status::method_not_allowed);
}

TEST_F(http_api, healthz_reports_open_sessions) {
    auto res = http_request(port(), http::verb::get, "/healthz");
    ASSERT_EQ(res.result(), http::status::ok);
    auto j = nlohmann::json::parse(res.body());
    EXPECT_EQ(j["status"], "ok");
    EXPECT_EQ(j["sessions"], 0);
    EXPECT_EQ(j["calls"], 0);
    EXPECT_EQ(j["sip_dialogs"], 0);
    EXPECT_TRUE(j["heap_in_use_bytes"].is_number_unsigned()); // 0 under AddressSanitizer's allocator
}

} // namespace
} // namespace cvw::test
