// Fuzzes the WebSocket codec: any text a tab sends (or the page receives) decodes or is refused with
// an error event that itself encodes and decodes and has words in the catalog; whatever decodes
// re-encodes to the same message, and its words render whatever its codes and values are.
#include "cvw/i18n/catalog.hpp"
#include "cvw/protocol/codec.hpp"
#include "cvw/protocol/event_text.hpp"
#include "fuzz_check.hpp"

namespace {

using namespace cvw::protocol;

template <class Message, class Decode> void round_trip(const Message& m, Decode decode) {
    const auto encoded = encode(m);
    const auto again = decode(encoded);
    CVW_FUZZ_REQUIRE(again.ok());
    CVW_FUZZ_REQUIRE(*again == m);
    CVW_FUZZ_REQUIRE(encode(*again) == encoded);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto text = cvw::fuzz::text_of(data, size);

    const auto c = decode_command(text);
    if (c) {
        round_trip(*c, decode_command);
    } else {
        // The server's answer to a refused command is a well-formed event the page can read.
        const event answer = to_error_event(c.error());
        CVW_FUZZ_REQUIRE(!std::get<error>(answer).code.empty());
        const auto words = text_of(std::get<error>(answer));
        CVW_FUZZ_REQUIRE(cvw::i18n::catalogs::built_in().fallback().find(words.key) != nullptr);
        CVW_FUZZ_REQUIRE(!cvw::i18n::catalogs::built_in().render("en", words).empty());
        round_trip(answer, decode_event);
    }

    if (const auto e = decode_event(text)) {
        round_trip(*e, decode_event);
        if (const auto words = text_of(*e)) (void)cvw::i18n::catalogs::built_in().render("en", *words);
    }
    return 0;
}
