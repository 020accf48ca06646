// cvw-server: serves the page, the WebSocket API and (later) drives calls through the PBX.
#include "app/server.hpp"
#include "auth/password.hpp"
#include "config/server_config.hpp"
#include "log.hpp"
#include "store/database.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char** argv) {
    using namespace cvw::server;
    CLI::App app{"cvw-server: Call Via Work for the browser"};
    std::string config_path;
    bool check_only = false;
    app.add_option("-c,--config", config_path, "TOML config file (see docs/config.md)")->check(CLI::ExistingFile);
    app.add_flag("--check-config", check_only, "Validate the config and exit");
    CLI11_PARSE(app, argc, argv);

    if (!init_crypto()) {
        std::cerr << "cvw-server: libsodium could not be initialised\n";
        return 1;
    }
    server_config config;
    if (config_path.empty()) {
        config = default_config(std::filesystem::current_path());
    } else {
        auto loaded = load_config(config_path);
        if (!loaded) {
            std::cerr << "cvw-server: " << loaded.error() << "\n";
            return 2;
        }
        config = std::move(*loaded);
    }
    if (check_only) {
        std::cout << "config OK\n";
        return 0;
    }
    try {
        server s(config);
        const auto port = s.start();
        log_info("cvw listening on http://" + config.listen_address + ":" + std::to_string(port) + " (database " +
                 config.database.string() + ")");
        s.run_until_signal();
        log_info("stopped");
    } catch (const std::exception& e) {
        std::cerr << "cvw-server: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
