#include "app/tab_ref.hpp"

#include "cvw/protocol/codec.hpp"
#include "net/websocket_session.hpp"

namespace cvw::server {

void tab_ref::reply(const protocol::event& e) const {
    session->send(std::make_shared<const std::string>(protocol::encode(e)));
}

} // namespace cvw::server
