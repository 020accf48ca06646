// stderr logging with a UTC timestamp.
#include "log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace cvw::server {
namespace {
std::atomic<bool> enabled{true};
std::mutex out;
} // namespace

void set_log_enabled(bool on) { enabled = on; }

void log(log_level level, std::string_view message) {
    if (!enabled) return;
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char* tag = level == log_level::info ? "info" : level == log_level::warn ? "warn" : "error";
    std::lock_guard lock(out);
    std::fprintf(stderr, "%s %-5s %.*s\n", stamp, tag, static_cast<int>(message.size()), message.data());
}

} // namespace cvw::server
