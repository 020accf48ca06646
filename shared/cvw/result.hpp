// A value-or-error type for the core's APIs, which never throw across their boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace cvw {

/** Holds either a value of T or an error E; the core's stand-in for C++23 std::expected. */
template <class T, class E> class result {
public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
    result(E error) : v_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    const E& error() const { return std::get<1>(v_); }

    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }

private:
    std::variant<T, E> v_;
};

} // namespace cvw
