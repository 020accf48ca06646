// Loads the wasm core (the same codec and conversation model the server uses) once. Its glue is
// bundled in (wasm-client/CMakeLists.txt names it 'cvw-client-glue'); the module itself is fetched
// at the address the page preloads, which carries the version tag the server wrote into the page.
import createCvwCore from 'cvw-client-glue';

let corePromise;

function locateFile(name, directory) {
  const preloaded = document.querySelector(`link[rel="preload"][href^="/wasm/${name}"]`);
  return preloaded ? preloaded.href : directory + name;
}

/** Resolves to the embind module: encodeCommand, decodeEvent, Conversation. */
export function loadCore() {
  corePromise ??= createCvwCore({ locateFile });
  return corePromise;
}
