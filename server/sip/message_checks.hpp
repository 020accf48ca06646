// What cvw reads off a message sofia parsed: its body, and the checks an incoming request passes
// before cvw acts on it (each names the RFC 4475 torture case it answers).
#pragma once

#include "sip/sofia_magic.hpp"

#include <sofia-sip/sip.h>

#include <string>

namespace cvw::server::sip {

/** The body as text (empty without one). */
std::string body_of(const sip_t* sip);

/** 400: what sofia's lenient parser let through but RFC 3261 forbids (lwsstart, trws, badaspec). */
bool malformed(const sip_t* sip);
/** 415: a body cvw cannot read (invut); only SDP describes the media it relays. */
bool unreadable_body(const sip_t* sip);
/** 406: the caller's Accept leaves out SDP, the only answer cvw has (sdp01). */
bool refuses_sdp(const sip_t* sip);

} // namespace cvw::server::sip
