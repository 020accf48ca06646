#include "baresip_phone.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace cvw::test {

namespace fs = std::filesystem;

namespace {

const char* mode_name(baresip_phone::answer mode) {
    switch (mode) {
    case baresip_phone::answer::automatically: return "auto";
    case baresip_phone::answer::on_command: return "manual";
    case baresip_phone::answer::with_early_media: return "early";
    }
    return "manual";
}

/**
 * Samples of the "data" chunk of a 16-bit PCM WAV file. The chunk runs to the end of the file:
 * while baresip still has the file open its header says 0 bytes of data.
 */
std::vector<std::int16_t> wav_samples(const std::string& file) {
    std::vector<std::int16_t> out;
    for (std::size_t at = 12; at + 8 <= file.size();) {
        std::uint32_t size = 0;
        std::memcpy(&size, file.data() + at + 4, 4);
        if (file.compare(at, 4, "data") == 0) {
            out.resize((file.size() - at - 8) / 2);
            if (!out.empty()) std::memcpy(out.data(), file.data() + at + 8, out.size() * 2);
            break;
        }
        at += 8 + size + (size & 1);
    }
    return out;
}

} // namespace

baresip_phone::baresip_phone(const fs::path& dir, const std::string& user, const test_pbx& pbx, answer mode,
                             int tone_hz)
    : dir_(dir / ("baresip-" + user)) {
    fs::create_directories(dir_);
    const auto sip_port = free_port_block(3); // SIP over UDP/TCP, TLS one above, the console after that
    console_port_ = static_cast<std::uint16_t>(sip_port + 2);
    // baresip rounds an odd first RTP port down to an even one (RTP takes the even ports), which
    // would put its media outside the range the tests check: start the range on an even port.
    rtp_min_ = free_port_block(rtp_port_count + 1);
    if (rtp_min_ % 2) ++rtp_min_;
    std::ofstream(dir_ / "config")
        << "poll_method epoll\nnet_interface 127.0.0.1\n" // SDP and RTP on 127.0.0.1, not the machine's LAN address
        << "sip_listen 127.0.0.1:" << sip_port << "\n"
        << "audio_source ausine," << tone_hz << "\n"
        << "audio_player aubridge,nil\naudio_alert aubridge,nil\n"
        << "ausrc_srate 48000\nausrc_channels 2\n" // what ausine produces; baresip resamples to 8 kHz
        << "rtp_ports " << rtp_min_ << "-" << rtp_port_max()
        << "\n"
        // No jitter buffer: baresip 1.0's does not start over when a re-INVITE brings a new source
        // (its SSRC changes), and drops that source's packets as late until their sequence numbers
        // pass the old source's. Desk phones start over, as RFC 3550 §8.2 expects; on loopback
        // there is no jitter to smooth.
        << "jitter_buffer_delay 0-0\n"
        << "module_path /usr/lib/baresip/modules\n"
        << "module g711.so\nmodule ausine.so\nmodule aubridge.so\nmodule sndfile.so\nmodule cons.so\n"
        << "module_app account.so\nmodule_app menu.so\n"
        << "cons_listen 127.0.0.1:" << console_port_ << "\n"
        << "snd_path " << dir_.string() << "\n";
    std::ofstream(dir_ / "accounts") << "<sip:" << user << "@127.0.0.1:" << pbx.port()
                                     << ">;regint=600;answermode=" << mode_name(mode) << ";audio_codecs=PCMU,PCMA\n";
    const auto log_file = dir_ / "baresip.log";
    process_ = std::make_unique<child_process>(
        // Line-buffered, so the log (its SIP trace) is complete whenever a test reads it.
        std::vector<std::string>{"stdbuf", "-oL", "baresip", "-f", dir_.string(), "-s", "-t", "120"}, log_file);
    wait_for_udp(console_port_, "baresip " + user, log_file);
    for (int i = 0; i < 250; ++i) {
        if (log().find("binding]") != std::string::npos) return; // "200 OK (...) [1 binding]"
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    throw std::runtime_error("baresip " + user + " did not register; see " + log_file.string());
}

void baresip_phone::command(const std::string& line) const {
    const int fd = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(console_port_);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const auto text = line + "\n";
    sendto(fd, text.data(), text.size(), 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
    close(fd);
}

std::string baresip_phone::log() const { return read_file(dir_ / "baresip.log"); }

std::vector<std::int16_t> baresip_phone::heard() const {
    for (const auto& entry : fs::directory_iterator(dir_)) {
        const auto name = entry.path().filename().string();
        if (name.size() > 8 && name.ends_with("-dec.wav")) return wav_samples(read_file(entry.path()));
    }
    return {};
}

} // namespace cvw::test
