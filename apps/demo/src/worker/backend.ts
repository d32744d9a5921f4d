import {
  type BackendInfo,
  type BackendLoader,
  defaultBackendLoaders,
  ready,
  tf,
} from "@continuum/core-tensor";

/** The browser preference order the demo asks for. */
export const BROWSER_BACKENDS = ["webgpu", "webgl", "wasm", "cpu"] as const;

/**
 * core-tensor's default WebGPU loader imports `@tensorflow/tfjs-backend-webgpu` with a bare run-time specifier,
 * which a browser cannot resolve; this loader imports it through the bundler instead.
 */
const webgpuLoader: BackendLoader = {
  name: "webgpu",
  async load() {
    const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) throw new Error("navigator.gpu is not available in this browser");
    if (!(await gpu.requestAdapter())) throw new Error("navigator.gpu.requestAdapter() returned null");
    await import("@tensorflow/tfjs-backend-webgpu");
    if (!(await tf.setBackend("webgpu"))) throw new Error("tf.setBackend('webgpu') returned false");
    await tf.ready();
    return "webgpu";
  },
};

/** Start TensorFlow.js on `choice` ("auto" = WebGPU > WebGL > WASM > CPU) with the wasm binaries served by Vite. */
export async function startBackend(choice: string): Promise<BackendInfo> {
  const loaders = defaultBackendLoaders().map((l) => (l.name === "webgpu" ? webgpuLoader : l));
  const wasmPaths = new URL(`${import.meta.env.BASE_URL}${__WASM_DIR__}/`, self.location.origin).href;
  const backend = choice === "auto" ? [...BROWSER_BACKENDS] : [choice];
  return ready({ backend, loaders, wasmPaths });
}
