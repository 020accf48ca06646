#include "sip/dialog_info_xml.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <string>

namespace cvw::server::sip {

std::string user_of_uri(std::string_view uri) {
    const auto trim = [](std::string_view s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
        return s;
    };
    uri = trim(uri);
    if (uri.starts_with("tel:")) return std::string(uri.substr(4, uri.find_first_of(";?") - 4));
    for (std::string_view scheme : {"sip:", "sips:"}) {
        if (!uri.starts_with(scheme)) continue;
        const auto rest = uri.substr(scheme.size());
        const auto at = rest.find('@');
        if (at == std::string_view::npos) return {};
        return std::string(rest.substr(0, std::min(at, rest.find(';'))));
    }
    return {};
}

std::optional<phone::dialog_info> parse_dialog_info(std::string_view xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8)) return std::nullopt;
    const auto root = doc.child("dialog-info");
    if (!root) return std::nullopt;
    phone::dialog_info info;
    info.full = std::string_view(root.attribute("state").as_string("full")) != "partial";
    for (auto d = root.child("dialog"); d; d = d.next_sibling("dialog")) {
        phone::dialog_report r;
        r.id = d.attribute("id").as_string();
        r.call_id = d.attribute("call-id").as_string();
        r.initiator = std::string_view(d.attribute("direction").as_string()) == "initiator";
        r.state = d.child_value("state");
        const auto identity = d.child("remote").child("identity");
        r.remote_number = user_of_uri(identity.text().as_string());
        r.remote_display = identity.attribute("display").as_string();
        info.dialogs.push_back(std::move(r));
    }
    return info;
}

} // namespace cvw::server::sip
