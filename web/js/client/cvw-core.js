// Loads the wasm core (the same codec and conversation model the server uses) once.
import createCvwCore from '/wasm/cvw_client.mjs';

let corePromise;

/** Resolves to the embind module: encodeCommand, decodeEvent, Conversation. */
export function loadCore() {
  corePromise ??= createCvwCore();
  return corePromise;
}
