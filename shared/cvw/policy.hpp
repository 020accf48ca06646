// Call Via Work policy: global settings with per-user overrides, resolved to what applies to one user.
#pragma once

#include "cvw/dial_plan.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace cvw {

/** The admin's global policy (config file). */
struct call_via_work_policy {
    bool enabled = true;
    bool use_admin_callback_number = false;
    std::string admin_callback_number; ///< rung for everyone when use_admin_callback_number is on
    std::string global_caller_id;      ///< shown on the desk-phone leg so users know it is their own call
    bool simultaneous_ring = true;
};

/** Per-user overrides set by an admin; an empty optional keeps the global value. */
struct policy_override {
    std::optional<bool> enabled;
    std::optional<std::string> callback_number;
    std::optional<bool> use_admin_callback_number;
    std::optional<std::string> admin_callback_number;
    std::optional<bool> simultaneous_ring;
    bool operator==(const policy_override&) const = default;
};

/** What applies to one user right now. */
struct effective_policy {
    bool enabled = true;
    std::string callback_number; ///< the phone cvw rings first; empty when none is known
    bool user_may_set_callback = true;
    std::string caller_id;
    bool simultaneous_ring = true;
    bool operator==(const effective_policy&) const = default;
};

/**
 * Resolves the policy for a user whose directory desk-phone number is `desk_phone` and who may
 * have chosen their own callback number in the page (honoured only when the admin number is off).
 */
effective_policy resolve_policy(const call_via_work_policy& global, const policy_override& user,
                                const std::string& desk_phone, const std::string& user_chosen_callback);

/** Why cvw will not ring a callback number. */
enum class callback_refusal {
    none_set,       ///< no number to ring
    invalid_number, ///< not something the dial plan can turn into a number
    not_allowed,    ///< a number the dial plan forbids (e.g. a premium or international range)
};

/**
 * The callback number as cvw dials it, or why it may not be rung. The dial plan that gates callees
 * gates the callback number too, whoever set it (the user in the page, an admin override, the admin
 * number or the directory), so one click can never ring a number the plan forbids.
 */
result<dialable_number, callback_refusal> dialable_callback(const dial_plan& plan, std::string_view number);

/** Why a user's own choice of callback number is refused in the page. */
enum class callback_choice_refusal {
    set_by_admin,   ///< the admin's number applies; the user cannot change it
    invalid_number, ///< not a number
    not_allowed,    ///< the dial plan forbids it
};

/**
 * The callback number a user chose in the page, normalised by the dial plan; empty `typed` goes
 * back to the default (the desk phone).
 */
result<std::string, callback_choice_refusal> choose_callback_number(const effective_policy& policy,
                                                                    const dial_plan& plan, std::string_view typed);

/**
 * The desk phone whose dialog state tells cvw a user is in a call: the number cvw rings for them
 * when calls are on and one is known, else their directory number; empty when neither is.
 */
std::string desk_phone_to_watch(const effective_policy& policy, const std::string& directory_number);

} // namespace cvw
