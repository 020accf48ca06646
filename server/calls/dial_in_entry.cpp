#include "calls/dial_in_entry.hpp"

#include "calls/call_trace.hpp"
#include "cvw/overloaded.hpp"

namespace cvw::server::calls {

using namespace cvw::meeting::pin_entry;

dial_in_entry::dial_in_entry(call_clock& clock, std::string call_id, limits l, hooks h)
    : clock_(clock), trace_id_(std::move(call_id) + "/pin"), machine_(l), hooks_(std::move(h)) {}

dial_in_entry::~dial_in_entry() { cancel_timer(); }

void dial_in_entry::cancel_timer() {
    if (digit_timer_) clock_.cancel(digit_timer_);
    digit_timer_ = 0;
}

void dial_in_entry::feed(const event& e) {
    const auto from = machine_.current();
    if (machine_.handle(e)) trace_transition(trace_id_, to_string(from), name_of(e), to_string(machine_.current()));
    command c;
    while (machine_.next_command(c)) execute(c);
}

void dial_in_entry::execute(const command& c) {
    const auto handlers = overloaded{
        [&](const commands::play& cmd) {
            hooks_.play(cmd.which, [this, which = cmd.which] { feed(events::prompt_finished{which}); });
        },
        [&](const commands::stop_prompt&) { hooks_.stop_prompt(); },
        [&](const commands::find_conference& cmd) {
            hooks_.find(cmd.conference_id, [this](std::optional<conference> found) {
                if (!found) return feed(events::conference_unknown{});
                found_ = std::move(found->meeting);
                feed(events::conference_found{std::move(found->pin)});
            });
        },
        [&](const commands::arm_digit_timer& cmd) {
            cancel_timer();
            digit_timer_ = clock_.arm(std::chrono::milliseconds(cmd.after_ms), [this] {
                digit_timer_ = 0;
                feed(events::digit_timer_fired{});
            });
        },
        [&](const commands::cancel_digit_timer&) { cancel_timer(); },
        [&](const commands::finish& cmd) {
            cancel_timer();
            hooks_.done(cmd.how, machine_.wrong_entries(),
                        cmd.how == outcome::admitted ? found_ : std::optional<meeting_details>());
        },
    };
    std::visit(handlers, c);
}

} // namespace cvw::server::calls
