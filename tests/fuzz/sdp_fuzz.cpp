// Fuzzes the SDP reader with what a phone or the PBX may put in an offer or answer: the audio
// endpoint it finds is usable, and rewriting the origin (as cvw does before passing a description
// on to the other phone) changes nothing else that cvw reads.
#include "cvw/sdp/sdp.hpp"
#include "fuzz_check.hpp"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cvw::sdp;
    const auto text = cvw::fuzz::text_of(data, size);

    const auto audio = audio_of(text);
    if (audio) {
        CVW_FUZZ_REQUIRE(audio->port >= 1 && audio->port <= 65535);
        CVW_FUZZ_REQUIRE(!audio->address.empty() && audio->address != "0.0.0.0");
        CVW_FUZZ_REQUIRE(audio->address.find_first_of(" \n") == std::string::npos);
        const auto& pts = audio->payload_types;
        CVW_FUZZ_REQUIRE(audio->telephone_event == -1 ||
                         std::find(pts.begin(), pts.end(), audio->telephone_event) != pts.end());
        const int g711 = pick_g711(*audio);
        CVW_FUZZ_REQUIRE(g711 == -1 || g711 == 0 || g711 == 8);
    }

    const origin first{.session_id = 4242, .version = 7, .address = "192.0.2.10"};
    origin leg = first;
    const auto rewritten = rewrite_origin(text, leg);
    CVW_FUZZ_REQUIRE(leg.version == 8);
    CVW_FUZZ_REQUIRE(audio_of(rewritten) == audio);
    origin same = first;
    CVW_FUZZ_REQUIRE(rewrite_origin(rewritten, same) == rewritten); // what cvw wrote, it reads back

    // cvw's own offer at the peer's address reads back as exactly what cvw offered.
    if (audio) {
        const auto offer = make_offer(leg, audio->address, audio->port, audio->port % 2 ? 8 : 0);
        const auto mine = audio_of(offer);
        CVW_FUZZ_REQUIRE(mine && mine->address == audio->address && mine->port == audio->port &&
                         mine->telephone_event == 101 && pick_g711(*mine) == (audio->port % 2 ? 8 : 0));
    }
    return 0;
}
