// Conference ID and PIN entry on the meeting bridge, all transitions in one place.
//
// Theory of operation
// -------------------
// A caller dialled the bridge and cvw answered from its own RTP port: nothing of theirs reaches the
// mixer until this machine admits them. A prompt asks for the conference ID; keys may come while
// it plays (the first one stops it). '#' ends an entry, and so does quiet (`digit_ms` after the
// prompt or the last key), for phones where '#' is awkward; '*' starts the entry over. The meeting
// service looks the ID up; then a prompt asks for the PIN, compared here in constant time. Wrong
// entries (IDs and PINs together) and prompts met with silence are allowed `attempts` times each;
// then cvw says goodbye and the driver hangs up, counting a wrong entry against the caller's
// number (meeting/dial_in_lockout). The digit timer runs only while no prompt plays.
//
// state              event                            -> state              commands
// idle               started                          -> asking_conference  play enter_conference
// asking_*           prompt_finished (its prompt)     -> same               arm digit
// asking_*           key 0-9                          -> same               first key: stop_prompt; kept (up to `longest`), re-arm digit
// asking_*           key '*'                          -> same               entry cleared, cancel digit, stop_prompt, play its prompt
// asking_*           key '#' with an empty entry      ignored
// asking_conference  key '#' / digit timer, entry     -> finding            cancel digit, find_conference
// asking_pin         key '#' / digit timer, right PIN -> admitted           cancel digit, finish(admitted)
// asking_pin         key '#' / digit timer, wrong     -> asking_pin         (tries left) cancel digit, play wrong_pin
//                                                     -> saying_goodbye     (none left) cancel digit, play goodbye
// asking_*           digit timer, empty entry         -> same               (silences left) play its prompt again
//                                                     -> saying_goodbye     (none left: no_entry) play goodbye
// finding            conference_found(pin)            -> asking_pin         play enter_pin
// finding            conference_unknown               -> asking_conference  (tries left) play wrong_conference
//                                                     -> saying_goodbye     (none left) play goodbye
// saying_goodbye     prompt_finished goodbye          -> refused            finish(why)
// asking_*, finding, saying_goodbye: caller_hung_up   -> refused            cancel digit (if armed), stop_prompt (if playing), finish(caller_hung_up)
// every other (state, event) pair is ignored: handle() returns false and nothing changes.
#include "cvw/meeting/pin_entry_machine.hpp"

#include "cvw/overloaded.hpp"

namespace cvw::meeting::pin_entry {
namespace {

/** Equal, taking as long whatever the first difference: the PIN is not timed out of cvw key by key. */
bool same_pin(const std::string& keyed, const std::string& pin) {
    if (keyed.size() != pin.size() || pin.empty()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < pin.size(); ++i)
        diff = static_cast<unsigned char>(diff |
                                          (static_cast<unsigned char>(keyed[i]) ^ static_cast<unsigned char>(pin[i])));
    return diff == 0;
}

bool asking(state s) { return s == state::asking_conference || s == state::asking_pin; }

} // namespace

void pin_entry_machine::play(prompt p) {
    emit(commands::play{p});
    prompt_playing_ = true;
}

void pin_entry_machine::cancel_timer() {
    if (timer_armed_) emit(commands::cancel_digit_timer{});
    timer_armed_ = false;
}

void pin_entry_machine::arm_timer() {
    cancel_timer();
    emit(commands::arm_digit_timer{limits_.digit_ms});
    timer_armed_ = true;
}

void pin_entry_machine::ask(state s, prompt p) {
    entry_.clear();
    state_ = s;
    play(p);
}

void pin_entry_machine::goodbye(outcome why) {
    cancel_timer();
    if (prompt_playing_) emit(commands::stop_prompt{});
    outcome_ = why;
    state_ = state::saying_goodbye;
    play(prompt::goodbye);
}

void pin_entry_machine::wrong(prompt again, outcome if_last) {
    if (++wrong_entries_ >= limits_.attempts) return goodbye(if_last);
    ask(again == prompt::wrong_pin ? state::asking_pin : state::asking_conference, again);
}

bool pin_entry_machine::on_key(char key) {
    if (!asking(state_)) return false;
    if (key == '#') return on_entry_done();
    if (key == '*') {
        cancel_timer();
        if (prompt_playing_) emit(commands::stop_prompt{});
        ask(state_, state_ == state::asking_pin ? prompt::enter_pin : prompt::enter_conference);
        return true;
    }
    if (key < '0' || key > '9') return false;
    if (prompt_playing_) {
        emit(commands::stop_prompt{});
        prompt_playing_ = false;
    }
    if (entry_.size() <= limits_.longest) entry_ += key; // one over the longest marks it wrong; never cut to fit
    arm_timer();
    return true;
}

bool pin_entry_machine::on_entry_done() {
    if (entry_.empty()) return false;
    cancel_timer();
    const bool too_long = entry_.size() > limits_.longest; // nobody's ID or PIN, whatever it starts with
    if (state_ == state::asking_conference) {
        if (too_long) {
            wrong(prompt::wrong_conference, outcome::wrong_conference);
            return true;
        }
        state_ = state::finding;
        emit(commands::find_conference{entry_});
        conference_id_ = entry_;
        return true;
    }
    if (!too_long && same_pin(entry_, pin_)) {
        state_ = state::admitted;
        outcome_ = outcome::admitted;
        emit(commands::finish{outcome::admitted});
        return true;
    }
    wrong(prompt::wrong_pin, outcome::wrong_pin);
    return true;
}

bool pin_entry_machine::handle(const event& e) {
    using namespace events;
    const state s = state_;
    const auto handlers = overloaded{
        [&](const started&) {
            if (s != state::idle) return false;
            ask(state::asking_conference, prompt::enter_conference);
            return true;
        },
        [&](const key_pressed& ev) { return on_key(ev.key); },
        [&](const conference_found& ev) {
            if (s != state::finding) return false;
            pin_ = ev.pin;
            ask(state::asking_pin, prompt::enter_pin);
            return true;
        },
        [&](const conference_unknown&) {
            if (s != state::finding) return false;
            conference_id_.clear();
            wrong(prompt::wrong_conference, outcome::wrong_conference);
            return true;
        },
        [&](const prompt_finished& ev) {
            if (!prompt_playing_) return false;
            if (s == state::saying_goodbye && ev.which == prompt::goodbye) {
                prompt_playing_ = false;
                state_ = state::refused;
                emit(commands::finish{outcome_});
                return true;
            }
            if (!asking(s) || ev.which == prompt::goodbye) return false;
            prompt_playing_ = false;
            arm_timer();
            return true;
        },
        [&](const digit_timer_fired&) {
            if (!asking(s) || !timer_armed_) return false;
            timer_armed_ = false;
            if (!entry_.empty()) return on_entry_done();
            if (++silences_ >= limits_.attempts) {
                goodbye(outcome::no_entry);
                return true;
            }
            ask(s, s == state::asking_pin ? prompt::enter_pin : prompt::enter_conference);
            return true;
        },
        [&](const caller_hung_up&) {
            if (!asking(s) && s != state::finding && s != state::saying_goodbye) return false;
            cancel_timer();
            if (prompt_playing_) emit(commands::stop_prompt{});
            prompt_playing_ = false;
            state_ = state::refused;
            outcome_ = outcome::caller_hung_up;
            emit(commands::finish{outcome::caller_hung_up});
            return true;
        },
    };
    return std::visit(handlers, e);
}

} // namespace cvw::meeting::pin_entry
