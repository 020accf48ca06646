// The commands a state machine has queued for its driver, taken in order. Empty, it holds no memory:
// a held call keeps several machines, and each would otherwise keep a deque's first block.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace cvw {

template <class Command> class command_queue {
public:
    void push(Command c) {
        if (items_.empty()) items_.reserve(4); // a machine rarely queues more at once
        items_.push_back(std::move(c));
    }

    /** Moves the oldest command into `out`; false when none is left. Safe to push while taking. */
    bool take(Command& out) {
        if (next_ == items_.size()) {
            std::vector<Command>().swap(items_);
            next_ = 0;
            return false;
        }
        out = std::move(items_[next_++]);
        return true;
    }

    bool empty() const { return next_ == items_.size(); }

private:
    std::vector<Command> items_;
    std::size_t next_ = 0;
};

} // namespace cvw
