// Where the server's events go: the tabs of one user, the watchers of one user, every tab. Small on
// purpose, so a message bus between server processes can stand behind it later.
#pragma once

#include "cvw/protocol/messages.hpp"

#include <cstdint>
#include <string>

namespace cvw::server {

class fan_out {
public:
    virtual ~fan_out() = default;

    /** Every tab of the user that got its welcome. Callable from any thread; events to one user keep their order. */
    virtual void to_user(std::int64_t user_id, protocol::event e) = 0;
    /** Every tab watching `username`, and the user's own tabs, each once. Any thread. */
    virtual void to_watchers(std::int64_t user_id, std::string username, protocol::event e) = 0;
    /** Every tab that got its welcome. Any thread. */
    virtual void to_everyone(protocol::event e) = 0;
};

} // namespace cvw::server
