// Table-driven test of the SIP leg machine: every (situation x event) pair, both directions, is either
// a row below (the rows of the theory-of-operation comment) or proven ignored; then the races one by one.
#include "cvw/call/sip_leg_machine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

namespace cvw::call::leg {
namespace {

const std::string our_offer = "v=0 our offer";
const std::string our_answer = "v=0 our answer";
const std::string their_sdp = "v=0 their sdp";

std::vector<std::string> drain(sip_leg_machine& m) {
    std::vector<std::string> out;
    command c;
    while (m.next_command(c)) out.push_back(to_string(c));
    return out;
}

std::vector<command> drain_commands(sip_leg_machine& m) {
    std::vector<command> out;
    command c;
    while (m.next_command(c)) out.push_back(c);
    return out;
}

// clang-format off
const std::map<std::string, event> sample_events{
    {"invite_offer", events::invite_requested{our_offer}},
    {"invite_late", events::invite_requested{""}},
    {"ack_answer", events::ack_requested{our_answer}},
    {"reinvite_offer", events::reinvite_requested{our_offer}},
    {"reinvite_asking", events::reinvite_requested{""}},
    {"answer_180", events::answer_requested{180, ""}},
    {"answer_200", events::answer_requested{200, our_answer}},
    {"answer_488", events::answer_requested{488, ""}},
    {"hangup", events::hangup_requested{486}},
    {"provisional_100", events::provisional_received{100, ""}},
    {"provisional_180", events::provisional_received{180, ""}},
    {"success", events::success_received{their_sdp}},
    {"failure_486", events::failure_received{486}},
    {"failure_491", events::failure_received{491}},
    {"failure_481", events::failure_received{481}},
    {"failure_408", events::failure_received{408}},
    {"timeout_408", events::failure_received{408, false}}, // the stack's own: nothing came back
    {"failure_500", events::failure_received{500}},
    {"invite_received", events::invite_received{their_sdp}},
    {"ack_received", events::ack_received{""}},
    {"bye_received", events::bye_received{}},
    {"cancel_received", events::cancel_received{}},
    {"released", events::released{}},
    {"timer_glare", events::timer_fired{leg_timer::glare_retry}},
};
// clang-format on

struct situation {
    leg_direction direction;
    std::vector<std::string> path; ///< sample events from a fresh machine
    state is;
};

const std::vector<std::string> out_confirmed{"invite_offer", "success"};
const std::vector<std::string> in_confirmed{"invite_received", "answer_200", "ack_received"};

std::vector<std::string> then(std::vector<std::string> path, std::initializer_list<std::string> more) {
    path.insert(path.end(), more);
    return path;
}

/** Every situation worth telling apart: a state, and where it matters how the leg got there. */
constexpr auto out = leg_direction::outgoing;
constexpr auto in = leg_direction::incoming;

// clang-format off
const std::map<std::string, situation> path_to{
    {"out.idle", {out, {}, state::idle}},
    {"out.inviting/offer", {out, {"invite_offer"}, state::inviting}},
    {"out.inviting/late", {out, {"invite_late"}, state::inviting}},
    {"out.early/offer", {out, {"invite_offer", "provisional_180"}, state::early}},
    {"out.early/late", {out, {"invite_late", "provisional_180"}, state::early}},
    {"out.answered/late", {out, {"invite_late", "provisional_180", "success"}, state::answered}},
    {"out.confirmed", {out, out_confirmed, state::confirmed}},
    {"out.reinviting/offer", {out, then(out_confirmed, {"reinvite_offer"}), state::reinviting}},
    {"out.reinviting/asking", {out, then(out_confirmed, {"reinvite_asking"}), state::reinviting}},
    {"out.reinvite_answered",
     {out, then(out_confirmed, {"reinvite_asking", "success"}), state::reinvite_answered}},
    {"out.peer_reinviting", {out, then(out_confirmed, {"invite_received"}), state::peer_reinviting}},
    {"out.peer_reinvite_answered",
     {out, then(out_confirmed, {"invite_received", "answer_200"}), state::peer_reinvite_answered}},
    {"out.glare_backoff",
     {out, then(out_confirmed, {"reinvite_offer", "failure_491"}), state::glare_backoff}},
    {"out.peer_reinviting/retry_held",
     {out, then(out_confirmed, {"reinvite_offer", "failure_491", "invite_received"}), state::peer_reinviting}},
    {"out.peer_reinviting/retry_due",
     {out, then(out_confirmed, {"reinvite_offer", "failure_491", "invite_received", "timer_glare"}),
      state::peer_reinviting}},
    {"out.ending/cancel_owed", {out, {"invite_offer", "hangup"}, state::ending}},
    {"out.ending/cancelled", {out, {"invite_late", "provisional_180", "hangup"}, state::ending}},
    {"out.ending/failed", {out, {"invite_offer", "failure_486"}, state::ending}},
    {"out.ending/bye_sent", {out, then(out_confirmed, {"hangup"}), state::ending}},
    {"out.ending/bye_in_reinvite", {out, then(out_confirmed, {"reinvite_asking", "hangup"}), state::ending}},
    {"out.ending/peer_bye", {out, then(out_confirmed, {"bye_received"}), state::ending}},
    {"out.ended", {out, {"invite_offer", "failure_486", "released"}, state::ended}},
    {"in.idle", {in, {}, state::idle}},
    {"in.offered", {in, {"invite_received"}, state::offered}},
    {"in.answered", {in, {"invite_received", "answer_200"}, state::answered}},
    {"in.confirmed", {in, in_confirmed, state::confirmed}},
    {"in.reinviting/offer", {in, then(in_confirmed, {"reinvite_offer"}), state::reinviting}},
    {"in.reinviting/asking", {in, then(in_confirmed, {"reinvite_asking"}), state::reinviting}},
    {"in.reinvite_answered",
     {in, then(in_confirmed, {"reinvite_asking", "success"}), state::reinvite_answered}},
    {"in.peer_reinviting", {in, then(in_confirmed, {"invite_received"}), state::peer_reinviting}},
    {"in.peer_reinvite_answered",
     {in, then(in_confirmed, {"invite_received", "answer_200"}), state::peer_reinvite_answered}},
    {"in.glare_backoff", {in, then(in_confirmed, {"reinvite_offer", "failure_491"}), state::glare_backoff}},
    {"in.peer_reinviting/retry_held",
     {in, then(in_confirmed, {"reinvite_offer", "failure_491", "invite_received"}), state::peer_reinviting}},
    {"in.peer_reinviting/retry_due",
     {in, then(in_confirmed, {"reinvite_offer", "failure_491", "invite_received", "timer_glare"}),
      state::peer_reinviting}},
    {"in.ending/refused", {in, {"invite_received", "hangup"}, state::ending}},
    {"in.ending/cancelled", {in, {"invite_received", "cancel_received"}, state::ending}},
    {"in.ending/bye_sent", {in, then(in_confirmed, {"hangup"}), state::ending}},
    {"in.ended", {in, {"invite_received", "cancel_received", "released"}, state::ended}},
};
// clang-format on

struct row {
    std::string from; ///< a key of path_to
    std::string event;
    state to;
    std::vector<std::string> commands;
};

const std::vector<std::string> all_failures{"failure_486", "failure_491", "failure_481",
                                            "failure_408", "timeout_408", "failure_500"};

/** Before any final response to our INVITE. */
void add_inviting_rows(std::vector<row>& rows, const std::string& from, bool offer, bool heard_back) {
    if (heard_back) {
        rows.push_back({from, "hangup", state::ending, {"send_cancel"}});
    } else {
        rows.push_back({from, "provisional_100", state::early, {}});
        rows.push_back({from, "hangup", state::ending, {}}); // the CANCEL waits for a 1xx (RFC 3261 §9.1)
    }
    rows.push_back({from, "provisional_180", state::early, {"notify_progress(180)"}});
    if (offer) rows.push_back({from, "success", state::confirmed, {"send_ack", "notify_answered(sdp)"}});
    else rows.push_back({from, "success", state::answered, {"notify_answered(sdp)"}});
    rows.push_back({from, "failure_486", state::ending, {"notify_failed(486)"}});
    rows.push_back({from, "failure_491", state::ending, {"notify_failed(491)"}});
    rows.push_back({from, "failure_481", state::ending, {"notify_failed(481)"}});
    // A PBX's own 408 (sofia never shows the application its 100 Trying) says nobody answered; the
    // stack's own says nobody is there, unless the PBX had sent a 1xx.
    rows.push_back({from, "failure_408", state::ending, {"notify_failed(408)"}});
    rows.push_back({from, "timeout_408", state::ending, {heard_back ? "notify_failed(408)" : "notify_failed(503)"}});
    rows.push_back({from, "failure_500", state::ending, {"notify_failed(500)"}});
}

/** While one offer/answer exchange is under way, a second one is refused either way. */
void add_busy_rows(std::vector<row>& rows, const std::string& from, state s) {
    rows.push_back({from, "reinvite_offer", s, {"notify_reinvite_failed(491)"}});
    rows.push_back({from, "reinvite_asking", s, {"notify_reinvite_failed(491)"}});
    if (s != state::peer_reinviting && s != state::glare_backoff)
        rows.push_back({from, "invite_received", s, {"send_response(491)"}});
}

/** The states of an established dialog, the same both ways but for the glare timer. */
void add_dialog_rows(std::vector<row>& rows, const std::string& side, leg_direction d) {
    const std::string glare_timer =
        d == leg_direction::outgoing ? "arm_timer(glare_retry, 2100-4000)" : "arm_timer(glare_retry, 0-2000)";
    const std::string confirmed = side + ".confirmed";
    rows.push_back({confirmed, "reinvite_offer", state::reinviting, {"send_reinvite(sdp)"}});
    rows.push_back({confirmed, "reinvite_asking", state::reinviting, {"send_reinvite"}});
    rows.push_back({confirmed, "invite_received", state::peer_reinviting, {"notify_reinvited(sdp)"}});
    rows.push_back({confirmed, "hangup", state::ending, {"send_bye"}});

    const std::string reinviting_offer = side + ".reinviting/offer";
    const std::string reinviting_asking = side + ".reinviting/asking";
    rows.push_back({reinviting_offer, "success", state::confirmed, {"send_ack", "notify_reinvite_answered(sdp)"}});
    rows.push_back({reinviting_asking, "success", state::reinvite_answered, {"notify_reinvite_answered(sdp)"}});
    for (const std::string& from : {reinviting_offer, reinviting_asking}) {
        rows.push_back({from, "failure_491", state::glare_backoff, {glare_timer}});
        rows.push_back({from, "failure_481", state::ending, {"send_bye", "notify_reinvite_failed(481)"}});
        rows.push_back({from, "failure_408", state::ending, {"send_bye", "notify_reinvite_failed(408)"}});
        rows.push_back({from, "timeout_408", state::ending, {"send_bye", "notify_reinvite_failed(408)"}});
        rows.push_back({from, "failure_486", state::confirmed, {"notify_reinvite_failed(486)"}});
        rows.push_back({from, "failure_500", state::confirmed, {"notify_reinvite_failed(500)"}});
        rows.push_back({from, "hangup", state::ending, {"send_bye"}});
        add_busy_rows(rows, from, state::reinviting);
    }

    const std::string reinvite_answered = side + ".reinvite_answered";
    rows.push_back({reinvite_answered, "ack_answer", state::confirmed, {"send_ack(sdp)"}});
    rows.push_back({reinvite_answered, "hangup", state::ending, {"send_ack_rejecting", "send_bye"}});
    add_busy_rows(rows, reinvite_answered, state::reinvite_answered);

    const std::string peer_reinviting = side + ".peer_reinviting";
    rows.push_back({peer_reinviting, "answer_180", state::peer_reinviting, {"send_response(180)"}});
    rows.push_back({peer_reinviting, "answer_200", state::peer_reinvite_answered, {"send_response(200, sdp)"}});
    rows.push_back({peer_reinviting, "answer_488", state::confirmed, {"send_response(488)"}});
    rows.push_back({peer_reinviting, "invite_received", state::peer_reinviting, {"send_response(500)"}});
    rows.push_back({peer_reinviting, "cancel_received", state::confirmed, {"notify_reinvite_cancelled"}});
    rows.push_back({peer_reinviting, "hangup", state::ending, {"send_response(487)", "send_bye"}});
    add_busy_rows(rows, peer_reinviting, state::peer_reinviting);

    const std::string peer_reinvite_answered = side + ".peer_reinvite_answered";
    rows.push_back({peer_reinvite_answered, "ack_received", state::confirmed, {"notify_acked"}});
    rows.push_back({peer_reinvite_answered, "hangup", state::ending, {"send_bye"}});
    add_busy_rows(rows, peer_reinvite_answered, state::peer_reinvite_answered);

    const std::string glare = side + ".glare_backoff";
    rows.push_back({glare, "timer_glare", state::reinviting, {"send_reinvite(sdp)"}});
    rows.push_back({glare, "invite_received", state::peer_reinviting, {"notify_reinvited(sdp)"}});
    rows.push_back({glare, "hangup", state::ending, {"cancel_timer(glare_retry)", "send_bye"}});
    add_busy_rows(rows, glare, state::glare_backoff);

    // The peer hangs up.
    for (const std::string& from :
         {confirmed, reinviting_offer, reinviting_asking, reinvite_answered, peer_reinvite_answered})
        rows.push_back({from, "bye_received", state::ending, {"notify_hung_up_by_peer"}});
    rows.push_back({peer_reinviting, "bye_received", state::ending, {"send_response(487)", "notify_hung_up_by_peer"}});
    rows.push_back({glare, "bye_received", state::ending, {"cancel_timer(glare_retry)", "notify_hung_up_by_peer"}});

    // The peer's re-INVITE came during our backoff: ours is held behind it, timer armed or fired.
    for (const bool due : {false, true}) {
        const std::string held = side + (due ? ".peer_reinviting/retry_due" : ".peer_reinviting/retry_held");
        const auto cancel = due ? std::vector<std::string>{} : std::vector<std::string>{"cancel_timer(glare_retry)"};
        auto with_cancel = [&](std::vector<std::string> before, std::vector<std::string> after) {
            before.insert(before.end(), cancel.begin(), cancel.end());
            before.insert(before.end(), after.begin(), after.end());
            return before;
        };
        rows.push_back({held, "answer_180", state::peer_reinviting, {"send_response(180)"}});
        rows.push_back({held, "answer_200", state::peer_reinvite_answered,
                        with_cancel({"send_response(200, sdp)"}, {"notify_reinvite_failed(491)"})});
        rows.push_back({held, "answer_488", due ? state::reinviting : state::glare_backoff,
                        due ? std::vector<std::string>{"send_response(488)", "send_reinvite(sdp)"}
                            : std::vector<std::string>{"send_response(488)"}});
        rows.push_back({held, "cancel_received", due ? state::reinviting : state::glare_backoff,
                        due ? std::vector<std::string>{"notify_reinvite_cancelled", "send_reinvite(sdp)"}
                            : std::vector<std::string>{"notify_reinvite_cancelled"}});
        rows.push_back({held, "invite_received", state::peer_reinviting, {"send_response(500)"}});
        rows.push_back({held, "hangup", state::ending, with_cancel({"send_response(487)"}, {"send_bye"})});
        rows.push_back(
            {held, "bye_received", state::ending, with_cancel({"send_response(487)"}, {"notify_hung_up_by_peer"})});
        if (!due) rows.push_back({held, "timer_glare", state::peer_reinviting, {}});
        add_busy_rows(rows, held, state::peer_reinviting);
    }
}

std::vector<row> full_table() {
    std::vector<row> rows{
        {"out.idle", "invite_offer", state::inviting, {"send_invite(sdp)"}},
        {"out.idle", "invite_late", state::inviting, {"send_invite"}},

        {"out.answered/late", "ack_answer", state::confirmed, {"send_ack(sdp)"}},
        {"out.answered/late", "hangup", state::ending, {"send_ack_rejecting", "send_bye"}},
        {"out.answered/late", "bye_received", state::ending, {"notify_hung_up_by_peer"}},

        // Given up before the 2xx: a 1xx lets the owed CANCEL go; a 2xx is ACKed and BYEd, never "answered".
        {"out.ending/cancel_owed", "provisional_100", state::ending, {"send_cancel"}},
        {"out.ending/cancel_owed", "provisional_180", state::ending, {"send_cancel"}},
        {"out.ending/cancel_owed", "success", state::ending, {"send_ack", "send_bye"}},
        {"out.ending/cancelled", "success", state::ending, {"send_ack_rejecting", "send_bye"}},
        // Hung up while our re-INVITE was out: its 2xx still gets its ACK.
        {"out.ending/bye_in_reinvite", "success", state::ending, {"send_ack_rejecting"}},
        {"out.ending/bye_sent", "invite_received", state::ending, {"send_response(487)"}},
        {"out.ending/bye_in_reinvite", "invite_received", state::ending, {"send_response(487)"}},
        {"out.ending/peer_bye", "invite_received", state::ending, {"send_response(487)"}},

        {"in.idle", "invite_received", state::offered, {"notify_incoming(sdp)"}},
        {"in.offered", "answer_180", state::offered, {"send_response(180)"}},
        {"in.offered", "answer_200", state::answered, {"send_response(200, sdp)"}},
        {"in.offered", "answer_488", state::ending, {"send_response(488)"}},
        {"in.offered", "hangup", state::ending, {"send_response(486)"}},
        {"in.offered", "invite_received", state::offered, {"send_response(500)"}},
        {"in.offered", "cancel_received", state::ending, {"notify_hung_up_by_peer"}},
        {"in.offered", "bye_received", state::ending, {"send_response(487)", "notify_hung_up_by_peer"}},

        {"in.answered", "ack_received", state::confirmed, {"notify_acked"}},
        {"in.answered", "hangup", state::ending, {"send_bye"}},
        {"in.answered", "bye_received", state::ending, {"notify_hung_up_by_peer"}},
        {"in.ending/bye_sent", "invite_received", state::ending, {"send_response(487)"}},
    };
    add_inviting_rows(rows, "out.inviting/offer", true, false);
    add_inviting_rows(rows, "out.inviting/late", false, false);
    add_inviting_rows(rows, "out.early/offer", true, true);
    add_inviting_rows(rows, "out.early/late", false, true);
    add_busy_rows(rows, "out.answered/late", state::answered);
    add_busy_rows(rows, "in.answered", state::answered);
    for (const auto& f : all_failures) {
        rows.push_back({"out.ending/cancel_owed", f, state::ending, {}});
        rows.push_back({"out.ending/cancelled", f, state::ending, {}});
        rows.push_back({"out.ending/bye_in_reinvite", f, state::ending, {}});
    }
    add_dialog_rows(rows, "out", leg_direction::outgoing);
    add_dialog_rows(rows, "in", leg_direction::incoming);
    for (const auto& [name, where] : path_to) {
        if (where.is == state::ended) continue;
        const bool glare = where.is == state::glare_backoff || name.ends_with("/retry_held");
        rows.push_back({name, "released", state::ended,
                        glare ? std::vector<std::string>{"cancel_timer(glare_retry)", "notify_released"}
                              : std::vector<std::string>{"notify_released"}});
    }
    return rows;
}

sip_leg_machine machine_in(const std::string& name) {
    const auto& where = path_to.at(name);
    sip_leg_machine m(where.direction);
    for (const auto& step : where.path) EXPECT_TRUE(m.handle(sample_events.at(step))) << name << ": " << step;
    drain(m);
    EXPECT_EQ(m.current(), where.is) << name;
    return m;
}

template <class C> const C& only(const std::vector<command>& commands, std::size_t i) {
    EXPECT_LT(i, commands.size());
    return std::get<C>(commands.at(i));
}

} // namespace

TEST(sip_leg_machine, every_situation_event_pair_is_a_row_or_ignored) {
    const auto rows = full_table();
    int handled = 0, ignored = 0;
    for (const auto& situation_entry : path_to) {
        const std::string from = situation_entry.first; // named, not bound: clang 14 cannot capture bindings
        for (const auto& [event_name, ev] : sample_events) {
            const std::string name = event_name;
            SCOPED_TRACE(from + " x " + name);
            auto m = machine_in(from);
            const state before = m.current();
            const bool result = m.handle(ev);
            const auto commands = drain(m);
            const auto it =
                std::find_if(rows.begin(), rows.end(), [&](const row& r) { return r.from == from && r.event == name; });
            if (it == rows.end()) {
                EXPECT_FALSE(result);
                EXPECT_TRUE(commands.empty());
                EXPECT_EQ(m.current(), before);
                ++ignored;
            } else {
                EXPECT_TRUE(result);
                EXPECT_EQ(to_string(m.current()), to_string(it->to));
                EXPECT_EQ(commands, it->commands);
                ++handled;
            }
        }
    }
    EXPECT_EQ(handled, static_cast<int>(rows.size())); // no row twice, none for a situation that is not there
    EXPECT_EQ(handled + ignored, static_cast<int>(path_to.size() * sample_events.size()));
}

TEST(sip_leg_machine, early_offer_is_acked_at_once_and_late_offer_waits_for_the_answer) {
    sip_leg_machine early(leg_direction::outgoing);
    early.handle(events::invite_requested{our_offer});
    EXPECT_EQ(std::get<commands::send_invite>(drain_commands(early).at(0)).sdp, our_offer);
    EXPECT_TRUE(early.handle(events::success_received{their_sdp}));
    auto sent = drain_commands(early);
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(only<commands::send_ack>(sent, 0).sdp, ""); // the 2xx held the answer: the ACK has no body
    EXPECT_EQ(only<commands::notify_answered>(sent, 1).sdp, their_sdp);
    EXPECT_EQ(early.current(), state::confirmed);
    EXPECT_FALSE(early.handle(events::ack_requested{our_answer})); // already ACKed
    EXPECT_FALSE(early.has_commands());

    sip_leg_machine late(leg_direction::outgoing);
    late.handle(events::invite_requested{""});
    drain(late);
    EXPECT_TRUE(late.handle(events::success_received{their_sdp}));
    sent = drain_commands(late);
    ASSERT_EQ(sent.size(), 1u); // no ACK yet: it must carry the answer to the 2xx's offer
    EXPECT_EQ(only<commands::notify_answered>(sent, 0).sdp, their_sdp);
    EXPECT_EQ(late.current(), state::answered);
    EXPECT_TRUE(late.handle(events::ack_requested{our_answer}));
    sent = drain_commands(late);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(only<commands::send_ack>(sent, 0).sdp, our_answer);
    EXPECT_EQ(late.current(), state::confirmed);
}

TEST(sip_leg_machine, a_provisional_after_the_2xx_is_ignored) {
    auto m = machine_in("out.early/offer");
    EXPECT_TRUE(m.handle(events::success_received{their_sdp}));
    EXPECT_EQ(drain(m), (std::vector<std::string>{"send_ack", "notify_answered(sdp)"}));
    for (int status : {100, 180, 183}) {
        EXPECT_FALSE(m.handle(events::provisional_received{status, their_sdp})) << status;
        EXPECT_FALSE(m.has_commands());
        EXPECT_EQ(m.current(), state::confirmed);
    }
    // Also while the late-offer ACK is still owed: the 1xx changes nothing, the ACK goes as asked.
    auto late = machine_in("out.answered/late");
    EXPECT_FALSE(late.handle(events::provisional_received{180, ""}));
    EXPECT_TRUE(late.handle(events::ack_requested{our_answer}));
    EXPECT_EQ(drain(late), std::vector<std::string>{"send_ack(sdp)"});
}

TEST(sip_leg_machine, a_200_that_crosses_our_cancel_is_acked_and_byed_never_answered) {
    auto m = machine_in("out.early/offer");
    EXPECT_TRUE(m.handle(events::hangup_requested{}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"send_cancel"});
    EXPECT_TRUE(m.handle(events::success_received{their_sdp}));
    EXPECT_EQ(drain(m), (std::vector<std::string>{"send_ack", "send_bye"}));
    EXPECT_FALSE(m.handle(events::success_received{their_sdp})); // a retransmission
    EXPECT_FALSE(m.handle(events::failure_received{487}));       // the CANCEL's 487 lost the race
    EXPECT_FALSE(m.has_commands());
    EXPECT_TRUE(m.handle(events::released{}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_released"});
    EXPECT_EQ(m.current(), state::ended);

    // A late-offer INVITE: that 200 holds an offer, so the ACK must carry a (declining) answer.
    auto late = machine_in("out.early/late");
    late.handle(events::hangup_requested{});
    drain(late);
    EXPECT_TRUE(late.handle(events::success_received{their_sdp}));
    EXPECT_EQ(drain(late), (std::vector<std::string>{"send_ack_rejecting", "send_bye"}));
}

TEST(sip_leg_machine, a_hangup_before_any_response_holds_the_cancel_until_a_provisional) {
    auto m = machine_in("out.inviting/offer");
    EXPECT_TRUE(m.handle(events::hangup_requested{}));
    EXPECT_TRUE(drain(m).empty());
    EXPECT_EQ(m.current(), state::ending);
    EXPECT_TRUE(m.handle(events::provisional_received{100, ""}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"send_cancel"});
    EXPECT_FALSE(m.handle(events::provisional_received{180, ""})); // one CANCEL only
    EXPECT_TRUE(m.handle(events::failure_received{487}));
    EXPECT_TRUE(drain(m).empty()); // the owner hung up: no notify_failed
    EXPECT_FALSE(m.handle(events::provisional_received{180, ""}));

    // Nothing ever comes back: the stack's timeout ends the INVITE, and no CANCEL was ever sent.
    auto silent = machine_in("out.inviting/offer");
    silent.handle(events::hangup_requested{});
    EXPECT_TRUE(silent.handle(events::failure_received{408, false}));
    EXPECT_TRUE(silent.handle(events::released{}));
    EXPECT_EQ(drain(silent), std::vector<std::string>{"notify_released"});
}

TEST(sip_leg_machine, glare_our_reinvite_gets_491_and_goes_again_after_the_rfc_3261_delay) {
    for (auto d : {leg_direction::outgoing, leg_direction::incoming}) {
        SCOPED_TRACE(std::string(to_string(d)));
        auto m = machine_in(d == leg_direction::outgoing ? "out.confirmed" : "in.confirmed");
        EXPECT_TRUE(m.handle(events::reinvite_requested{our_offer}));
        drain(m);
        EXPECT_TRUE(m.handle(events::failure_received{491}));
        auto sent = drain_commands(m);
        ASSERT_EQ(sent.size(), 1u); // nothing for the owner yet: the retry is the leg's own business
        const auto& timer = only<commands::arm_timer>(sent, 0);
        EXPECT_EQ(timer.min_ms, d == leg_direction::outgoing ? 2100 : 0);
        EXPECT_EQ(timer.max_ms, d == leg_direction::outgoing ? 4000 : 2000);
        EXPECT_TRUE(m.handle(events::timer_fired{leg_timer::glare_retry}));
        sent = drain_commands(m);
        ASSERT_EQ(sent.size(), 1u);
        EXPECT_EQ(only<commands::send_reinvite>(sent, 0).sdp, our_offer);    // the same offer again
        EXPECT_FALSE(m.handle(events::timer_fired{leg_timer::glare_retry})); // stale
        EXPECT_TRUE(m.handle(events::success_received{their_sdp}));
        EXPECT_EQ(drain(m), (std::vector<std::string>{"send_ack", "notify_reinvite_answered(sdp)"}));
        EXPECT_EQ(m.current(), state::confirmed);
    }
}

TEST(sip_leg_machine, glare_their_reinvite_while_ours_is_out_gets_491_and_ours_completes) {
    auto m = machine_in("out.reinviting/offer");
    EXPECT_TRUE(m.handle(events::invite_received{their_sdp}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"send_response(491)"});
    EXPECT_EQ(m.current(), state::reinviting);
    EXPECT_TRUE(m.handle(events::success_received{their_sdp}));
    EXPECT_EQ(drain(m), (std::vector<std::string>{"send_ack", "notify_reinvite_answered(sdp)"}));
    // Then their retry is theirs to make, and goes to the owner as usual.
    EXPECT_TRUE(m.handle(events::invite_received{their_sdp}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_reinvited(sdp)"});
}

TEST(sip_leg_machine, glare_their_retry_during_our_backoff_refused_lets_ours_go_when_its_timer_fires) {
    auto m = machine_in("out.glare_backoff");
    EXPECT_TRUE(m.handle(events::invite_received{their_sdp}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_reinvited(sdp)"});
    EXPECT_TRUE(m.handle(events::answer_requested{491, ""}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"send_response(491)"});
    EXPECT_EQ(m.current(), state::glare_backoff);
    EXPECT_TRUE(m.handle(events::timer_fired{leg_timer::glare_retry}));
    auto sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(only<commands::send_reinvite>(sent, 0).sdp, our_offer); // the same offer as before
}

TEST(sip_leg_machine, glare_their_retry_during_our_backoff_accepted_goes_first_and_ours_is_dropped) {
    auto m = machine_in("out.glare_backoff");
    EXPECT_TRUE(m.handle(events::invite_received{their_sdp}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_reinvited(sdp)"});
    EXPECT_TRUE(m.handle(events::answer_requested{200, our_answer}));
    auto sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_EQ(only<commands::send_response>(sent, 0).sdp, our_answer);
    EXPECT_EQ(only<commands::notify_reinvite_failed>(sent, 2).status, 491);
    EXPECT_FALSE(m.handle(events::timer_fired{leg_timer::glare_retry})); // cancelled: nothing is resent
    EXPECT_TRUE(m.handle(events::ack_received{""}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_acked"});
    EXPECT_TRUE(m.handle(events::reinvite_requested{"v=0 a fresh offer"})); // the owner asks again
    EXPECT_EQ(drain(m), std::vector<std::string>{"send_reinvite(sdp)"});
}

TEST(sip_leg_machine, a_second_reinvite_asked_for_is_refused_not_queued) {
    auto m = machine_in("out.reinviting/asking");
    EXPECT_TRUE(m.handle(events::reinvite_requested{our_offer}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_reinvite_failed(491)"});
    EXPECT_EQ(m.current(), state::reinviting);
    EXPECT_TRUE(m.handle(events::success_received{their_sdp}));
    // The first one, unchanged.
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_reinvite_answered(sdp)"});
    EXPECT_TRUE(m.handle(events::ack_requested{our_answer}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"send_ack(sdp)"});
}

TEST(sip_leg_machine, a_refused_reinvite_keeps_the_dialog_but_481_or_408_ends_it) {
    auto kept = machine_in("in.reinviting/offer");
    EXPECT_TRUE(kept.handle(events::failure_received{500}));
    EXPECT_EQ(drain(kept), std::vector<std::string>{"notify_reinvite_failed(500)"});
    EXPECT_EQ(kept.current(), state::confirmed);
    EXPECT_TRUE(kept.handle(events::reinvite_requested{our_offer})); // the session goes on as it was
    EXPECT_EQ(drain(kept), std::vector<std::string>{"send_reinvite(sdp)"});

    for (int status : {481, 408}) {
        auto gone = machine_in("out.reinviting/offer");
        EXPECT_TRUE(gone.handle(events::failure_received{status}));
        const std::string failed = "notify_reinvite_failed(" + std::to_string(status) + ")";
        EXPECT_EQ(drain(gone), (std::vector<std::string>{"send_bye", failed}));
        EXPECT_EQ(gone.current(), state::ending);
        EXPECT_FALSE(gone.handle(events::reinvite_requested{our_offer}));
        EXPECT_TRUE(gone.handle(events::released{}));
        EXPECT_EQ(drain(gone), std::vector<std::string>{"notify_released"});
    }
}

TEST(sip_leg_machine, byes_that_cross_end_cleanly_once_released) {
    for (const char* where : {"out.confirmed", "in.confirmed"}) {
        SCOPED_TRACE(where);
        auto m = machine_in(where);
        EXPECT_TRUE(m.handle(events::hangup_requested{}));
        EXPECT_EQ(drain(m), std::vector<std::string>{"send_bye"});
        EXPECT_FALSE(m.handle(events::bye_received{})); // theirs: the stack answers it; we hung up first
        EXPECT_FALSE(m.has_commands());
        EXPECT_FALSE(m.handle(events::hangup_requested{}));
        EXPECT_TRUE(m.handle(events::released{}));
        EXPECT_EQ(drain(m), std::vector<std::string>{"notify_released"});
        EXPECT_FALSE(m.handle(events::released{}));
        EXPECT_FALSE(m.has_commands());
    }
}

TEST(sip_leg_machine, a_cancel_before_our_answer_hangs_up_the_incoming_leg) {
    auto m = machine_in("in.offered");
    EXPECT_TRUE(m.handle(events::answer_requested{180, ""}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"send_response(180)"});
    EXPECT_TRUE(m.handle(events::cancel_received{}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_hung_up_by_peer"}); // the stack answered 487
    EXPECT_FALSE(m.handle(events::answer_requested{200, our_answer}));       // too late to answer
    EXPECT_FALSE(m.has_commands());
    // After our 2xx a CANCEL means nothing.
    auto answered = machine_in("in.answered");
    EXPECT_FALSE(answered.handle(events::cancel_received{}));
}

TEST(sip_leg_machine, hangup_cancels_byes_or_refuses_as_the_leg_stands) {
    const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
        {"out.early/offer", {"send_cancel"}},
        {"out.confirmed", {"send_bye"}},
        {"in.answered", {"send_bye"}},
        {"in.offered", {"send_response(603)"}},
    };
    for (const auto& [where, expected] : cases) {
        auto m = machine_in(where);
        EXPECT_TRUE(m.handle(events::hangup_requested{603}));
        EXPECT_EQ(drain(m), expected) << where;
        EXPECT_EQ(m.current(), state::ending);
    }
    for (int nonsense : {0, 200, 700}) {
        auto m = machine_in("in.offered");
        m.handle(events::hangup_requested{nonsense});
        EXPECT_EQ(drain(m), std::vector<std::string>{"send_response(480)"}) << nonsense;
    }
}

TEST(sip_leg_machine, the_incoming_offer_and_answers_reach_the_right_side) {
    sip_leg_machine m(leg_direction::incoming);
    EXPECT_FALSE(m.handle(events::invite_requested{our_offer})); // cvw never INVITEs on a leg the peer opened
    EXPECT_TRUE(m.handle(events::invite_received{""}));          // late offer: our 2xx carries the offer
    EXPECT_EQ(std::get<commands::notify_incoming>(drain_commands(m).at(0)).sdp, "");
    EXPECT_TRUE(m.handle(events::answer_requested{200, our_offer}));
    EXPECT_EQ(std::get<commands::send_response>(drain_commands(m).at(0)).sdp, our_offer);
    EXPECT_TRUE(m.handle(events::ack_received{their_sdp}));
    const auto sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(only<commands::notify_acked>(sent, 0).sdp, their_sdp);
}

TEST(sip_leg_machine, an_error_answer_never_carries_sdp_and_odd_statuses_are_ignored) {
    auto m = machine_in("in.peer_reinviting");
    EXPECT_FALSE(m.handle(events::answer_requested{100, ""})); // the stack's own
    EXPECT_FALSE(m.handle(events::answer_requested{700, ""}));
    EXPECT_FALSE(m.handle(events::provisional_received{200, ""}));
    EXPECT_FALSE(m.has_commands());
    EXPECT_TRUE(m.handle(events::answer_requested{488, our_answer}));
    const auto sent = drain_commands(m);
    ASSERT_EQ(sent.size(), 1u);
    EXPECT_EQ(only<commands::send_response>(sent, 0).status, 488);
    EXPECT_EQ(only<commands::send_response>(sent, 0).sdp, "");
}

TEST(sip_leg_machine, a_challenge_the_driver_gave_up_on_is_an_ordinary_failure) {
    // 401/407 answered with credentials never reach the machine; one the driver cannot answer does.
    auto m = machine_in("out.early/offer");
    EXPECT_TRUE(m.handle(events::failure_received{407}));
    EXPECT_EQ(drain(m), std::vector<std::string>{"notify_failed(407)"});
}

TEST(sip_leg_machine, released_ends_every_situation_once) {
    for (const auto& situation_entry : path_to) {
        const std::string name = situation_entry.first;
        SCOPED_TRACE(name);
        auto m = machine_in(name);
        const bool was_ended = m.current() == state::ended;
        EXPECT_EQ(m.handle(events::released{}), !was_ended);
        const auto sent = drain(m);
        if (!was_ended) {
            ASSERT_FALSE(sent.empty());
            EXPECT_EQ(sent.back(), "notify_released");
        }
        EXPECT_EQ(m.current(), state::ended);
        EXPECT_FALSE(m.handle(events::released{}));
        for (const auto& sample : sample_events) EXPECT_FALSE(m.handle(sample.second)) << sample.first;
        EXPECT_FALSE(m.has_commands());
    }
}

TEST(sip_leg_machine, names_for_logs) {
    EXPECT_EQ(to_string(event{events::failure_received{491}}), "failure_received(491)");
    EXPECT_EQ(to_string(event{events::invite_received{their_sdp}}), "invite_received(sdp)");
    EXPECT_EQ(to_string(event{events::bye_received{}}), "bye_received");
    EXPECT_EQ(to_string(command{commands::send_response{200, our_answer}}), "send_response(200, sdp)");
    EXPECT_EQ(to_string(command{commands::arm_timer{leg_timer::glare_retry, 0, 2000}}),
              "arm_timer(glare_retry, 0-2000)");
    EXPECT_EQ(to_string(state::peer_reinvite_answered), "peer_reinvite_answered");
    EXPECT_EQ(to_string(leg_direction::incoming), "incoming");
}

} // namespace cvw::call::leg
