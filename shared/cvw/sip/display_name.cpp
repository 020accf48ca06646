// Display names in SIP: cleaning, quoting, parsing and cutting, byte by byte with no allocation tricks.
#include "cvw/sip/display_name.hpp"

namespace cvw::sip {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD"; // U+FFFD

/** Length of the valid UTF-8 sequence at text[at] (RFC 3629), or 0 when the bytes there are not one. */
std::size_t sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // the range allowed for the second byte
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead == 0xE0) length = 3, low = 0xA0;
    else if (lead >= 0xE1 && lead <= 0xEF) length = 3, high = lead == 0xED ? 0x9F : 0xBF; // no surrogates
    else if (lead == 0xF0) length = 4, low = 0x90;
    else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
    else if (lead == 0xF4) length = 4, high = 0x8F; // nothing above U+10FFFF
    else return 0;
    if (at + length > text.size()) return 0;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i)
        if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
    return length;
}

/** C0 controls, DEL and the C1 controls (U+0080..U+009F, encoded C2 80..C2 9F). */
bool is_control(std::string_view sequence) {
    const auto lead = static_cast<unsigned char>(sequence[0]);
    if (sequence.size() == 1) return lead < 0x20 || lead == 0x7F;
    return sequence.size() == 2 && lead == 0xC2 && static_cast<unsigned char>(sequence[1]) < 0xA0;
}

bool is_lws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim_lws(std::string_view s) {
    while (!s.empty() && is_lws(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_lws(s.back())) s.remove_suffix(1);
    return s;
}

} // namespace

std::string clean_display_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const auto length = sequence_length(text, at);
        if (length == 0) {
            out += replacement;
            ++at;
            continue;
        }
        const auto sequence = text.substr(at, length);
        at += length;
        if (sequence == "\t") out += ' ';
        else if (!is_control(sequence)) out += sequence;
    }
    return out;
}

std::string quote_display_name(std::string_view text) {
    const auto clean = clean_display_text(text);
    std::string out;
    out.reserve(clean.size() + 2);
    out += '"';
    for (const char c : clean) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::string parse_display_name(std::string_view wire) {
    const auto text = trim_lws(wire);
    std::string raw;
    raw.reserve(text.size());
    if (!text.empty() && text.front() == '"') {
        for (std::size_t at = 1; at < text.size(); ++at) {
            if (text[at] == '"') break;
            if (text[at] == '\\') {
                if (++at == text.size()) break; // a lone backslash before the end escapes nothing
            }
            raw += text[at];
        }
    } else {
        // Token form: `*(token LWS)`; runs of whitespace read as one space.
        for (const char c : text) {
            if (!is_lws(c)) raw += c;
            else if (raw.back() != ' ') raw += ' '; // text is trimmed, so raw is not empty here
        }
    }
    return clean_display_text(raw);
}

std::string_view truncate_utf8(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t cut = max_bytes;
    // text[cut] is the first byte left out: step back until it starts a character.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

std::string name_addr(std::string_view display, std::string_view uri) {
    std::string out;
    if (!clean_display_text(display).empty()) out = quote_display_name(display) + ' ';
    out += '<';
    for (const char c : uri) {
        const auto b = static_cast<unsigned char>(c);
        if (b <= 0x20 || b >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\') {
            constexpr char hex[] = "0123456789ABCDEF";
            out += '%';
            out += hex[b >> 4];
            out += hex[b & 0x0F];
        } else {
            out += c;
        }
    }
    out += '>';
    return out;
}

} // namespace cvw::sip
