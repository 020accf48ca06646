// One-line, timestamped log output to stderr, safe from any thread.
#pragma once

#include <functional>
#include <string_view>

namespace cvw::server {

enum class log_level { info, warn, error };

void log(log_level level, std::string_view message);
inline void log_info(std::string_view m) { log(log_level::info, m); }
inline void log_warn(std::string_view m) { log(log_level::warn, m); }
inline void log_error(std::string_view m) { log(log_level::error, m); }
/** Tests silence the log; the server keeps it on. */
void set_log_enabled(bool enabled);
/** Where lines go instead of stderr (tests keep them to print when a test fails); empty: stderr. */
void set_log_sink(std::function<void(std::string_view line)> sink);

} // namespace cvw::server
