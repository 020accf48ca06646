// The directory and each user's calling policy: who people are, what the page shows of them, and
// the commands that read or change a user's own entry (hello, search, cards, callback number).
#pragma once

#include "app/presence_service.hpp"
#include "app/tab_ref.hpp"
#include "config/server_config.hpp"
#include "cvw/addressing.hpp"
#include "cvw/dial_plan.hpp"
#include "cvw/policy.hpp"
#include "cvw/protocol/messages.hpp"
#include "phone/desk_phone_watcher.hpp"
#include "store/user_store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace cvw::server {

/** On the services' strand, like the database it reads. */
class directory_service {
public:
    directory_service(const server_config& config, const dial_plan& plan, user_store& users,
                      const presence_service& presence, fan_out& out);

    std::optional<user_record> find(std::int64_t user_id) { return users_.find(user_id); }
    /** By username, in any case. */
    std::optional<user_record> find(const std::string& username);
    std::optional<user_record> find_by_phone(const std::string& number) { return users_.find_by_phone(number); }
    /** The enabled colleague a number belongs to, however it is written (see cvw/number_match.hpp). */
    std::optional<user_record> find_by_number(std::string_view text);
    /** The entry as the addressing rules (cvw/addressing.hpp) need it. */
    static std::optional<person> person_of(const std::optional<user_record>& u);
    effective_policy policy_of(const user_record& u);

    protocol::contact contact_of(const user_record& u) const;
    protocol::settings settings_of(const user_record& u);

    /**
     * The first answers a greeted tab gets: welcome, settings. Returns the user, or nothing when the
     * account is gone or disabled (the tab is closed).
     */
    std::optional<user_record> greet(const tab_ref& tab);
    void search(const tab_ref& tab, const protocol::search& m);
    /** Cards for usernames a tab just started watching, so it can name them at once. */
    void send_cards(const tab_ref& tab, const std::vector<std::string>& usernames);
    void set_callback_number(const tab_ref& tab, const protocol::set_callback_number& m);
    /** Keeps the user's language (the codec let only a catalog's name, or empty, through). */
    void set_language(const tab_ref& tab, const protocol::set_language& m);
    void set_do_not_disturb_calls(const tab_ref& tab, const protocol::set_do_not_disturb_calls& m);
    /** Every enabled user's desk-phone number (the number cvw rings), to follow its dialog state. */
    std::vector<phones::desk_phone> desk_phones();

private:
    static constexpr int search_limit = 20;

    const server_config& config_;
    const dial_plan& dial_plan_;
    user_store& users_;
    const presence_service& presence_;
    fan_out& out_;
};

} // namespace cvw::server
