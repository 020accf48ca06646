// The Call-IDs of the INVITEs cvw sends carry a tag keyed by a secret of this deployment, so a
// dialog the PBX reports can be told apart from calls made around cvw by its Call-ID alone: after
// a restart, and in every cvw process that shares the database.
#pragma once

#include <string>
#include <string_view>

namespace cvw::server::sip {

class own_call_ids {
public:
    /** `key_hex`: 32 bytes as hex (key_store); an empty or bad key makes a random one for this process. */
    explicit own_call_ids(std::string_view key_hex);

    /** A fresh Call-ID: "cvw-<16 hex random>-<16 hex tag>@<host>". */
    std::string make(std::string_view host) const;
    /** True when `call_id` was made by make() with the same key. */
    bool mine(std::string_view call_id) const;

private:
    std::string tag(std::string_view nonce) const;
    unsigned char key_[32] = {};
};

} // namespace cvw::server::sip
