// A map of string keys with a size cap that forgets the least recently used entry, one at a time.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

namespace cvw::server {

/** Not thread-safe; the owner locks. */
template <class Value> class lru_table {
public:
    explicit lru_table(std::size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

    /** The entry for `key`, made with `make()` when absent (evicting the least recently used one at the cap).
     */
    template <class Make> Value& touch(const std::string& key, Make&& make) {
        if (auto it = index_.find(key); it != index_.end()) {
            order_.splice(order_.begin(), order_, it->second);
            return it->second->second;
        }
        if (index_.size() >= capacity_) {
            index_.erase(order_.back().first);
            order_.pop_back();
        }
        order_.emplace_front(key, make());
        index_.emplace(key, order_.begin());
        return order_.front().second;
    }

    /** The entry for `key` without making one or changing the order; nullptr when absent. */
    Value* find(const std::string& key) {
        auto it = index_.find(key);
        return it == index_.end() ? nullptr : &it->second->second;
    }

    void erase(const std::string& key) {
        if (auto it = index_.find(key); it != index_.end()) {
            order_.erase(it->second);
            index_.erase(it);
        }
    }

    std::size_t size() const { return index_.size(); }

private:
    std::size_t capacity_;
    std::list<std::pair<std::string, Value>> order_; ///< most recently used first
    std::unordered_map<std::string, typename std::list<std::pair<std::string, Value>>::iterator> index_;
};

} // namespace cvw::server
