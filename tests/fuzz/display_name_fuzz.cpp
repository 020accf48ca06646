// Fuzzes how names reach SIP headers and come back: whatever a directory entry or a caller holds,
// the quoted form can neither end the header nor the quoted-string, it reads back as the cleaned
// text, and cutting it never splits a UTF-8 character.
#include "cvw/sip/display_name.hpp"
#include "fuzz_check.hpp"

namespace {

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cvw::sip;
    const auto text = cvw::fuzz::text_of(data, size);

    const auto clean = clean_display_text(text);
    CVW_FUZZ_REQUIRE(valid_utf8(clean));
    CVW_FUZZ_REQUIRE(clean.find_first_of("\r\n") == std::string::npos);
    CVW_FUZZ_REQUIRE(clean_display_text(clean) == clean);

    const auto quoted = quote_display_name(text);
    CVW_FUZZ_REQUIRE(quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"');
    CVW_FUZZ_REQUIRE(quoted.find_first_of("\r\n") == std::string::npos);
    // Inside the quotes every `"` and `\` is escaped: nothing ends the quoted-string early.
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        if (quoted[i] == '\\') {
            ++i;
            CVW_FUZZ_REQUIRE(i + 1 < quoted.size());
        } else {
            CVW_FUZZ_REQUIRE(quoted[i] != '"');
        }
    }
    CVW_FUZZ_REQUIRE(parse_display_name(quoted) == clean);

    const auto header = name_addr(text, text);
    CVW_FUZZ_REQUIRE(header.find_first_of("\r\n") == std::string::npos);

    parse_display_name(text); // whatever arrives from the network
    for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{100}, size / 2}) {
        const auto cut = truncate_utf8(clean, limit);
        CVW_FUZZ_REQUIRE(cut.size() <= limit && clean.substr(0, cut.size()) == cut);
        CVW_FUZZ_REQUIRE(valid_utf8(cut));
    }
    return 0;
}
