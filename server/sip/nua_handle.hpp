// nua handles typed: what each one is bound to, and the one way cvw lets go of one it owns.
#pragma once

#include "sip/sofia_magic.hpp"

#include <memory>

namespace cvw::server::sip {

/**
 * What cvw binds a nua handle to (its hmagic): the state of one INVITE leg or of one
 * subscription, each deriving from this with its kind. bound_as<>() gives it back typed.
 */
struct handle_binding {
    enum class kind { leg, subscription };
    explicit handle_binding(kind k) : bound_kind(k) {}
    const kind bound_kind;
};

/** The `State` a handle is bound to, or null when it is bound to nothing or to another kind. */
template <class State> State* bound_as(handle_binding* binding) {
    return binding && binding->bound_kind == State::binding_kind ? static_cast<State*>(binding) : nullptr;
}

/** Unbinds, then destroys: no event of the handle reaches its old binding after this. */
struct handle_destroyer {
    void operator()(nua_handle_t* nh) const {
        nua_handle_bind(nh, nullptr);
        nua_handle_destroy(nh);
    }
};

/** A nua handle cvw owns; destroying it ends the dialog's resources in the stack. */
using unique_handle = std::unique_ptr<nua_handle_t, handle_destroyer>;

} // namespace cvw::server::sip
