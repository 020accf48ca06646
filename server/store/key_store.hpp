// Secret keys the server makes once and keeps in its database, so they survive restarts and are
// shared by every process on the same database.
#pragma once

#include "store/database.hpp"

#include <string>

namespace cvw::server {

class key_store {
public:
    explicit key_store(database& db) : db_(db) {}

    /** The key called `name` (hex), made from `bytes` random bytes the first time it is asked for. */
    std::string get_or_create(const std::string& name, std::size_t bytes);

private:
    database& db_;
};

} // namespace cvw::server
