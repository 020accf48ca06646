// SQL for favourites. The count and the insert share one transaction, so the limit holds whoever
// else writes.
#include "store/favourite_store.hpp"

namespace cvw::server {

favourite_store::add_result favourite_store::add(std::int64_t user_id, std::int64_t favourite_id, std::int64_t now_ms,
                                                 int most) {
    return db_.transaction([&] {
        auto count = db_.prepare("SELECT COUNT(*), SUM(favourite_id = ?) FROM favourites WHERE user_id = ?");
        count.bind(1, favourite_id).bind(2, user_id);
        count.step();
        if (count.integer(1) > 0) return add_result::already_there;
        if (count.integer(0) >= most) return add_result::full;
        db_.prepare("INSERT INTO favourites (user_id, favourite_id, added_at) VALUES (?, ?, ?)")
            .bind(1, user_id)
            .bind(2, favourite_id)
            .bind(3, now_ms)
            .run();
        return add_result::added;
    });
}

bool favourite_store::remove(std::int64_t user_id, std::int64_t favourite_id) {
    db_.prepare("DELETE FROM favourites WHERE user_id = ? AND favourite_id = ?")
        .bind(1, user_id)
        .bind(2, favourite_id)
        .run();
    return db_.changes() > 0;
}

std::vector<std::int64_t> favourite_store::of(std::int64_t user_id) {
    auto s = db_.prepare("SELECT favourite_id FROM favourites WHERE user_id = ? ORDER BY added_at, rowid");
    s.bind(1, user_id);
    std::vector<std::int64_t> out;
    while (s.step()) out.push_back(s.integer(0));
    return out;
}

} // namespace cvw::server
