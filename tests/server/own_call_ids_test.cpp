// cvw's own SIP Call-IDs: recognised by any cvw with the same key, and by nothing else.
#include "sip/own_call_ids.hpp"

#include <gtest/gtest.h>

#include <set>

namespace cvw::test {
namespace {

using server::sip::own_call_ids;

const std::string key(64, 'a');
const std::string other_key(64, 'b');

TEST(own_call_ids, a_call_id_made_with_a_key_is_recognised_with_it_and_only_with_it) {
    const own_call_ids ids(key);
    const auto call_id = ids.make("pbx.example.com");
    EXPECT_TRUE(call_id.starts_with("cvw-"));
    EXPECT_TRUE(call_id.ends_with("@pbx.example.com"));
    EXPECT_TRUE(ids.mine(call_id));
    EXPECT_TRUE(own_call_ids(key).mine(call_id));        // after a restart, or in another process
    EXPECT_FALSE(own_call_ids(other_key).mine(call_id)); // another deployment
}

TEST(own_call_ids, each_call_id_is_new) {
    const own_call_ids ids(key);
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(ids.make("h")).second);
}

TEST(own_call_ids, forged_or_foreign_call_ids_are_not_mine) {
    const own_call_ids ids(key);
    auto call_id = ids.make("h");
    auto tampered = call_id;
    tampered[5] = tampered[5] == '0' ? '1' : '0'; // one nonce digit changed
    EXPECT_FALSE(ids.mine(tampered));
    auto retagged = call_id;
    retagged[4 + 16 + 1] = retagged[4 + 16 + 1] == '0' ? '1' : '0'; // one tag digit changed
    EXPECT_FALSE(ids.mine(retagged));
    for (const char* foreign : {"", "cvw-", "abc@host", "cvw-0123456789abcdef-0123456789abcdef@h",
                                "cvw-0123456789abcdef", "6c27a567-6893-1240-6f9e-ee4"})
        EXPECT_FALSE(ids.mine(foreign)) << foreign;
}

TEST(own_call_ids, a_missing_or_bad_key_still_gives_call_ids_this_process_recognises) {
    for (const char* bad : {"", "not hex at all", "abcd"}) {
        const own_call_ids ids(bad);
        EXPECT_TRUE(ids.mine(ids.make("h"))) << bad;
    }
}

} // namespace
} // namespace cvw::test
