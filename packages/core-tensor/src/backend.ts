import { tf } from "./engine.js";
import { relaxedSimdSupported, setFmaKernels } from "./fused/kernels/act-kernel.js";
import { startGemmPool } from "./fused/kernels/gemm-pool.js";

/** One backend candidate that `ready()` tried. */
export interface BackendAttempt {
  name: string;
  ok: boolean;
  reason: string;
}

/** What `backendInfo()` reports. */
export interface BackendInfo {
  /** The active backend name (`tensorflow`, `webgpu`, `webgl`, `wasm`, `cpu`), or `null` before `ready()`. */
  name: string | null;
  tried: BackendAttempt[];
}

/** A way to make one backend available: load its module, register it, return the tfjs backend name. */
export interface BackendLoader {
  /** Continuum's name for the candidate (`tfjs-node-gpu`, `tfjs-node`, `webgpu`, `webgl`, `wasm`, `cpu`). */
  name: string;
  /** Load and register; throws (or rejects) with the reason when unavailable. Returns the tfjs backend name. */
  load(): Promise<string>;
}

/** Options of {@link ready}. */
export interface ReadyOptions {
  /** Force one backend or an ordered list; forcing one that fails throws naming it and why. */
  backend?: string | string[];
  /** Replace the loaders (tests use fakes); default {@link defaultBackendLoaders}. */
  loaders?: BackendLoader[];
  /**
   * Browser only: the URL prefix where `tfjs-backend-wasm*.wasm` are served (ending in `/`). In Node the files are
   * found in the installed package automatically; a Vite app can serve them with the `wasmAssets` plugin.
   */
  wasmPaths?: string;
  /**
   * Node with the `wasm` backend: threads (the caller's included) that share the large dense products of the
   * fused MLP kernels, through a pool of worker threads. Default: the machine's available parallelism, at most 4.
   * `1` runs everything on the calling thread. Ignored elsewhere (see {@link gemmPoolThreads} for what is used).
   */
  threads?: number;
  /**
   * `wasm` backend: run the float32 products (every `tf.matMul`, the fused MLP layers) with WebAssembly relaxed
   * SIMD's fused multiply-add, about 1.4x faster than plain SIMD on large products. Results differ from the plain
   * build (and XNNPACK) by float32 rounding: one rounding per multiply-add instead of two. Default true where the
   * engine has relaxed SIMD (Chrome 114+, Node 22+). Node 20's V8 has it behind a flag: `ready()` turns on
   * `--experimental-wasm-relaxed-simd` (a WebAssembly feature flag, nothing else) unless this is false.
   */
  relaxedSimd?: boolean;
}

/** Turn on relaxed SIMD in Node 20's V8 if it is off (it is standard from V8 11.4 / Node 22). */
async function enableRelaxedSimd(): Promise<void> {
  if (relaxedSimdSupported() || !isNode) return;
  try {
    const v8 = await import(/* @vite-ignore */ "node:v8");
    v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    // not Node's V8: the plain SIMD build runs
  }
}

/** `ready`'s thread count: the option (checked), else the available parallelism capped at 4 (Node only). */
async function threadCount(threads: number | undefined): Promise<number> {
  if (threads !== undefined) return threads;
  try {
    const os = await import(/* @vite-ignore */ "node:os");
    return Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));
  } catch {
    return 1;
  }
}

/** The default preference order. */
export const BACKEND_PREFERENCE: readonly string[] = [
  "tfjs-node-gpu",
  "tfjs-node",
  "webgpu",
  "webgl",
  "wasm",
  "cpu",
];

const isNode = typeof process !== "undefined" && !!process.versions?.node;
const hasNavigatorGpu = () => typeof navigator !== "undefined" && !!(navigator as { gpu?: unknown }).gpu;

// A variable specifier (with ignore hints) keeps bundlers from resolving optional peers at build time.
const dynamicImport = (m: string): Promise<any> => import(/* @vite-ignore */ /* webpackIgnore: true */ m);

async function activate(name: string): Promise<string> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') returned false`);
  await tf.ready();
  return name;
}

let wasmPathsOverride: string | undefined;

async function wasmLoader(): Promise<string> {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  if (isNode) {
    const { createRequire } = await dynamicImport("node:module");
    const path = await dynamicImport("node:path");
    const require = createRequire(import.meta.url ?? `${process.cwd()}/`);
    const dir = path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json"));
    wasm.setWasmPaths(`${path.join(dir, "dist")}${path.sep}`);
  } else if (wasmPathsOverride) {
    wasm.setWasmPaths(wasmPathsOverride);
  }
  return activate("wasm");
}

async function webgpuLoader(): Promise<string> {
  if (isNode) {
    let mod: any;
    try {
      mod = await dynamicImport("webgpu");
    } catch {
      throw new Error("the 'webgpu' npm package (Dawn) is not installed");
    }
    const create = mod.create ?? mod.default?.create;
    if (typeof create !== "function") throw new Error("the 'webgpu' package has no create()");
    Object.assign(globalThis, mod.globals ?? mod.default?.globals ?? {});
    const gpu = create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error("Dawn found no GPU adapter (no GPU or no Vulkan driver)");
    (globalThis as any).navigator ??= {};
    (globalThis as any).navigator.gpu = gpu;
  } else if (!hasNavigatorGpu()) {
    throw new Error("navigator.gpu is not available in this browser");
  } else {
    const adapter = await (navigator as any).gpu.requestAdapter();
    if (!adapter) throw new Error("navigator.gpu.requestAdapter() returned null");
  }
  await dynamicImport("@tensorflow/tfjs-backend-webgpu");
  return activate("webgpu");
}

