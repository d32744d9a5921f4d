// Runs before every test file in the browser: start TensorFlow.js on the backend of this run (wasm or webgl) and
// keep later argument-less `ready()` calls of the tests on it. The wasm binaries are served by the dev server.
import { ready, tf } from "@continuum/core-tensor";
import { inject } from "vitest";

const backend = inject("backend");
const wasmPaths = `${location.origin}/@fs${inject("wasmDir")}/`;
if (backend === "wasm") {
  // ready() prefers webgpu › webgl › wasm; without the GPU backends registered the tests' ready() ends on wasm.
  for (const name of ["webgpu", "webgl"]) {
    try {
      tf.removeBackend(name);
    } catch {
      // not registered: nothing to remove
    }
  }
}
const info = await ready({ backend, wasmPaths });
if (info.name !== backend) throw new Error(`setup: asked for backend '${backend}', got '${info.name}'`);
