// CPU time a process (and the worker processes it forked) has used, read from /proc.
#pragma once

#include <sys/types.h>

namespace cvw::bench {

/** User + system CPU seconds of `pid` and of its direct children (Kamailio's workers). */
double cpu_seconds(pid_t pid);

} // namespace cvw::bench
