// The colleagues each user last wrote to, heard from or called: the sidebar's recent contacts, kept
// across sign-outs since they are read from the IM history and the call log.
#pragma once

#include "app/directory_service.hpp"
#include "app/tab_ref.hpp"
#include "config/server_config.hpp"
#include "cvw/protocol/messages.hpp"
#include "store/call_log.hpp"
#include "store/message_store.hpp"

namespace cvw::server {

/** On the services' strand, like the database it reads. */
class recent_contacts_service {
public:
    recent_contacts_service(const server_config& config, directory_service& directory, message_store& messages,
                            call_log& log);

    /** Enabled colleagues with their presence now, newest exchange first. */
    protocol::recent_contacts of(std::int64_t user_id, int limit);
    void get(const tab_ref& tab, const protocol::get_recent_contacts& m);

private:
    /** The colleague a logged call was with (0: none): by their number, or the username a call by name logs. */
    std::int64_t colleague_of(const std::string& number);

    const server_config& config_;
    directory_service& directory_;
    message_store& messages_;
    call_log& log_;
};

} // namespace cvw::server
