// sofia-sip's "magic" pointers as the cvw types they really are, so its callbacks receive typed
// arguments and nothing is cast back from void. Every file in this directory includes this before
// any sofia header, so all of them see sofia's functions with the same types.
#pragma once

namespace cvw::server::sip {
struct posted_task; // an su_msg's payload: work posted to the sofia thread (sofia_thread.cpp)
} // namespace cvw::server::sip

#define SU_MSG_ARG_T ::cvw::server::sip::posted_task

#include <sofia-sip/su_wait.h>
