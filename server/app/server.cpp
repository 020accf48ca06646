// Server lifecycle: start, signal handling, graceful stop.
#include "app/server.hpp"

#include "log.hpp"
#include "store/key_store.hpp"

#include <boost/asio/signal_set.hpp>

#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <future>

namespace cvw::server {

namespace net = boost::asio;

void raise_file_limit() {
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
}

namespace {

/** The caps from the config, the total one derived from the open-file limit unless set. */
std::shared_ptr<connection_limits> make_connection_limits(const server_config& c) {
    rlimit lim{};
    const std::uint64_t open_files = getrlimit(RLIMIT_NOFILE, &lim) == 0 ? lim.rlim_cur : 1024;
    const std::size_t rtp_sockets =
        c.pbx.enabled() ? static_cast<std::size_t>(c.pbx.rtp_port_max - c.pbx.rtp_port_min) / 2 + 1 : 0;
    const std::size_t total = c.max_connections ? c.max_connections : default_max_connections(open_files, rtp_sockets);
    log_info("connections: at most " + std::to_string(total) + " in total and " +
             (c.max_connections_per_address ? std::to_string(c.max_connections_per_address) : "no cap") +
             " per address (open-file limit " + std::to_string(open_files) + ")");
    if (total + 64 > open_files)
        log_warn("server.max_connections leaves under 64 of the " + std::to_string(open_files) +
                 " descriptors for the database, SIP and RTP; lower it or raise the open-file limit");
    return std::make_shared<connection_limits>(total, c.max_connections_per_address);
}

} // namespace

server::server(server_config config)
    : config_(std::move(config)), ioc_(config_.threads), auth_(std::make_unique<auth_service>(config_)),
      embed_(std::make_unique<embed_service>(
          config_, [auth = auth_.get()](const std::string& username) { return auth->find_user(username); })),
      hub_(std::make_shared<hub>(ioc_, config_)),
      calls_(std::make_shared<calls::call_manager>(
          ioc_, config_,
          [h = std::weak_ptr<hub>(hub_)](std::int64_t user, protocol::event e) {
              if (auto hp = h.lock()) hp->to_user(user, std::move(e));
          },
          [h = std::weak_ptr<hub>(hub_)](call::call_update u) {
              if (auto hp = h.lock()) hp->record_call(std::move(u));
          },
          [h = std::weak_ptr<hub>(hub_)](protocol::event e) {
              if (auto hp = h.lock()) hp->to_everyone(std::move(e));
          },
          [h = std::weak_ptr<hub>(hub_)](calls::call_manager::incoming_offer o) {
              if (auto hp = h.lock()) hp->route_incoming(std::move(o));
          })),
      ctx_(std::make_unique<server_context>(server_context{.config = config_,
                                                           .auth = *auth_,
                                                           .embed = *embed_,
                                                           .hub_ptr = hub_,
                                                           .files = static_files(config_.web_root, config_.wasm_dir),
                                                           .calls = calls_.get()})) {}

server::~server() { stop(); }

std::uint16_t server::start() {
    raise_file_limit();
    if (config_.pbx.enabled() && config_.pbx.presence_subscriptions) {
        phones_ = std::make_shared<phones::desk_phone_watcher>(
            ioc_, config_.pbx,
            [h = std::weak_ptr<hub>(hub_)](auto done) {
                if (auto hp = h.lock()) hp->list_desk_phones(std::move(done));
            },
            [h = std::weak_ptr<hub>(hub_)](std::int64_t user, bool in_call, auto ended) {
                if (auto hp = h.lock()) hp->report_phone(user, in_call, std::move(ended));
            });
        calls_->on_subscription_events([w = std::weak_ptr(phones_)](sip::subscription_event e) {
            if (auto watcher = w.lock()) watcher->post(std::move(e));
        });
    }
    const auto call_id_key = [&] {
        database db(config_.database.string());
        return key_store(db).get_or_create("sip_call_id", 32);
    }();
    // The PBX backend's mixer is the PBX's bridge, which the call layer calls (calls/pbx_bridge_mixer).
    const bool janus = config_.meetings.backend == meetings_config::mixer_backend::janus;
    if (config_.meetings.enabled() && janus) start_mixer();
    hub_->set_mixer_set_up(config_.meetings.enabled());
    calls_->set_conference_finder([h = std::weak_ptr<hub>(hub_)](std::string id, calls::dial_in_entry::found_fn found) {
        if (auto hp = h.lock()) hp->find_conference(std::move(id), std::move(found));
    });
    calls_->on_talking([h = std::weak_ptr<hub>(hub_)](std::string meeting_id, std::string call_id, bool talking) {
        if (auto hp = h.lock()) hp->report_talking(std::move(meeting_id), std::move(call_id), talking);
    });
    if (auto error = calls_->start(call_id_key); !error.empty()) throw std::runtime_error("SIP: " + error);
    hub_->set_calls(calls_);
    if (phones_ && calls_->agent()) phones_->start(*calls_->agent());
    const auto address = net::ip::make_address(config_.listen_address);
    ctx_->connections = make_connection_limits(config_);
    listener_ =
        std::make_shared<listener>(ioc_, net::ip::tcp::endpoint{address, config_.port}, *ctx_, ctx_->connections);
    listener_->run();
    stopped_ = false;
    ioc_.restart();
    keep_running_.emplace(ioc_.get_executor());
    for (int i = 0; i < config_.threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
    return listener_->port();
}

void server::stop() {
    if (stopped_) return;
    stopped_ = true;
    listener_->stop();
    // Calls first, while the I/O threads run: each leg gets its CANCEL or BYE, the tabs hear why
    // their call ended, and the hub logs it before anything it needs goes away.
    if (phones_) phones_->stop(); // un-SUBSCRIBEs go out before the stack shuts down
    calls_->stop();
    if (mixer_) mixer_->stop();
    hub_->drained().wait();
    hub_->close_all();
    // Give tabs a moment to receive the close frame; then stop whatever is left.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (hub_->session_count() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    keep_running_.reset();
    ioc_.stop();
    for (auto& t : threads_) t.join();
    threads_.clear();
    hub_->forget_all_after_stop();
}

void server::start_mixer() {
    const auto& m = config_.meetings;
    const auto secret = [&](const char* name) {
        std::ifstream in(m.mixer_secrets / name);
        std::string value;
        if (!std::getline(in, value) || value.empty())
            throw std::runtime_error("meetings: cannot read " + (m.mixer_secrets / name).string() +
                                     " (scripts/janus.sh writes it when it starts Janus)");
        return value;
    };
    const auto colon = m.mixer_api.rfind(':');
    mixer_ = std::make_unique<audio_bridge>(
        std::make_shared<janus_client>(ioc_.get_executor(), janus_settings{.host = m.mixer_api.substr(0, colon),
                                                                           .port = static_cast<std::uint16_t>(std::stoi(
                                                                               m.mixer_api.substr(colon + 1))),
                                                                           .api_secret = secret("api_secret")}),
        secret("admin_key"));
    mixer_port_ = std::make_unique<audio_bridge_mixer>(*mixer_, calls_->executor(), m.sampling_rate);
    calls::mixer_port* port = mixer_port_.get();
    if (m.talking_indicator) {
        relay_ = std::make_unique<relaying_mixer>(*mixer_port_, ioc_.get_executor(), calls_->executor(),
                                                  calls_->ports(), config_.pbx.media_address);
        port = relay_.get();
    }
    calls_->set_mixer(port);
    mixer_->start([c = std::weak_ptr(calls_)](bool up) {
        if (auto calls = c.lock()) calls->mixer_available(up);
    });
}

void server::run_until_signal() {
    std::promise<int> signalled;
    net::signal_set signals(ioc_, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int sig) {
        if (!ec) signalled.set_value(sig);
    });
    const int sig = signalled.get_future().get();
    log_info(std::string("received ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + ", shutting down");
    stop();
}

} // namespace cvw::server
