// Which caller numbers may not dial in for a while: a number whose calls to the bridge ended with
// wrong conference IDs or PINs `failures` times within `window_ms` is locked out for `lock_ms`, so
// nobody can guess PINs call after call. Pure: time comes in as milliseconds. Callers who send no
// number share one entry, so hiding the number buys a guesser nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cvw::meeting {

struct lockout_limits {
    int failures = 3;
    std::int64_t window_ms = 15LL * 60'000;
    std::int64_t lock_ms = 15LL * 60'000;
    std::size_t numbers_kept = 10'000; ///< beyond this, numbers with nothing recent are forgotten first
};

class dial_in_lockout {
public:
    explicit dial_in_lockout(lockout_limits l = {}) : limits_(l) {}

    /** Whether a call from `number` is refused now. */
    bool locked(std::string_view number, std::int64_t now_ms) const;
    /** A call from `number` ended with wrong entries; true when this locks the number out. */
    bool failed(std::string_view number, std::int64_t now_ms);
    /** A call from `number` got in: its count starts over. */
    void admitted(std::string_view number);

    std::size_t numbers() const { return by_number_.size(); }

private:
    struct record {
        std::vector<std::int64_t> failures; ///< within the window, oldest first
        std::int64_t locked_until_ms = 0;
    };
    void forget_stale(std::int64_t now_ms);

    lockout_limits limits_;
    std::map<std::string, record, std::less<>> by_number_;
};

} // namespace cvw::meeting
