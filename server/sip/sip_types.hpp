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
    std::string to_uri;          ///< sip:1001@pbx.example.com
    std::string from_display;    ///< shown on the called phone; any text (the agent quotes it)
    std::string from_uri;        ///< sip:+14255550000@pbx.example.com
    bool assert_identity = false; ///< also send From's name and URI as P-Asserted-Identity
    std::string sdp;             ///< offer; empty for a late-offer INVITE
    bool auto_answer = false;    ///< ask the phone to pick up by itself (Call-Info: answer-after=0)
};

/** Something that happened on a leg, reported on the sofia thread and posted onward. */
struct leg_event {
    enum class kind {
        progress,          ///< 1xx to the initial INVITE (180, 183); `sdp` when it carried one
        answered,          ///< 2xx to the initial INVITE; must be ACKed with ack()
        failed,            ///< final error to the initial INVITE (status >= 300, or a local failure)
        reinvite_answered, ///< 2xx to our re-INVITE; must be ACKed with ack()
        reinvite_failed,   ///< error to our re-INVITE
        reinvited,         ///< the phone sent a re-INVITE (hold, resume); `sdp` is its offer or empty;
                           ///< answer it with answer_reinvite()
        acked,             ///< the phone ACKed our 2xx (to its re-INVITE, or to its call); `sdp` if it answers
        incoming,          ///< a new call for cvw (see `caller`); answer it with respond()
        hung_up_by_peer,   ///< BYE received (already answered with 200)
        released,          ///< the dialog is gone and every resource of the leg freed
    };
    leg_id leg = 0;
    kind what = kind::failed;
    int status = 0;
    std::string phrase;
    std::string sdp;
    /** For `incoming`: who calls whom. */
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
    std::string uri;   ///< the resource, e.g. sip:+14255550101@pbx.example.com
    std::string event; ///< the package, e.g. "dialog"
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
