// Small server pieces with no I/O: rate limiter, cookies, CSV, field checks, MIME types, RTP parsing.
#include "admin/csv.hpp"
#include "admin/user_fields.hpp"
#include "media/early_media_relay.hpp"
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

TEST(csv, exported_cells_never_start_a_formula) {
    struct row {
        std::string cell;
        std::string written; // as write_csv_record writes it
    };
    for (const auto& r :
         std::vector<row>{{"=2+5+cmd|' /C calc'!A0", "\"'=2+5+cmd|' /C calc'!A0\""},
                          {"+14255550100", "\"'+14255550100\""}, // a spreadsheet would evaluate it too
                          {"-1", "\"'-1\""},
                          {"@SUM(A1:A9)", "\"'@SUM(A1:A9)\""},
                          {"\t=1+1", "\"'\t=1+1\""},
                          {"\r=1+1", "\"'\r=1+1\""},
                          {"=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""},
                          {"Bob Jones", "Bob Jones"}, // ordinary text is left alone...
                          {"1002", "1002"},
                          {"a=b", "a=b"}, // ...and only the first character counts
                          {"", ""},
                          {"x;=1+1", "\"x;=1+1\""}, // a locale that splits on ';' sees one quoted cell
                          {"Caller, \"the\" one", "\"Caller, \"\"the\"\" one\""}}) {
        std::ostringstream out;
        write_csv_record(out, {r.cell});
        EXPECT_EQ(out.str(), r.written + "\r\n") << r.cell;
        // Reading it back gives the neutralised cell: the quote is the only change.
        std::istringstream in(out.str());
        std::string error;
        EXPECT_EQ(read_csv_record(in, error), std::vector<std::string>{spreadsheet_safe(r.cell)});
    }
    EXPECT_EQ(spreadsheet_safe("=1+1"), "'=1+1");
    EXPECT_EQ(spreadsheet_safe("'=1+1"), "'=1+1"); // already text to a spreadsheet
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
    EXPECT_EQ(mime_type_of("widget.js.map"), "application/json");
    EXPECT_EQ(mime_type_of("x.unknown"), "application/octet-stream");
}

TEST(rtp, only_well_formed_g711_packets_are_relayed) {
    using bytes = std::vector<std::uint8_t>;
    auto packet = [](std::uint8_t first, std::uint8_t payload_type, bytes tail) {
        bytes p{first, payload_type, 0, 1, 0, 0, 0, 160, 1, 2, 3, 4};
        for (const auto b : tail) p.push_back(b); // not insert(): g++ 12 -O2 sees a false out-of-bounds memcpy
        return p;
    };
    auto payload_of = [](const bytes& p) -> std::optional<bytes> {
        auto rtp = media::parse_g711_rtp(p);
        if (!rtp) return std::nullopt;
        return bytes(rtp->bytes.begin(), rtp->bytes.end());
    };
    EXPECT_EQ(payload_of(packet(0x80, 0, {0xff, 0x7f})), (bytes{0xff, 0x7f}));
    EXPECT_EQ(media::parse_g711_rtp(packet(0x80, 0x88, {0xd5}))->payload_type, 8); // marker bit ignored
    // One CSRC, then a one-word header extension, then padding of two bytes.
    EXPECT_EQ(payload_of(packet(0x81, 0, {9, 9, 9, 9, 0xaa})), (bytes{0xaa}));
    EXPECT_EQ(payload_of(packet(0x90, 0, {0xbe, 0xde, 0, 1, 7, 7, 7, 7, 0xaa})), (bytes{0xaa}));
    EXPECT_EQ(payload_of(packet(0xa0, 0, {0xaa, 0xbb, 0, 2})), (bytes{0xaa, 0xbb}));
    EXPECT_FALSE(payload_of(packet(0x80, 101, {1, 2, 3, 4})));        // telephone-event is not audio
    EXPECT_FALSE(payload_of(packet(0x40, 0, {1})));                   // RTP version 1
    EXPECT_FALSE(payload_of(packet(0x80, 0, {})));                    // no payload
    EXPECT_FALSE(payload_of(bytes{0x80, 0, 0}));                      // truncated header
    EXPECT_FALSE(payload_of(packet(0x8f, 0, {1, 2, 3})));             // CSRC count beyond the packet
    EXPECT_FALSE(payload_of(packet(0x90, 0, {0xbe, 0xde, 0, 9, 1}))); // extension beyond the packet
    EXPECT_FALSE(payload_of(packet(0xa0, 0, {0xaa, 40})));            // padding beyond the packet
}

} // namespace
} // namespace cvw::server
