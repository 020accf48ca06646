// Plain values exchanged between the sofia-sip thread and the rest of the server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cvw::server::sip {

/** Identifies one SIP dialog (a call leg) across threads; never reused. */
using leg_id = std::uint64_t;

/** What to put in an initial INVITE. */
struct invite_request {
    std::string to_uri;           ///< sip:1001@pbx.example.com
    std::string from_display;     ///< shown on the called phone; any text (the agent quotes it)
    std::string from_uri;         ///< sip:+14255550000@pbx.example.com
    bool assert_identity = false; ///< also send From's name and URI as P-Asserted-Identity
    std::string sdp;              ///< offer; empty for a late-offer INVITE
    bool auto_answer = false;     ///< ask the phone to pick up by itself (Call-Info: answer-after=0)
};

/**
 * What the SIP stack saw on a leg, reported on the sofia thread and posted onward: raw facts, no
 * decisions. Which request a response answers, and what it means for the call, is for the leg's
 * machine (shared/cvw/call/sip_leg_machine.cpp) to say.
 */
struct leg_event {
    enum class kind {
        provisional, ///< a 1xx (100 included) to our INVITE or re-INVITE; `sdp` when it carried one
        success,     ///< a 2xx to our INVITE or re-INVITE; already ACKed when our request carried an offer
        failure,     ///< a final error to our INVITE or re-INVITE, or the stack's own (408: nobody answered)
        invite,      ///< an INVITE: a new call for cvw (`caller` set), or the peer's re-INVITE on a leg
        ack,         ///< the peer's ACK to our 2xx; `sdp` when it carries the answer
        bye,         ///< a BYE (the stack has answered it 200)
        cancel,      ///< a CANCEL of the peer's INVITE or re-INVITE (the stack answered it, and 487)
        released,    ///< the dialog is gone and every resource of the leg freed
    };
    leg_id leg = 0;
    kind what = kind::failure;
    int status = 0;
    std::string phrase;
    std::string sdp;
    /** For `failure`: false when the stack made the response up (its timeout, a transport error). */
    bool from_peer = true;
    /** For a new call (`invite` on a leg nobody owns yet): who calls whom. */
    struct parties {
        std::string from_user;    ///< user part of the From URI (the caller's number)
        std::string from_display; ///< From display name, unquoted and unescaped; may be empty
        std::string to_user;      ///< user part of the Request-URI (the cvw address or DID called)
    } caller;
};

/** Identifies one event subscription across threads; never reused. */
using subscription_id = std::uint64_t;

/** A SUBSCRIBE (RFC 6665) for an event package of a resource at the PBX. */
struct subscribe_request {
    std::string uri;    ///< the resource, e.g. sip:+14255550101@pbx.example.com
    std::string event;  ///< the package, e.g. "dialog"
    std::string accept; ///< the body type wanted in NOTIFYs, e.g. application/dialog-info+xml
    int expires_seconds = 3600;
};

/** Something that happened to a subscription, reported on the sofia thread and posted onward. */
struct subscription_event {
    enum class kind {
        accepted, ///< a 2xx to the SUBSCRIBE or to a refresh (the stack refreshes by itself)
        notified, ///< a NOTIFY, already answered with 200; `body` is its document
        ended,    ///< refused, failed to refresh, or terminated by the PBX; the handle is gone
    };
    subscription_id id = 0;
    kind what = kind::ended;
    int status = 0;
    std::string body;
    std::optional<int> retry_after; ///< seconds the PBX asked to wait (Retry-After, retry-after=)
    bool deactivated = false;       ///< ended with reason deactivated or timeout: subscribe again at once
};

} // namespace cvw::server::sip
