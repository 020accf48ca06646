#include "fake_presence_server.hpp"

#include <boost/asio/ip/address.hpp>

#include <sstream>

namespace cvw::bench {

namespace net = boost::asio;

namespace {

/** The value of the first header `name` (full form, case-sensitive as sofia-sip writes them). */
std::string header(const std::string& text, const std::string& name) {
    const auto at = text.find("\r\n" + name + ":");
    if (at == std::string::npos) return {};
    auto start = at + name.size() + 3;
    while (start < text.size() && text[start] == ' ') ++start;
    return text.substr(start, text.find("\r\n", start) - start);
}

/** "<sip:x@h:p>;expires=1" -> "sip:x@h:p" */
std::string uri_in(const std::string& value) {
    const auto open = value.find('<');
    if (open == std::string::npos) return value.substr(0, value.find(';'));
    return value.substr(open + 1, value.find('>', open) - open - 1);
}

std::string user_of(const std::string& uri) {
    const auto colon = uri.find(':');
    return uri.substr(colon + 1, uri.find('@') - colon - 1);
}

} // namespace

fake_presence_server::fake_presence_server(net::io_context& ioc)
    : socket_(ioc, net::ip::udp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
    receive();
}

void fake_presence_server::receive() {
    socket_.async_receive_from(net::buffer(buffer_), sender_, [this](boost::system::error_code ec, std::size_t n) {
        if (ec == net::error::operation_aborted) return;
        if (!ec) on_request(std::string(buffer_.data(), n));
        receive();
    });
}

void fake_presence_server::on_request(const std::string& text) {
    if (text.rfind("SUBSCRIBE ", 0) != 0) return; // answers to our NOTIFYs need nothing
    const auto to = header(text, "To");
    const auto number = user_of(uri_in(to));
    auto& d = dialogs_[number];
    if (d.call_id.empty()) {
        d.call_id = header(text, "Call-ID");
        d.local_tag = "pbx" + std::to_string(next_tag_++);
        d.remote_from = header(text, "From");
        d.remote_target = uri_in(header(text, "Contact"));
        d.peer = sender_;
    }
    const auto expires = header(text, "Expires");
    std::ostringstream ok;
    ok << "SIP/2.0 200 OK\r\nVia: " << header(text, "Via") << "\r\nFrom: " << header(text, "From") << "\r\nTo: " << to
       << (to.find(";tag=") == std::string::npos ? ";tag=" + d.local_tag : "") << "\r\nCall-ID: " << d.call_id
       << "\r\nCSeq: " << header(text, "CSeq") << "\r\nContact: <sip:pbx@127.0.0.1:" << port()
       << ">\r\nExpires: " << (expires.empty() ? "3600" : expires) << "\r\nContent-Length: 0\r\n\r\n";
    const auto answer = ok.str();
    socket_.send_to(net::buffer(answer), sender_);
    if (d.version == 0) notify(number, false); // RFC 6665: a NOTIFY right after the subscription
}

bool fake_presence_server::notify(const std::string& number, bool in_call) {
    auto it = dialogs_.find(number);
    if (it == dialogs_.end()) return false;
    auto& d = it->second;
    std::string body = "<?xml version=\"1.0\"?>\n<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"" +
                       std::to_string(d.version++) + "\" state=\"full\" entity=\"sip:" + number + "@127.0.0.1\">\n";
    if (in_call)
        body += "<dialog id=\"d" + std::to_string(d.version) + "\" call-id=\"bench-" + number + "-" +
                std::to_string(d.version) +
                "\" direction=\"initiator\"><state>confirmed</state><remote><identity>sip:1002@127.0.0.1</identity>"
                "</remote></dialog>\n";
    body += "</dialog-info>\n";
    const auto cseq = d.cseq++;
    std::ostringstream m;
    m << "NOTIFY " << d.remote_target << " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" << port() << ";branch=z9hG4bKb"
      << d.local_tag << "n" << cseq << "\r\nMax-Forwards: 70\r\nFrom: <sip:" << number
      << "@127.0.0.1>;tag=" << d.local_tag << "\r\nTo: " << d.remote_from << "\r\nCall-ID: " << d.call_id
      << "\r\nCSeq: " << cseq << " NOTIFY\r\nContact: <sip:pbx@127.0.0.1:" << port()
      << ">\r\nEvent: dialog\r\nSubscription-State: active;expires=3600\r\n"
         "Content-Type: application/dialog-info+xml\r\nContent-Length: "
      << body.size() << "\r\n\r\n"
      << body;
    const auto text = m.str();
    socket_.send_to(net::buffer(text), d.peer);
    return true;
}

} // namespace cvw::bench
