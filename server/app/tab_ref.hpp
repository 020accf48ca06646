// One greeted tab as the services see it: who it is, its language, and a way to answer it.
#pragma once

#include "cvw/protocol/messages.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace cvw::server {

class websocket_session;

struct tab_ref {
    std::shared_ptr<websocket_session> session;
    std::int64_t user_id = 0;
    std::string username;
    std::string language = "en"; ///< the catalog chosen at hello, for what the server writes for the tab

    /** Sends one event to this tab only; any thread. */
    void reply(const protocol::event& e) const;
};

} // namespace cvw::server
