// The open tabs: which are greeted, whose they are, and who watches whom. Bookkeeping only: the hub
// guards it with its lock, and it neither reads the database nor knows a command.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace cvw::server {

class websocket_session;

class session_registry {
public:
    struct tab {
        std::shared_ptr<websocket_session> session;
        bool greeted = false;              ///< said hello: commands go through
        bool joined = false;               ///< counted as the user's tab: hears the user's events
        std::string language = "en";       ///< the catalog chosen at hello
        std::vector<std::string> watching; ///< sorted lower-case usernames
    };

    void add(std::shared_ptr<websocket_session> s);
    /**
     * Forgets a tab and what it watched; returns the user it belonged to when it was that user's
     * last joined tab (they went offline), else 0.
     */
    std::int64_t remove(websocket_session* s);
    tab* find(websocket_session* s);
    /** The tab hears the user's events from now on; true when it is the user's first tab (they came online). */
    bool join(websocket_session* s);
    /** Replaces what the tab watches; returns the names it did not watch before. */
    std::vector<std::string> watch(websocket_session* s, std::vector<std::string> usernames);

    /** The user's joined tabs. */
    const std::vector<websocket_session*>& tabs_of(std::int64_t user_id) const;
    /** Tabs watching `username` (lower case) and the user's own tabs, each once. */
    std::vector<websocket_session*> audience_of(std::int64_t user_id, const std::string& username) const;
    /** Every tab counted as its user's (their welcome went out first). */
    template <typename F> void for_each_joined(F&& f) const {
        for (const auto& [key, t] : tabs_)
            if (t.joined) f(key);
    }
    template <typename F> void for_each(F&& f) const {
        for (const auto& [key, t] : tabs_) f(key);
    }
    std::size_t size() const { return tabs_.size(); }
    /** Drops everything (after the I/O threads stopped: breaks tab <-> hub ownership cycles). */
    void clear();

private:
    void unwatch(websocket_session* s, tab& t);

    std::unordered_map<websocket_session*, tab> tabs_;
    std::unordered_map<std::int64_t, std::vector<websocket_session*>> joined_;
    std::unordered_map<std::string, std::unordered_set<websocket_session*>> watchers_;
};

} // namespace cvw::server
