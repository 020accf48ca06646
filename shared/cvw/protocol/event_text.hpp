// The words a person reads for an event, as catalog texts (a key and its values). The server sends
// only codes; the page (through the wasm module), the CSV export and cvw-admin render these texts
// with the same catalog, so they cannot disagree.
#pragma once

#include "cvw/i18n/text.hpp"
#include "cvw/protocol/messages.hpp"

#include <optional>

namespace cvw::protocol {

/** "error.<code>" or "error.<code>.<detail>", with the field and the error's params. */
i18n::text text_of(const error& e);
i18n::text text_of(const decode_error& e);
/** Why the call ended ("call.ended.<reason>"); empty until it has. */
i18n::text text_of(const call_state& s);
/** How the call went ("incoming.ended.<outcome>"); empty until it has ended. */
i18n::text text_of(const incoming_call& c);
/** Why the way into a meeting ended ("meeting.ended.<reason>"); empty until it has. */
i18n::text text_of(const meeting_state& m);
/** A logged call's outcome: placed from cvw, taken in cvw, or seen only on the desk phone. */
i18n::text text_of(const call_entry& c);
/** Why calls cannot be placed ("service.<reason>"); empty when they can. */
i18n::text text_of(const call_service& s);

/** The text of any event that carries one, e.g. for the page's toast or panel. */
std::optional<i18n::text> text_of(const event& e);

} // namespace cvw::protocol
