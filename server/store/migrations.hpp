// The schema, as an ordered list of migrations; entry N takes version N to N+1.
#pragma once

#include <vector>

namespace cvw::server {

const std::vector<const char*>& schema_migrations();

} // namespace cvw::server
