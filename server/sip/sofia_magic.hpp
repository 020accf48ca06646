// sofia-sip's "magic" pointers as the cvw types they really are (sofia's documented way: define
// NUA_MAGIC_T and the like before its headers), so its callbacks receive typed arguments and
// nothing is cast back from void. Files here get nua.h and su_wait.h only through this header, so
// all of them see sofia's functions with the same types.
#pragma once

namespace cvw::server::sip {
class sofia_stack;     // the nua's magic: it routes every event of the stack (sofia_stack.hpp)
struct handle_binding; // a nua handle's magic: the leg or subscription it belongs to (nua_handle.hpp)
class pbx_peer;        // the keep-alive timer's argument (pbx_peer.hpp)
struct posted_task;    // an su_msg's payload: work posted to the sofia thread (sofia_thread.cpp)
} // namespace cvw::server::sip

#define NUA_MAGIC_T ::cvw::server::sip::sofia_stack
#define NUA_HMAGIC_T ::cvw::server::sip::handle_binding
#define SU_TIMER_ARG_T ::cvw::server::sip::pbx_peer
#define SU_MSG_ARG_T ::cvw::server::sip::posted_task

#include <sofia-sip/nua.h>
#include <sofia-sip/su_wait.h>
