// Each user's favourite colleagues: kept in the database, sent to every tab and widget of the user
// after welcome and whenever the list changes.
#pragma once

#include "app/directory_service.hpp"
#include "app/fan_out.hpp"
#include "app/tab_ref.hpp"
#include "cvw/protocol/messages.hpp"
#include "store/favourite_store.hpp"

namespace cvw::server {

/** On the services' strand, like the database it writes. */
class favourites_service {
public:
    favourites_service(directory_service& directory, favourite_store& store, fan_out& out);

    /** The list as the user's tabs get it: enabled colleagues, with their presence now. */
    protocol::favourites of(std::int64_t user_id);
    void add(const tab_ref& tab, const protocol::add_favourite& m);
    void remove(const tab_ref& tab, const protocol::remove_favourite& m);

private:
    directory_service& directory_;
    favourite_store& store_;
    fan_out& out_;
};

} // namespace cvw::server
