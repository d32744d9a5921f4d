/**
 * A pool of worker threads that run the single-precision products of act-kernel.c (`gemm_nn`, `gemm_tn_rows`) on
 * row ranges of one product at the same time: the main thread copies the operands from the WASM backend's heap into
 * a shared `WebAssembly.Memory`, wakes the workers through `Atomics`, computes its own share, waits for theirs and
 * copies the result back. Every thread applies exactly the single-thread kernel to whole rows (tiles split at
 * multiples of 4), so the result is bitwise that of one thread. Node only for now (`worker_threads`; a browser
 * would need a cross-origin-isolated page for shared memory). Started by `ready({ threads })`.
 */
import {
  type ActKernelExports,
  type ActKernelVariant,
  actKernelVariant,
  decodeBase64,
  sharedKernelBase64,
} from "./act-kernel.js";

/** Bytes per worker control block (Int32 slots: 0 job sequence, 1 done sequence, 2 op, 3… arguments). */
const CTL_BYTES = 64;
const OP_NN = 1;
const OP_TN = 2;
const PAGE = 65536;
/** Busy-wait iterations of an idle worker before it sleeps (~0.2–0.5 ms). */
const WORKER_SPINS = 200000;
/** A worker that has not finished its share after this long is reported as failed. */
const WORKER_TIMEOUT_MS = 10000;

/**
 * Products run on the pool only when they have at least this many multiply-adds and at most
 * {@link POOL_MAX_BYTES_PER_MAC} bytes copied in and out per multiply-add. Measured on this 2-core machine
 * (2026-11-26, other work stopped, steps interleaved in one process): an MLP step with 4096×256×256 products
 * (0.03 bytes per multiply-add) went from 235–260 ms to 174–183 ms with 2 threads; the FNO1d step (products of
 * 0.125–0.13) from 440 to 408 ms (median of 15); the PINN step (8192×50×50 products, 0.16) gained nothing
 * measurable (37.6 vs 40.9 ms, 145.6 vs 141.9 ms at N = 8192): for narrow products the copies cost about what the
 * second thread saves.
 */
export const POOL_MIN_MACS = 1 << 22;
/** See {@link POOL_MIN_MACS}. */
export const POOL_MAX_BYTES_PER_MAC = 0.15;

// The worker: instantiate the shared-memory kernels and serve jobs from its control block forever. An eval'd
// worker is a CommonJS script or an ES module depending on the parent, so it loads worker_threads with import().
const WORKER_SOURCE = `
(async () => {
const { parentPort, workerData } = await import("node:worker_threads");
const { module, memory, ctl } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory, exp: Math.exp } }).exports;
const c = new Int32Array(memory.buffer, ctl, ${CTL_BYTES / 4});
let seen = 0;
parentPort.postMessage("ready");
for (;;) {
  // Spin briefly before sleeping: the next product of a training step usually follows within microseconds, and
  // waking a sleeping thread costs tens of microseconds.
  let spins = 0;
  while (Atomics.load(c, 0) === seen && spins++ < ${WORKER_SPINS});
  Atomics.wait(c, 0, seen);
  seen = Atomics.load(c, 0);
  if (seen < 0) break;
  if (c[2] === ${OP_NN}) k.gemm_nn(c[3], c[4], c[5], c[6], c[7], c[8]);
  else k.gemm_tn_rows(c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10]);
  Atomics.store(c, 1, seen);
  Atomics.notify(c, 1);
}
})();
`;

interface Pool {
  threads: number;
  /** The kernel build the pool runs; products go to it only while the unshared kernels use the same build. */
  variant: ActKernelVariant;
  memory: WebAssembly.Memory;
  k: ActKernelExports & {
    gemm_tn_rows(
      a: number,
      b: number,
      c: number,
      m: number,
      k: number,
      n: number,
      p0: number,
      p1: number,
    ): void;
  };
  ctls: Int32Array[];
  seq: number;
  /** First byte of the operand area (after the control blocks). */
  base: number;
  workers: { terminate(): unknown }[];
}

let pool: Pool | null = null;

/**
 * Start (or resize) the pool with `threads` threads in all, the caller's included; `threads ≤ 1` stops it.
 * Resolves to the number of threads in use (1 when worker threads or shared memory are unavailable).
 * @example
 * ```ts
 * await startGemmPool(2); // 2 on a Node with worker_threads
 * ```
 */
