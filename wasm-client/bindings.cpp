// embind bindings: exposes the core's codec, conversation model and message catalog to the page.
// No logic here: each function converts between JS values and a core call. The module carries the
// list of languages, not their texts: the page loads the one catalog it shows (useCatalog).
#include "cvw/conversation.hpp"
#include "cvw/i18n/catalog.hpp"
#include "cvw/i18n/catalog_data.hpp"
#include "cvw/protocol/codec.hpp"
#include "cvw/protocol/event_text.hpp"

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <optional>

namespace {

using emscripten::val;
namespace protocol = cvw::protocol;
namespace i18n = cvw::i18n;

val parse_json(const std::string& text) { return val::global("JSON").call<val>("parse", text); }

/** The catalog the page loaded; until then every text shows as its key. */
std::optional<i18n::catalogs> loaded_words;

std::string words(const std::string& language, const i18n::text& t) {
    return loaded_words ? loaded_words->render(language, t) : t.key;
}

val error_value(const protocol::decode_error& e, const std::string& language) {
    val err = val::object();
    err.set("code", std::string(protocol::to_string(e.code)));
    err.set("field", e.field);
    err.set("text", words(language, protocol::text_of(e)));
    val out = val::object();
    out.set("ok", false);
    out.set("error", err);
    return out;
}

/** Validates a command built by the page and returns the canonical text to send. */
val encode_command(const std::string& json_text, const std::string& language) {
    auto c = protocol::decode_command(json_text);
    if (!c) return error_value(c.error(), language);
    val out = val::object();
    out.set("ok", true);
    out.set("text", protocol::encode(*c));
    return out;
}

/**
 * Validates an event from the server; returns it as a plain object. An event a person reads gets
 * `text`, its words in `language`; so does each call of a recent_calls list.
 */
val decode_event(const std::string& json_text, const std::string& language) {
    auto e = protocol::decode_event(json_text);
    if (!e) return error_value(e.error(), language);
    val event = parse_json(protocol::encode(*e));
    if (const auto text = protocol::text_of(*e)) event.set("text", words(language, *text));
    if (const auto* recent = std::get_if<protocol::recent_calls>(&*e)) {
        val calls = event["calls"];
        for (std::size_t i = 0; i < recent->calls.size(); ++i)
            calls[i].set("text", words(language, protocol::text_of(recent->calls[i])));
    }
    val out = val::object();
    out.set("ok", true);
    out.set("event", event);
    return out;
}

/** The catalog's words for `key` in `language`, with values from a JSON object. */
std::string render(const std::string& language, const std::string& key, const std::string& params_json) {
    return words(language, i18n::text_with_json_params(key, params_json));
}

/**
 * Makes `json_text`, the catalog file of `language`, the words of every later render; returns ""
 * or why it was refused (not one of our languages, or a broken file), keeping the words it had.
 */
std::string use_catalog(const std::string& language, const std::string& json_text) {
    const auto& known = i18n::built_in_languages();
    if (std::find(known.begin(), known.end(), language) == known.end()) return "no catalog named '" + language + "'";
    auto parsed = i18n::catalog::parse(language, json_text);
    if (!parsed) return parsed.error();
    loaded_words.emplace(std::vector<i18n::catalog>{std::move(*parsed)});
    return "";
}

/** The catalog language to use for a BCP 47 tag from the browser (English when none fits). */
std::string negotiate_language(const std::string& tag) {
    const auto& known = i18n::built_in_languages();
    return i18n::valid_language_tag(tag) ? i18n::negotiate_language(known, tag) : known.front();
}

/** The catalogs' languages, English first, comma-separated ("en,ko,ru,zh,es,fr"). */
std::string catalog_languages() {
    std::string out;
    for (const auto& language : i18n::built_in_languages()) out += (out.empty() ? "" : ",") + language;
    return out;
}

/** Applies an `im` or `history` event (as text); returns whether the conversation changed. */
bool apply_event(cvw::conversation& c, const std::string& json_text) {
    auto e = protocol::decode_event(json_text);
    if (!e) return false;
    if (auto* im = std::get_if<protocol::im_received>(&*e)) return c.apply(*im);
    if (auto* page = std::get_if<protocol::history>(&*e)) {
        const auto before = c.messages().size();
        c.apply(*page);
        return c.messages().size() != before || !page->has_more;
    }
    return false;
}

val messages_of(const cvw::conversation& c) {
    return parse_json(
        protocol::encode(protocol::event{protocol::history{c.peer(), c.messages(), c.has_more_history()}}))["messages"];
}

val pending_of(const cvw::conversation& c) {
    val list = val::array();
    for (const auto& p : c.pending()) {
        val item = val::object();
        item.set("client_id", p.client_id);
        item.set("text", p.text);
        list.call<void>("push", item);
    }
    return list;
}

double oldest_id(const cvw::conversation& c) { return static_cast<double>(c.oldest_id()); }

std::string protocol_version_text() { return std::to_string(protocol::protocol_version); }

} // namespace

EMSCRIPTEN_BINDINGS(cvw_core) {
    emscripten::function("encodeCommand", &encode_command);
    emscripten::function("decodeEvent", &decode_event);
    emscripten::function("protocolVersion", &protocol_version_text);
    emscripten::function("useCatalog", &use_catalog);
    emscripten::function("render", &render);
    emscripten::function("negotiateLanguage", &negotiate_language);
    emscripten::function("languages", &catalog_languages);

    emscripten::class_<cvw::conversation>("Conversation")
        .constructor<std::string, std::string>()
        .function("addPending", &cvw::conversation::add_pending)
        .function("dropPending", &cvw::conversation::drop_pending)
        .function("applyEvent", &apply_event)
        .function("messages", &messages_of)
        .function("pending", &pending_of)
        .function("oldestId", &oldest_id)
        .function("hasMoreHistory", &cvw::conversation::has_more_history)
        .function("unread", &cvw::conversation::unread)
        .function("markRead", &cvw::conversation::mark_read);
}
