#include "sip/message_checks.hpp"

#include "cvw/sip/request_syntax.hpp"

#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip_header.h>

#include <cstring>
#include <string_view>

#include <strings.h>

namespace cvw::server::sip {
namespace {

/** The raw text of a header as it arrived, or empty when sofia kept none (NTATAG_SIPFLAGS). */
std::string_view raw_text(const msg_common_t* h) {
    if (!h || !h->h_data) return {};
    return {static_cast<const char*>(h->h_data), h->h_len};
}

bool is_sdp(const char* type) { return type && strcasecmp(type, "application/sdp") == 0; }

} // namespace

std::string body_of(const sip_t* sip) {
    if (!sip || !sip->sip_payload || !sip->sip_payload->pl_data) return {};
    // pl_data is not NUL-terminated: always use pl_len.
    return std::string(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
}

bool malformed(const sip_t* sip) {
    if (!sip->sip_request || !sip->sip_from || !sip->sip_to) return true;
    // The request line and the name-addr headers are checked on the bytes received.
    const auto line = raw_text(sip->sip_request->rq_common);
    if (!line.empty() && !cvw::sip::is_strict_request_line(line)) return true;
    for (const msg_common_t* h : {sip->sip_from->a_common, sip->sip_to->a_common})
        if (cvw::sip::has_whitespace_in_addr_spec(raw_text(h))) return true;
    for (const sip_contact_t* m = sip->sip_contact; m; m = m->m_next)
        if (cvw::sip::has_whitespace_in_addr_spec(raw_text(m->m_common))) return true;
    return false;
}

bool unreadable_body(const sip_t* sip) {
    const bool has_body = sip->sip_payload && sip->sip_payload->pl_len > 0;
    return has_body && !(sip->sip_content_type && is_sdp(sip->sip_content_type->c_type));
}

bool refuses_sdp(const sip_t* sip) {
    if (!sip->sip_accept) return false;
    for (const sip_accept_t* a = sip->sip_accept; a; a = a->ac_next) {
        if (!a->ac_type || is_sdp(a->ac_type) || std::strcmp(a->ac_type, "*/*") == 0 ||
            strcasecmp(a->ac_type, "application/*") == 0)
            return false; // an empty Accept (no type) says nothing either
    }
    return true;
}

} // namespace cvw::server::sip