export async function startGemmPool(threads: number): Promise<number> {
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`startGemmPool: threads must be an integer ≥ 1, received ${String(threads)}`);
  if (pool !== null && pool.threads === threads && pool.variant === actKernelVariant()) return threads;
  stopGemmPool();
  const isNode = typeof process !== "undefined" && !!process.versions?.node;
  if (threads === 1 || !isNode || typeof SharedArrayBuffer === "undefined") return 1;
  let wt: typeof import("node:worker_threads");
  try {
    wt = await import(/* @vite-ignore */ "node:worker_threads");
  } catch {
    return 1;
  }
  const b64 = sharedKernelBase64();
  const variant = actKernelVariant();
  if (b64 === null || variant === null) return 1;
  const module = new WebAssembly.Module(decodeBase64(b64) as BufferSource);
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768, shared: true });
  const k = new WebAssembly.Instance(module, { env: { memory, exp: Math.exp } })
    .exports as unknown as Pool["k"];
  const workers: Pool["workers"] = [];
  const ctls: Int32Array[] = [];
  const ready: Promise<unknown>[] = [];
  for (let w = 0; w < threads - 1; w++) {
    const ctl = w * CTL_BYTES;
    const worker = new wt.Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, ctl } });
    worker.unref(); // an idle pool never keeps the process alive
    ready.push(
      new Promise((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
      }),
    );
    workers.push(worker);
    ctls.push(new Int32Array(memory.buffer, ctl, CTL_BYTES / 4));
  }
  try {
    await Promise.all(ready);
  } catch {
    for (const w of workers) w.terminate();
    return 1;
  }
  const base = Math.ceil((threads * CTL_BYTES) / 64) * 64;
  pool = { threads, variant, memory, k, ctls, seq: 0, base, workers };
  return threads;
}

/**
 * Stop the pool's workers (products run on one thread afterwards).
 * @example
 * ```ts
 * stopGemmPool();
 * ```
 */
export function stopGemmPool(): void {
  if (pool === null) return;
  for (const c of pool.ctls) {
    Atomics.store(c, 0, -1);
    Atomics.notify(c, 0);
  }
  for (const w of pool.workers) w.terminate();
  pool = null;
}

/**
 * Threads the pool uses (1 when it is not running).
 * @example
 * ```ts
 * gemmPoolThreads(); // 2 after ready({ threads: 2 }) in Node
 * ```
 */
export function gemmPoolThreads(): number {
  return pool?.threads ?? 1;
}

/** Split [0, n) into `parts` ranges at multiples of 4. */
function splits(n: number, parts: number): number[] {
  const cuts = [0];
  for (let t = 1; t < parts; t++) cuts.push(Math.min(n, Math.round((n * t) / parts / 4) * 4));
  cuts.push(n);
  return cuts;
}

/**
 * `C = A·B` (`kind` "nn", A m×k, B k×n) or `C = Aᵀ·B` ("tn", A m×k, B m×n, C k×n) on the pool, reading A and B
 * from and writing C into the given float32 views (of the WASM heap). Returns false, doing nothing, when the
 * pool is not running or the product is too small to gain from it; the caller then runs its one-thread path.
 * @example
 * ```ts
 * if (!pooledGemm("nn", a, b, c, m, k, n)) kernels.gemm_nn(pa, pb, pc, m, k, n);
 * ```
 */
export function pooledGemm(
  kind: "nn" | "tn",
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  m: number,
  k: number,
  n: number,
): boolean {
  const p = pool;
  const macs = m * k * n;
  if (p === null || macs < POOL_MIN_MACS || p.variant !== actKernelVariant()) return false;
  if ((4 * (A.length + B.length + C.length)) / macs > POOL_MAX_BYTES_PER_MAC) return false;
  const rowsToSplit = kind === "nn" ? m : k;
  if (rowsToSplit < 8) return false;
  const bytes = 4 * (A.length + B.length + C.length) + 64;
  const need = p.base + bytes;
  if (need > p.memory.buffer.byteLength) {
    const pages = Math.ceil((need - p.memory.buffer.byteLength) / PAGE);
    try {
      p.memory.grow(pages);
    } catch {
      return false;
    }
  }
  const heap = new Float32Array(p.memory.buffer);
  const pa = p.base;
  const pb = pa + 4 * A.length;
  const pc = pb + 4 * B.length;
  heap.set(A, pa / 4);
  heap.set(B, pb / 4);
  const cuts = splits(rowsToSplit, p.threads);
  const seq = ++p.seq;
  for (let w = 0; w < p.ctls.length; w++) {
    const c = p.ctls[w]!;
    const r0 = cuts[w + 1]!;
    const r1 = cuts[w + 2]!;
    if (kind === "nn") {
      c[2] = OP_NN;
      c.set([pa + 4 * r0 * k, pb, pc + 4 * r0 * n, r1 - r0, k, n], 3);
    } else {
      c[2] = OP_TN;
      c.set([pa, pb, pc, m, k, n, r0, r1], 3);
    }
    Atomics.store(c, 0, seq);
    Atomics.notify(c, 0);
  }
  if (kind === "nn") p.k.gemm_nn(pa, pb, pc, cuts[1]!, k, n);
  else p.k.gemm_tn_rows(pa, pb, pc, m, k, n, 0, cuts[1]!);
  for (const c of p.ctls) {
    let spins = 0;
    let started = 0;
    while (Atomics.load(c, 1) !== seq) {
      if (++spins < 1 << 20) continue; // the shares are equal, so the worker is normally done about now
      if (started === 0) started = performance.now();
      else if (performance.now() - started > WORKER_TIMEOUT_MS) {
        stopGemmPool();
        throw new Error(
          `pooledGemm: a worker thread did not finish its share within ${WORKER_TIMEOUT_MS} ms; the pool is stopped (products now run on one thread)`,
        );
      }
      Atomics.wait(c, 1, Atomics.load(c, 1), 1);
    }
  }
  C.set(heap.subarray(pc / 4, pc / 4 + C.length));
  return true;
}
