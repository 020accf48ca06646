// Instant messages between users: stored first, then delivered to every tab of both people.
#pragma once

#include "app/directory_service.hpp"
#include "app/fan_out.hpp"
#include "app/tab_ref.hpp"
#include "cvw/protocol/messages.hpp"
#include "store/message_store.hpp"

namespace cvw::server {

/** On the services' strand, like the database it writes. */
class im_service {
public:
    im_service(directory_service& directory, message_store& messages, fan_out& out);

    void send(const tab_ref& tab, const protocol::send_im& m);
    void history(const tab_ref& tab, const protocol::get_history& m);

private:
    directory_service& directory_;
    message_store& messages_;
    fan_out& out_;
};

} // namespace cvw::server
