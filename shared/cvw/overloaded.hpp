// The visitor helper for std::visit over the core's variants: overloaded{[](const a&) {...}, ...}.
#pragma once

namespace cvw {

template <class... Fs> struct overloaded : Fs... { using Fs::operator()...; };
template <class... Fs> overloaded(Fs...) -> overloaded<Fs...>;

} // namespace cvw
