#include "cvw/addressing.hpp"

#include "cvw/ascii.hpp"

namespace cvw {

std::string username_key(std::string_view typed) { return ascii_lower(typed); }

result<call_target, address_refusal> call_target_for(std::string_view typed, const std::optional<person>& named,
                                                     std::int64_t caller_id, std::string_view address_prefix) {
    if (!named || !named->enabled) return call_target{std::string(typed), {}, {}};
    if (named->id == caller_id) return address_refusal::yourself;
    return call_target{std::string(address_prefix) + named->username, named->display_name, named->username};
}

std::optional<address_refusal> colleague_refusal(const std::optional<person>& to, std::int64_t sender_id) {
    if (!to || !to->enabled) return address_refusal::no_such_user;
    if (to->id == sender_id) return address_refusal::yourself;
    return std::nullopt;
}

} // namespace cvw
