// Who a user's command reaches: the colleague or number a click-to-call dials, the colleague an
// IM or a meeting invitation goes to. Pure rules over what the directory found, so the hub only looks people up.
#pragma once

#include "cvw/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cvw {

/** Usernames match in any case: the form the directory and the watch lists key on (ASCII lower case). */
std::string username_key(std::string_view typed);

/** A directory entry as these rules need it. */
struct person {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    bool enabled = true;
};

enum class address_refusal {
    no_such_user, ///< unknown or disabled
    yourself,     ///< calling or messaging oneself
};

/** What a click-to-call dials, and whom the page names. */
struct call_target {
    std::string destination; ///< the colleague's cvw address, or the number as typed
    std::string callee_name; ///< the colleague's name; empty for a number
    std::string cvw_user;    ///< the colleague's username; empty for a number
};

/**
 * A click-to-call to `typed`, where `named` is the enabled-or-not directory entry whose username is
 * `typed` (if any). A colleague is called at `address_prefix` + username, so their page rings too
 * (simultaneous ring); anything else is a number for the dial plan to check.
 */
result<call_target, address_refusal> call_target_for(std::string_view typed, const std::optional<person>& named,
                                                     std::int64_t caller_id, std::string_view address_prefix);

/**
 * Why `sender_id` may not reach the colleague `to` (the directory's entry, if any) with an IM or a
 * meeting invitation, if they may not.
 */
std::optional<address_refusal> colleague_refusal(const std::optional<person>& to, std::int64_t sender_id);

} // namespace cvw
