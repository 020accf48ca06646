// Fuzzes the dialog-info reader (RFC 4235 NOTIFY bodies from the PBX) and the desk-phone state it
// feeds. One input is a series of documents separated by a line "---", received a second apart:
// calls that end are reported with times in order, and a full document leaves only its dialogs.
#include "cvw/phone/phone_dialogs.hpp"
#include "fuzz_check.hpp"
#include "sip/dialog_info_xml.hpp"

#include <set>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cvw;
    constexpr std::string_view separator = "\n---\n";
    auto rest = fuzz::text_of(data, size);
    phone::phone_dialogs phone;
    std::int64_t now_ms = 1'795'766'400'000;
    while (true) {
        const auto end = rest.find(separator);
        const auto body = rest.substr(0, end);
        if (const auto info = server::sip::parse_dialog_info(body)) {
            const auto ended = phone.update(*info, now_ms);
            for (const auto& call : ended) {
                CVW_FUZZ_REQUIRE(call.started_at_ms <= call.ended_at_ms && call.ended_at_ms == now_ms);
                CVW_FUZZ_REQUIRE(call.answered_at_ms == 0 ||
                                 (call.started_at_ms <= call.answered_at_ms && call.answered_at_ms <= now_ms));
                CVW_FUZZ_REQUIRE((call.outcome == phone::phone_outcome::answered) == (call.answered_at_ms != 0));
            }
            if (info->full) {
                std::set<std::string> listed;
                for (const auto& d : info->dialogs)
                    if (!d.id.empty()) listed.insert(d.id);
                CVW_FUZZ_REQUIRE(phone.tracked() <= listed.size());
            }
            (void)phone.in_call();
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + separator.size());
        now_ms += 1000;
    }
    return 0;
}
