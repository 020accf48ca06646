// Who is in a meeting as its pages show it, fed by the joins' progress, and the rules of its
// moderation: everyone mutes and unmutes themselves; the organizer mutes or removes others and ends
// the meeting; nobody unmutes someone else; whoever is in it may dial outside numbers in, up to a
// bound, since each is a call paid for. Pure: the meeting service keeps one per live meeting.
#pragma once

#include "cvw/call/meeting_join_types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::meeting {

/** One way into the meeting: a join (its call id), whose it is, and how far it got. */
struct participant {
    std::string participant_id;  ///< the join's call id
    std::int64_t user_id = 0;    ///< 0: an outside number, dialled in or out (no tabs, moderated by the organizer)
    std::int64_t invited_by = 0; ///< an outside number a user dialled in: that user
    std::string name;
    std::string username;
    call::meeting_join::state state = call::meeting_join::state::dialing_out;
    bool muted = false;
    bool talking = false; ///< heard speaking now, as the mixer's tap judges it; only in the meeting
    bool operator==(const participant&) const = default;
};

/** Why a moderation request was refused; the wire's detail is its name. */
enum class moderation_refusal {
    not_in_meeting,      ///< the asker has no way into this meeting (then only the organizer may end it)
    not_organizer,       ///< only the organizer mutes or removes others, and ends the meeting
    no_such_participant, ///< the participant has left (or never was)
    not_joined,          ///< muting waits until the participant's phone is in the mix
    unmute_others,       ///< a person unmutes only themselves
    remove_yourself,     ///< Leave is how one goes
    too_many_numbers,    ///< the meeting has as many dialled-in outside numbers as it may
};

std::string_view to_string(moderation_refusal r);

class roster {
public:
    explicit roster(std::int64_t organizer_id) : organizer_id_(organizer_id) {}

    /** A join's step: a new participant, a change, or (ended) one gone. Whether the roster changed. */
    bool update(const participant& p);

    /** The tap heard the participant start or stop talking. Whether the roster changed. */
    bool set_talking(std::string_view participant_id, bool talking);

    std::optional<moderation_refusal> may_mute(std::int64_t by, std::string_view participant_id, bool muted) const;
    std::optional<moderation_refusal> may_remove(std::int64_t by, std::string_view participant_id) const;
    std::optional<moderation_refusal> may_end(std::int64_t by) const;
    /** Whether `by` may dial one more outside number in: they take part, and fewer than `most` are there. */
    std::optional<moderation_refusal> may_invite_number(std::int64_t by, std::size_t most) const;

    /** In the order they came. */
    const std::vector<participant>& participants() const { return participants_; }
    const participant* find(std::string_view participant_id) const;
    /** The users with a way into the meeting, each once: who hears the roster. */
    std::vector<std::int64_t> audience() const;
    bool empty() const { return participants_.empty(); }
    std::int64_t organizer_id() const { return organizer_id_; }

private:
    bool takes_part(std::int64_t user_id) const;

    std::int64_t organizer_id_;
    std::vector<participant> participants_;
};

} // namespace cvw::meeting
