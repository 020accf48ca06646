// The thread sofia-sip runs on, and the bridge into it: other threads post tasks, which run on
// the su_root loop; whatever runs there reports back through sinks that only copy and post.
#pragma once

#include "sip/sofia_magic.hpp"

#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>

namespace cvw::server::sip {

/**
 * One su_root loop on its own thread. start() and stop() may be called from any thread but this
 * one; post() from any thread. stop() always joins: after a failed start, twice, or from the
 * destructor, and whether or not the stack ended its loop by itself.
 */
class sofia_thread {
public:
    using task = std::function<void()>;
    /** Runs on the new thread before its loop: sets the stack up; an error message, or empty. */
    using open_fn = std::function<std::string(su_root_t*)>;

    sofia_thread() = default;
    ~sofia_thread() { stop(); }
    sofia_thread(const sofia_thread&) = delete;
    sofia_thread& operator=(const sofia_thread&) = delete;

    /**
     * Starts the thread and runs `open` there; returns its answer once known, and on an error the
     * thread has already ended. stop() posts `shut_down`, which must end with su_root_break() on
     * the loop's root; `close` runs on the thread after the loop, to free what `open` made.
     */
    std::string start(open_fn open, task shut_down, task close);
    /** Runs `fn` on the sofia thread; false (and `fn` dropped) when its loop is not running. */
    bool post(task fn);
    /** Has the stack shut down and joins the thread; does nothing when it is not running. */
    void stop();

private:
    void run(const open_fn& open, std::promise<std::string>& ready);
    /** Queues `fn` on the loop; the caller holds post_mutex_ and has checked root_. */
    bool send_locked(task fn);

    std::mutex lifecycle_mutex_; // start() and stop() one at a time
    std::thread thread_;
    task shut_down_;
    task close_;
    std::mutex post_mutex_; // guards root_, which is set only while the loop runs
    su_root_t* root_ = nullptr;
};

} // namespace cvw::server::sip
