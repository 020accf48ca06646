// su_root on a dedicated thread, reached through su_msg: each posted task travels as a message to
// the loop's own task and runs there.
#include "sip/sofia_thread.hpp"

#include <chrono>
#include <exception>
#include <memory>

namespace cvw::server::sip {

/** The payload of one su_msg: the task, owned here until it runs or the message is dropped. */
struct posted_task {
    sofia_thread::task* fn;
};

namespace {

void deliver(su_root_magic_t*, su_msg_r, posted_task* slot) {
    std::unique_ptr<sofia_thread::task> fn(slot->fn);
    slot->fn = nullptr;
    if (fn) (*fn)();
}

/** A message that never ran (its loop ended first) frees its task here. */
void drop(posted_task* slot) {
    delete slot->fn;
    slot->fn = nullptr;
}

} // namespace

std::string sofia_thread::start(open_fn open, task shut_down, task close) {
    std::lock_guard lifecycle(lifecycle_mutex_);
    if (thread_.joinable()) return "the SIP stack is already running";
    shut_down_ = std::move(shut_down);
    close_ = std::move(close);
    std::promise<std::string> ready;
    auto answer = ready.get_future();
    thread_ = std::thread([this, &ready, open = std::move(open)] { run(open, ready); });
    std::string error = answer.get();
    if (!error.empty()) thread_.join();
    return error;
}

void sofia_thread::run(const open_fn& open, std::promise<std::string>& ready) {
    su_init();
    su_root_t* root = su_root_create(nullptr);
    std::string error = root ? "" : "sofia-sip could not create its event loop";
    if (root) {
        su_root_threading(root, 0); // keep the NUA stack on this thread too
        try {
            error = open(root);
        } catch (const std::exception& e) {
            error = std::string("the SIP stack did not start: ") + e.what(); // start() must not wait forever
        }
    }
    if (!error.empty()) {
        if (root) su_root_destroy(root);
        su_deinit();
        ready.set_value(error);
        return;
    }
    {
        std::lock_guard lock(post_mutex_);
        root_ = root;
    }
    ready.set_value("");
    su_root_run(root);

    {
        std::lock_guard lock(post_mutex_);
        root_ = nullptr; // from here posts fail at once
    }
    close_();
    su_root_destroy(root);
    su_deinit();
}

bool sofia_thread::post(task fn) {
    std::lock_guard lock(post_mutex_);
    return root_ && send_locked(std::move(fn));
}

bool sofia_thread::send_locked(task fn) {
    su_msg_r m = SU_MSG_R_INIT;
    if (su_msg_new(m, sizeof(posted_task)) != 0) return false;
    su_msg_data(m)->fn = new task(std::move(fn));
    su_msg_deinitializer(m, &drop);
    return su_msg_send_to(m, su_root_task(root_), &deliver) == 0;
}

void sofia_thread::stop() {
    std::lock_guard lifecycle(lifecycle_mutex_);
    if (!thread_.joinable()) return;
    // The loop ends only through shut_down_: offer it until it is queued, unless the loop has
    // already ended by itself (its root is gone). Only running out of memory makes a send fail.
    for (;;) {
        {
            std::lock_guard lock(post_mutex_);
            if (!root_ || send_locked(shut_down_)) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    thread_.join();
}

} // namespace cvw::server::sip