/** The loaders `ready()` uses by default, in preference order. */
export function defaultBackendLoaders(): BackendLoader[] {
  return [
    {
      name: "tfjs-node-gpu",
      load: async () => {
        if (!isNode) throw new Error("only available in Node.js");
        await dynamicImport("@tensorflow/tfjs-node-gpu");
        return activate("tensorflow");
      },
    },
    {
      name: "tfjs-node",
      load: async () => {
        if (!isNode) throw new Error("only available in Node.js");
        await dynamicImport("@tensorflow/tfjs-node");
        return activate("tensorflow");
      },
    },
    { name: "webgpu", load: webgpuLoader },
    {
      name: "webgl",
      load: async () => {
        if (isNode) throw new Error("WebGL is only available in browsers");
        return activate("webgl");
      },
    },
    { name: "wasm", load: wasmLoader },
    { name: "cpu", load: () => activate("cpu") },
  ];
}

let info: BackendInfo = { name: null, tried: [] };

function reasonOf(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Cannot find (module|package)|Failed to resolve|ERR_MODULE_NOT_FOUND/.test(msg)) {
    return `not installed (${msg.split("\n")[0]})`;
  }
  return msg.split("\n")[0] ?? msg;
}

/**
 * Pick and initialise the best available TensorFlow.js backend: tfjs-node-gpu > tfjs-node > WebGPU > WebGL
 * (browsers) > WASM > CPU. Optional backends are loaded with dynamic `import()`; a missing or broken one is
 * skipped and its reason recorded in {@link backendInfo}.
 *
 * @param options - `backend` forces one name or an ordered list; forcing an unavailable one throws.
 * @returns the active backend information.
 * @example
 * ```ts
 * import { ready, backendInfo } from "@continuum/core-tensor";
 * await ready();                    // e.g. "wasm" in Node without tfjs-node
 * await ready({ backend: "cpu" });  // force the reference CPU backend
 * backendInfo().tried;              // [{ name: "tfjs-node-gpu", ok: false, reason: "not installed (...)" }, ...]
 * ```
 */
export async function ready(options: ReadyOptions = {}): Promise<BackendInfo> {
  const loaders = options.loaders ?? defaultBackendLoaders();
  if (options.threads !== undefined && (!Number.isInteger(options.threads) || options.threads < 1))
    throw new Error(`ready: options.threads must be an integer ≥ 1, received ${String(options.threads)}`);
  if (options.wasmPaths !== undefined) {
    if (typeof options.wasmPaths !== "string" || !options.wasmPaths.endsWith("/")) {
      throw new Error(
        `ready: options.wasmPaths must be a URL prefix ending in '/', received ${String(options.wasmPaths)}`,
      );
    }
    wasmPathsOverride = options.wasmPaths;
  }
  if (options.relaxedSimd !== undefined && typeof options.relaxedSimd !== "boolean")
    throw new Error(`ready: options.relaxedSimd must be a boolean, received ${String(options.relaxedSimd)}`);
  if (options.relaxedSimd !== false) await enableRelaxedSimd();
  setFmaKernels(options.relaxedSimd !== false);
  const byName = new Map(loaders.map((l) => [l.name, l]));
  let order: string[];
  const forced = options.backend !== undefined;
  if (forced) {
    order = Array.isArray(options.backend) ? options.backend : [options.backend as string];
    if (order.length === 0) throw new Error("ready: options.backend is an empty list");
    for (const n of order) {
      if (!byName.has(n)) {
        throw new Error(
          `ready: unknown backend '${n}' in options.backend; known: ${[...byName.keys()].join(", ")}`,
        );
      }
    }
  } else {
    order = loaders.map((l) => l.name);
  }
  const tried: BackendAttempt[] = [];
  for (const n of order) {
    try {
      const active = await byName.get(n)!.load();
      tried.push({ name: n, ok: true, reason: `active as tfjs backend '${active}'` });
      await startGemmPool(active === "wasm" && isNode ? await threadCount(options.threads) : 1);
      info = { name: active, tried };
      return { name: active, tried: [...tried] };
    } catch (e) {
      tried.push({ name: n, ok: false, reason: reasonOf(e) });
    }
  }
  info = { name: null, tried };
  const detail = tried.map((t) => `${t.name}: ${t.reason}`).join("; ");
  throw new Error(
    forced
      ? `ready: the requested backend ${order.map((n) => `'${n}'`).join(" / ")} is unavailable (${detail})`
      : `ready: no TensorFlow.js backend could be initialised (${detail})`,
  );
}

/**
 * The backend chosen by the last {@link ready} call and every candidate it tried with the reason.
 * @example
 * ```ts
 * await ready(); backendInfo().name; // "wasm"
 * ```
 */
export function backendInfo(): BackendInfo {
  return { name: info.name ?? (tf.getBackend() || null), tried: info.tried.map((t) => ({ ...t })) };
}
