// The claims an embed token must carry: each rule broken alone gets its own refusal.
#include "cvw/embed/embed_token_rules.hpp"

#include <gtest/gtest.h>

namespace cvw::embed {
namespace {

constexpr std::int64_t now = 1'800'000'000;

embed_claims good() {
    return {.issuer = "crm",
            .audience = "cvw",
            .subject = "alice",
            .token_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            .issued_at = now - 5,
            .expires_at = now + 55};
}

TEST(embed_token_rules, a_fresh_token_for_this_portal_passes) {
    EXPECT_EQ(check_claims(good(), "crm", now), std::nullopt);
}

TEST(embed_token_rules, each_broken_rule_is_named) {
    struct row {
        const char* what;
        void (*spoil)(embed_claims&);
        token_refusal expected;
    };
    const row rows[] = {
        {"no subject", [](embed_claims& c) { c.subject.clear(); }, token_refusal::malformed},
        {"subject too long", [](embed_claims& c) { c.subject.assign(65, 'a'); }, token_refusal::malformed},
        {"no jti", [](embed_claims& c) { c.token_id.clear(); }, token_refusal::malformed},
        {"jti with a space", [](embed_claims& c) { c.token_id = "a b"; }, token_refusal::malformed},
        {"jti too long", [](embed_claims& c) { c.token_id.assign(65, 'f'); }, token_refusal::malformed},
        {"no iat", [](embed_claims& c) { c.issued_at = 0; }, token_refusal::malformed},
        {"exp before iat", [](embed_claims& c) { c.expires_at = c.issued_at; }, token_refusal::malformed},
        {"another portal", [](embed_claims& c) { c.issuer = "hr"; }, token_refusal::wrong_issuer},
        {"another audience", [](embed_claims& c) { c.audience = "janus"; }, token_refusal::wrong_audience},
        {"lives 121 s", [](embed_claims& c) { c.expires_at = c.issued_at + 121; }, token_refusal::too_long_lived},
        {"issued 31 s ahead",
         [](embed_claims& c) {
             c.issued_at = now + 31;
             c.expires_at = now + 90;
         },
         token_refusal::not_yet_valid},
        {"expired 30 s ago",
         [](embed_claims& c) {
             c.issued_at = now - 120;
             c.expires_at = now - 30;
         },
         token_refusal::expired},
    };
    for (const auto& r : rows) {
        auto c = good();
        r.spoil(c);
        EXPECT_EQ(check_claims(c, "crm", now), r.expected) << r.what;
    }
}

TEST(embed_token_rules, the_limits_themselves_pass) {
    auto two_minutes = good();
    two_minutes.expires_at = two_minutes.issued_at + 120;
    EXPECT_EQ(check_claims(two_minutes, "crm", now), std::nullopt);

    auto within_skew = good();
    within_skew.issued_at = now - 100;
    within_skew.expires_at = now - 29; // expired 29 s ago: the clocks may disagree that much
    EXPECT_EQ(check_claims(within_skew, "crm", now), std::nullopt);

    auto early = good();
    early.issued_at = now + 30;
    early.expires_at = now + 90;
    EXPECT_EQ(check_claims(early, "crm", now), std::nullopt);
}

TEST(embed_token_rules, refusals_have_wire_names) {
    EXPECT_EQ(to_string(token_refusal::replayed), "replayed");
    EXPECT_EQ(to_string(token_refusal::bad_signature), "bad_signature");
    EXPECT_EQ(to_string(token_refusal::unknown_user), "unknown_user");
}

} // namespace
} // namespace cvw::embed
