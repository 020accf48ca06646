// Who places a call, as the call layer needs to know them.
#pragma once

#include "cvw/policy.hpp"

#include <cstdint>
#include <string>

namespace cvw::server::calls {

struct caller {
    std::int64_t user_id = 0;
    std::string display_name; ///< shown to the callee
    std::string number;       ///< the user's own extension or number, shown to the callee
    effective_policy policy;
};

} // namespace cvw::server::calls
