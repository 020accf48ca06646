// sofia-sip's message class with two changes: P-Asserted-Identity is parsed and emitted, and a
// method holding '+' or '`' is read as the unknown method RFC 3261 says it is (RFC 4475
// intmeth). sofia 1.12.11 reads a method as unreserved characters only and drops such a
// request unanswered, since without a request line it has nothing to answer; with this the
// request is answered. (Its CSeq parser has the same limit and answers 400 Bad CSeq Header; its
// header lookup goes by class pointer, so that class cannot be swapped the same way.)
#include "sip/sip_message_class.hpp"

#include <sofia-sip/msg_mclass.h>
#include <sofia-sip/sip_extra.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_parser.h>

#include <cstring>
#include <mutex>
#include <string_view>
#include <vector>

namespace cvw::server::sip {
namespace {

/** Token characters (RFC 3261 25.1) that sofia's method parser refuses. */
constexpr std::string_view token_only = "+`";

struct msg_hclass_s request_line_class; // msg_hclass_t is the const view of it

/**
 * Runs sofia's own parser with the method's refused characters hidden behind '-', then puts them
 * back. Such a method is never one sofia knows, so its name points into this buffer and comes
 * back whole.
 */
issize_t parse_request_line(su_home_t* home, msg_header_t* h, char* s, isize_t slen) {
    std::vector<std::pair<std::size_t, char>> hidden;
    for (std::size_t i = 0, method_end = std::strcspn(s, " \t"); i < method_end; ++i) {
        if (token_only.find(s[i]) == std::string_view::npos) continue;
        hidden.emplace_back(i, s[i]);
        s[i] = '-';
    }
    const issize_t result = sip_request_class->hc_parse(home, h, s, slen);
    for (const auto& [at, c] : hidden) s[at] = c;
    return result;
}

} // namespace

void install_message_class() {
    static std::once_flag installed;
    std::call_once(installed, [] {
        msg_mclass_t* mclass = sip_extend_mclass(nullptr); // a copy of the default, with P-Asserted-Identity
        request_line_class = *sip_request_class;
        request_line_class.hc_parse = &parse_request_line;
        mclass->mc_request->hr_class = &request_line_class;
        sip_update_default_mclass(mclass);
    });
}

} // namespace cvw::server::sip
