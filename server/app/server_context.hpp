// The long-lived parts every connection needs, owned by the server and passed by reference.
#pragma once

#include "app/auth_service.hpp"
#include "app/embed_service.hpp"
#include "app/hub.hpp"
#include "config/server_config.hpp"
#include "net/connection_limits.hpp"
#include "net/html_pages.hpp"
#include "net/static_files.hpp"

namespace cvw::server::calls {
class call_manager;
}

#include <memory>

namespace cvw::server {

struct server_context {
    const server_config& config;
    auth_service& auth;
    embed_service& embed;
    std::shared_ptr<hub> hub_ptr;
    static_files files;
    std::shared_ptr<html_pages> pages = std::make_shared<html_pages>();
    calls::call_manager* calls = nullptr;
    std::shared_ptr<connection_limits> connections; ///< set by server::start(), once the open-file limit is known
};

} // namespace cvw::server
