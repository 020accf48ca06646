// What a desk phone is doing, from the dialog-info documents (RFC 4235) the PBX sends about it:
// whether it is in a call (for presence), and each call it finished (for the call log), including
// calls that never touched cvw.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::phone {

/** One <dialog> element, already read from the XML. */
struct dialog_report {
    std::string id;
    std::string call_id;
    std::string state;          ///< trying, proceeding, early, confirmed or terminated (any case)
    bool initiator = false;     ///< direction="initiator": the phone placed the call
    std::string remote_number;  ///< user part of the remote identity
    std::string remote_display; ///< display name of the remote identity, may be empty
};

/** A dialog-info document: every dialog of the phone (full) or only the changed ones (partial). */
struct dialog_info {
    bool full = true;
    std::vector<dialog_report> dialogs;
};

/** How a call seen only on the phone went; stored as the call log's outcome. */
enum class phone_outcome {
    answered,     ///< the call connected (either direction)
    not_answered, ///< the phone called out and nobody answered
    missed,       ///< the phone rang and nobody answered it
};
std::string_view to_string(phone_outcome o);
std::optional<phone_outcome> parse_phone_outcome(std::string_view name);

struct finished_call {
    std::string call_id;
    bool outgoing = false;
    std::string number;
    std::string display;
    std::int64_t started_at_ms = 0;
    std::int64_t answered_at_ms = 0; ///< 0 when it never connected
    std::int64_t ended_at_ms = 0;
    phone_outcome outcome = phone_outcome::answered;
    bool operator==(const finished_call&) const = default;
};

class phone_dialogs {
public:
    /** Takes one document received at `now_ms`; returns the calls it shows to have ended. */
    std::vector<finished_call> update(const dialog_info& info, std::int64_t now_ms);
    /**
     * True while a call is connected, or while the phone dials out (off-hook: the user is busy);
     * a phone that only rings is not in a call.
     */
    bool in_call() const;
    std::size_t tracked() const { return dialogs_.size(); }

private:
    struct tracked_dialog {
        dialog_report last;
        std::int64_t first_seen_ms = 0;
        std::int64_t confirmed_at_ms = 0;
    };
    finished_call finish(const tracked_dialog& d, std::int64_t now_ms);

    std::map<std::string, tracked_dialog> dialogs_; // by dialog id
    // Dialogs already reported as ended, newest last: a PBX that publishes each state change
    // separately can deliver a stale "early" after "terminated", which must not start a new call.
    std::set<std::string> ended_ids_;
    std::deque<std::string> ended_order_;
    static constexpr std::size_t ended_memory = 1024;
};

} // namespace cvw::phone
