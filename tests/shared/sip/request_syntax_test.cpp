// Strict request-line and addr-spec checks, with the RFC 4475 cases they exist for.
#include "cvw/sip/request_syntax.hpp"

#include <gtest/gtest.h>

#include <initializer_list>

namespace cvw::sip {
namespace {

TEST(request_syntax, request_lines_need_single_spaces_and_sip_2_0) {
    for (std::string_view good :
         {"INVITE sip:cvw-alice@127.0.0.1 SIP/2.0\r\n", "OPTIONS sip:x SIP/2.0\n",
          "!interesting-Method0123456789_*+`.%indeed'~ sip:a@b SIP/2.0\r\n", "INVITE sip:a@b SIP/2.0"})
        EXPECT_TRUE(is_strict_request_line(good)) << good;
    for (std::string_view bad : std::initializer_list<std::string_view>{
             "INVITE  sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0\r\n", // RFC 4475 lwsstart
             "INVITE sip:a@b  SIP/2.0\r\n",
             "OPTIONS sip:remote-target@example.com SIP/2.0  \r\n", // RFC 4475 trws
             " INVITE sip:a@b SIP/2.0\r\n",
             "INVITE\tsip:a@b SIP/2.0\r\n",
             "INVITE sip:a@b SIP/7.0\r\n",                  // RFC 4475 badvers
             "INVITE sip:user@example.com; lr SIP/2.0\r\n", // RFC 4475 lwsruri
             std::string_view("INVITE sip:a@b\0x SIP/2.0\r\n", 26),
             "INVITE sip:a@b",
             "",
         })
        EXPECT_FALSE(is_strict_request_line(bad)) << bad;
}

TEST(request_syntax, finds_whitespace_inside_angle_brackets_only) {
    for (std::string_view spaced : {"To: \"Watson, Thomas\" < sip:t.watson@example.org >\r\n", // RFC 4475 badaspec
                                    "To: <sip:a@b >", "From: < sip:a@b>;tag=1", "Contact: <sip:a@b>, <sip:c @d>"})
        EXPECT_TRUE(has_whitespace_in_addr_spec(spaced)) << spaced;
    for (std::string_view fine : {"To: \"Watson, Thomas\" <sip:t.watson@example.org>\r\n",
                                  "From: \"a <b c>\" <sip:x@y>;tag=1", "From: \"esc \\\" < x >\" <sip:x@y>",
                                  "To: sip:j.user@example.com", "From: token1~` token2'+_ <sip:mundane@example.com>"})
        EXPECT_FALSE(has_whitespace_in_addr_spec(fine)) << fine;
}

} // namespace
} // namespace cvw::sip
