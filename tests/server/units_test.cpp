// Small server pieces with no I/O: rate limiter, cookies, CSV, field checks, MIME types.
#include "admin/csv.hpp"
#include "admin/user_fields.hpp"
#include "net/http_util.hpp"
#include "net/rate_limiter.hpp"
#include "net/static_files.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace cvw::server {
namespace {

TEST(rate_limiter, allows_a_burst_then_refills_at_the_rate) {
    const auto t0 = rate_limiter::clock::time_point{};
    rate_limiter limiter(10, 3, t0);
    EXPECT_TRUE(limiter.allow(t0));
    EXPECT_TRUE(limiter.allow(t0));
    EXPECT_TRUE(limiter.allow(t0));
    EXPECT_FALSE(limiter.allow(t0));
    EXPECT_TRUE(limiter.allow(t0 + std::chrono::milliseconds(100)));
    EXPECT_FALSE(limiter.allow(t0 + std::chrono::milliseconds(100)));
    EXPECT_TRUE(limiter.allow(t0 + std::chrono::seconds(10))); // refills to the burst, not beyond
    EXPECT_TRUE(limiter.allow(t0 + std::chrono::seconds(10)));
    EXPECT_TRUE(limiter.allow(t0 + std::chrono::seconds(10)));
    EXPECT_FALSE(limiter.allow(t0 + std::chrono::seconds(10)));
}

TEST(cookies, parse_and_format) {
    EXPECT_EQ(cookie_value("a=1; cvw_session=xyz; b=2", "cvw_session"), "xyz");
    EXPECT_EQ(cookie_value("cvw_session=xyz", "cvw_session"), "xyz");
    EXPECT_EQ(cookie_value("xcvw_session=1", "cvw_session"), "");
    EXPECT_EQ(cookie_value("", "cvw_session"), "");
    EXPECT_EQ(session_cookie("s", "v", 60, true), "s=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure");
}

TEST(csv, reads_quotes_commas_and_line_ends) {
    std::istringstream in("username,display_name\r\ndan,\"Dan \"\"D\"\" Ng, Jr\"\nli,\"multi\nline\"\n");
    std::string error;
    EXPECT_EQ(*read_csv_record(in, error), (std::vector<std::string>{"username", "display_name"}));
    EXPECT_EQ(*read_csv_record(in, error), (std::vector<std::string>{"dan", "Dan \"D\" Ng, Jr"}));
    EXPECT_EQ(*read_csv_record(in, error), (std::vector<std::string>{"li", "multi\nline"}));
    EXPECT_FALSE(read_csv_record(in, error).has_value());
    EXPECT_TRUE(error.empty());
    std::istringstream broken("a,\"open");
    read_csv_record(broken, error);
    EXPECT_EQ(error, "unterminated quoted field");
}

TEST(user_fields, usernames_and_numbers) {
    EXPECT_FALSE(check_username("alice.smith-2").has_value());
    EXPECT_TRUE(check_username("Alice").has_value());
    EXPECT_TRUE(check_username("").has_value());
    EXPECT_TRUE(check_username("a b").has_value());
    EXPECT_FALSE(check_phone_number("", "n").has_value());
    EXPECT_FALSE(check_phone_number("+14255550100", "n").has_value());
    EXPECT_FALSE(check_phone_number("1001", "n").has_value());
    EXPECT_TRUE(check_phone_number("+0123456789", "n").has_value());
    EXPECT_TRUE(check_phone_number("555-0100", "n").has_value());
}

TEST(static_files, mime_types) {
    EXPECT_EQ(mime_type_of("a/b.wasm"), "application/wasm");
    EXPECT_EQ(mime_type_of("x.mjs"), "text/javascript; charset=utf-8");
    EXPECT_EQ(mime_type_of("x.unknown"), "application/octet-stream");
}

} // namespace
} // namespace cvw::server
