// Presence as watchers see it: who has a tab open, what they chose, and whether their phone is in a
// call (through cvw, or as their desk phone reports). Publishes each change once through the fan-out.
#pragma once

#include "app/fan_out.hpp"
#include "cvw/presence.hpp"
#include "store/user_store.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace cvw::server {

/** On the services' strand, like the database it reads. */
class presence_service {
public:
    /** Who says a phone is in a call: a call through cvw, or the desk phone's own dialog state. */
    enum class call_source { cvw_call, desk_phone };

    presence_service(user_store& users, fan_out& out);

    presence of(std::int64_t user_id) const;
    /** What the user shows once their tab is counted (for the welcome, which comes first). */
    presence once_online(std::int64_t user_id, availability chosen) const;
    bool online(std::int64_t user_id) const { return online_.count(user_id) > 0; }

    /** The user's first tab joined: they show what they chose last. */
    void came_online(std::int64_t user_id);
    /** The user's last tab closed. */
    void went_offline(std::int64_t user_id);
    /** The user picked an availability: stored, and published if it shows. */
    void choose(std::int64_t user_id, availability state);
    /** One source's "in a call" for the user; published only if their presence changed. */
    void set_in_call(call_source source, std::int64_t user_id, bool calling);

private:
    struct online_user {
        std::string username;
        availability chosen = availability::available;
    };

    bool calling(std::int64_t user_id) const;
    void publish(std::int64_t user_id);

    user_store& users_;
    fan_out& out_;
    std::unordered_map<std::int64_t, online_user> online_;
    std::unordered_set<std::int64_t> in_cvw_call_;
    std::unordered_set<std::int64_t> desk_phone_in_call_;
};

} // namespace cvw::server
