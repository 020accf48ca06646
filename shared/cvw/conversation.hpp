// A conversation between the signed-in user and one contact: participants, IMs and active modalities.
#pragma once

#include "cvw/protocol/messages.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cvw {

enum class modality { im, audio };

/** A message typed here that the server has not yet confirmed. */
struct pending_im {
    std::string client_id;
    std::string text;
    bool operator==(const pending_im&) const = default;
};

/**
 * Merges IMs arriving live, from history pages and from this tab's own sends into one ordered,
 * duplicate-free list. Pure: the browser and the tests drive it with protocol events.
 */
class conversation {
public:
    conversation(std::string self, std::string peer);

    const std::string& self() const { return self_; }
    const std::string& peer() const { return peer_; }

    /** Records a message this tab sends; it stays pending until the server echoes its client_id. */
    void add_pending(std::string client_id, std::string text);
    /** Drops a pending message the server refused. */
    void drop_pending(const std::string& client_id);

    /** Applies a live IM. Returns false if it does not belong here or was already known. */
    bool apply(const protocol::im_received& im);
    /** Merges a history page (older messages). */
    void apply(const protocol::history& page);

    const std::vector<protocol::im_message>& messages() const { return messages_; }
    const std::vector<pending_im>& pending() const { return pending_; }
    /** The id to ask for older history with, or 0 when nothing is loaded. */
    std::int64_t oldest_id() const { return messages_.empty() ? 0 : messages_.front().id; }
    bool has_more_history() const { return has_more_history_; }

    /** Messages from the peer that arrived since mark_read(). */
    int unread() const { return unread_; }
    void mark_read() { unread_ = 0; }

    bool is_active(modality m) const;
    void set_active(modality m, bool active);

private:
    bool belongs(const protocol::im_message& m) const;
    bool insert(const protocol::im_message& m);

    std::string self_;
    std::string peer_;
    std::vector<protocol::im_message> messages_; // sorted by id
    std::vector<pending_im> pending_;
    bool has_more_history_ = true;
    int unread_ = 0;
    bool im_active_ = true;
    bool audio_active_ = false;
};

} // namespace cvw
