// Resolution of the Call Via Work policy for one user.
#include "cvw/policy.hpp"

namespace cvw {

effective_policy resolve_policy(const call_via_work_policy& global, const policy_override& user,
                                const std::string& desk_phone, const std::string& user_chosen_callback) {
    effective_policy p;
    p.enabled = user.enabled.value_or(global.enabled);
    p.caller_id = global.global_caller_id;
    p.simultaneous_ring = user.simultaneous_ring.value_or(global.simultaneous_ring);

    const bool use_admin = user.use_admin_callback_number.value_or(global.use_admin_callback_number);
    p.user_may_set_callback = !use_admin;
    if (use_admin) {
        p.callback_number = user.admin_callback_number.value_or(global.admin_callback_number);
    } else if (!user_chosen_callback.empty()) {
        p.callback_number = user_chosen_callback;
    } else {
        p.callback_number = user.callback_number.value_or(desk_phone);
    }
    return p;
}

result<dialable_number, callback_refusal> dialable_callback(const dial_plan& plan, std::string_view number) {
    if (number.empty()) return callback_refusal::none_set;
    auto checked = plan.check(number);
    if (checked) return std::move(*checked);
    return checked.error() == dial_error::not_allowed ? callback_refusal::not_allowed
                                                      : callback_refusal::invalid_number;
}

result<std::string, callback_choice_refusal> choose_callback_number(const effective_policy& policy,
                                                                    const dial_plan& plan, std::string_view typed) {
    if (!policy.user_may_set_callback) return callback_choice_refusal::set_by_admin;
    if (typed.empty()) return std::string();
    auto checked = plan.check(typed);
    if (checked) return std::move(checked->number);
    return checked.error() == dial_error::invalid_number ? callback_choice_refusal::invalid_number
                                                         : callback_choice_refusal::not_allowed;
}

std::string desk_phone_to_watch(const effective_policy& policy, const std::string& directory_number) {
    return policy.enabled && !policy.callback_number.empty() ? policy.callback_number : directory_number;
}

} // namespace cvw
