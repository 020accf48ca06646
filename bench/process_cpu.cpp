// Sums utime and stime from /proc/<pid>/stat for a process and the processes whose parent it is.
#include "process_cpu.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace cvw::bench {
namespace {

struct stat_fields {
    pid_t parent = 0;
    double seconds = 0;
};

/** Fields 4 (ppid), 14 (utime) and 15 (stime) of /proc/<pid>/stat; the name (2) may hold spaces. */
bool read_stat(pid_t pid, stat_fields& out) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(in, text)) return false;
    const auto name_end = text.rfind(')');
    if (name_end == std::string::npos) return false;
    std::istringstream rest(text.substr(name_end + 2)); // field 3 onwards
    std::string state;
    long long parent = 0, skip = 0, utime = 0, stime = 0;
    rest >> state >> parent;
    for (int field = 5; field <= 13; ++field) rest >> skip;
    rest >> utime >> stime;
    if (!rest) return false;
    out.parent = static_cast<pid_t>(parent);
    out.seconds = static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
    return true;
}

} // namespace

double cpu_seconds(pid_t pid) {
    double total = 0;
    stat_fields f;
    if (read_stat(pid, f)) total += f.seconds;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const auto name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        if (read_stat(static_cast<pid_t>(std::stol(name)), f) && f.parent == pid) total += f.seconds;
    }
    return total;
}

} // namespace cvw::bench
