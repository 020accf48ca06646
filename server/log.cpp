// stderr logging with a UTC timestamp.
#include "log.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <string>

namespace cvw::server {
namespace {
std::atomic<bool> enabled{true};
std::mutex out;
std::function<void(std::string_view)> sink; // guarded by out
} // namespace

void set_log_enabled(bool on) { enabled = on; }

void set_log_sink(std::function<void(std::string_view line)> s) {
    std::lock_guard lock(out);
    sink = std::move(s);
}

void log(log_level level, std::string_view message) {
    if (!enabled) return;
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const char* tag = level == log_level::info ? "info" : level == log_level::warn ? "warn" : "error";
    char line[64];
    const int head = std::snprintf(line, sizeof line, "%s %-5s ", stamp, tag);
    std::lock_guard lock(out);
    if (sink) {
        sink(std::string(line, static_cast<std::size_t>(head)) + std::string(message));
        return;
    }
    std::fprintf(stderr, "%s%.*s\n", line, static_cast<int>(message.size()), message.data());
}

} // namespace cvw::server
