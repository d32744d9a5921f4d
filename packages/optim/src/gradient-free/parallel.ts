import type { MinimizeOptions, MinimizeResult } from "../minimize/types.js";
import type { AskTell } from "./types.js";

/** Where and how to evaluate a population on worker threads (Node only). */
export interface WorkerEvaluateOptions {
  /** Number of worker threads (>= 1). */
  workers: number;
  /** Name of the exported objective in the module (default 'default'). */
  exportName?: string;
}

/** Options of {@link runAskTellParallel}. */
export interface RunAskTellParallelOptions extends Pick<MinimizeOptions, "maxFev" | "maxIter" | "callback"> {
  evaluate: WorkerEvaluateOptions;
}

// The worker: imports the objective module once, then evaluates the chunks it is sent.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = import(workerData.url).then((m) => {
  const f = m[workerData.exportName] ?? (workerData.exportName === "default" ? m : undefined);
  if (typeof f !== "function")
    throw new Error("the module " + workerData.url + " has no exported function '" + workerData.exportName + "' (found: " + Object.keys(m).join(", ") + ")");
  return f;
});
ready.catch(() => {}); // reported with the first batch
parentPort.on("message", async ({ id, xs }) => {
  try {
    const f = await ready;
    const fs = new Float64Array(xs.length);
    for (let i = 0; i < xs.length; i++) fs[i] = Number(await f(xs[i]));
    parentPort.postMessage({ id, fs });
  } catch (e) {
    parentPort.postMessage({ id, error: String((e && e.message) || e) });
  }
});
`;

/**
 * Like {@link runAskTell}, but every population is evaluated on `evaluate.workers` Node worker threads
 * (`node:worker_threads`), each of which imports the objective from `modulePath` (an ES or CommonJS module
 * whose export `evaluate.exportName`, default `default`, is `(x: Float64Array) => number | Promise<number>`).
 * The population is split into contiguous chunks, one per worker; results are identical to a sequential run
 * with the same seed. Worth it only when one evaluation costs well over the ~0.1 ms message overhead.
 * Node only (the module is loaded lazily, so importing the package stays browser-safe).
 * @example
 * ```ts
 * // objective.mjs: export default (x) => x.reduce((s, v) => s + v * v, 0);
 * const r = await runAskTellParallel("./objective.mjs", cmaes({ x0: [1, 2], seed: 0, ftarget: 1e-10 }), {
 *   evaluate: { workers: 4 },
 * });
 * ```
 */
export async function runAskTellParallel(
  modulePath: string,
  opt: AskTell,
  options: RunAskTellParallelOptions,
): Promise<MinimizeResult> {
  const where = "runAskTellParallel";
  if (typeof modulePath !== "string" || modulePath.length === 0)
    throw new Error(
      `${where}: modulePath must be a non-empty path to a module, received ${String(modulePath)}`,
    );
  const workers = options?.evaluate?.workers;
  if (!Number.isInteger(workers) || workers! < 1)
    throw new Error(`${where}: evaluate.workers must be an integer >= 1, received ${String(workers)}`);
  const exportName = options.evaluate.exportName ?? "default";
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (typeof proc?.versions?.node !== "string")
    throw new Error(
      `${where}: worker threads need Node (node:worker_threads), and this runtime is not Node; in a browser, drive the optimiser with ask()/tell() and evaluate the points in your own Web Workers`,
    );
  const [{ Worker }, { pathToFileURL }, { resolve }] = await Promise.all([
    import("node:worker_threads"),
    import("node:url"),
    import("node:path"),
  ]);
  const url = modulePath.startsWith("file:") ? modulePath : pathToFileURL(resolve(modulePath)).href;
  const pool = Array.from(
    { length: workers! },
    () => new Worker(WORKER_SOURCE, { eval: true, workerData: { url, exportName } }),
  );
  let nextId = 0;
  const call = (w: InstanceType<typeof Worker>, xs: Float64Array[]) =>
    new Promise<Float64Array>((res, rej) => {
      const id = nextId++;
      const onMessage = (m: { id: number; fs?: Float64Array; error?: string }) => {
        if (m.id !== id) return;
        w.off("message", onMessage);
        w.off("error", onError);
        if (m.error !== undefined) rej(new Error(`${where}: objective failed in a worker: ${m.error}`));
        else res(m.fs!);
      };
      const onError = (e: Error) => {
        w.off("message", onMessage);
        rej(new Error(`${where}: worker error: ${e.message}`));
      };
      w.on("message", onMessage);
      w.once("error", onError);
      w.postMessage({ id, xs });
    });
  const maxFev = options.maxFev ?? Number.POSITIVE_INFINITY;
  const maxIter = options.maxIter ?? Number.POSITIVE_INFINITY;
  let reason = opt.stop();
  let status = 0;
  try {
    while (!reason) {
      if (opt.evaluations >= maxFev) {
        reason = `maxFev: ${opt.evaluations} evaluations`;
        status = 1;
        break;
      }
      if (opt.iteration >= maxIter) {
        reason = `maxIter: ${opt.iteration} generations`;
        status = 1;
        break;
      }
      const xs = opt.ask();
      const size = Math.ceil(xs.length / pool.length);
      const parts = await Promise.all(
        pool.map((w, k) => {
          const chunk = xs.slice(k * size, (k + 1) * size);
          return chunk.length ? call(w, chunk) : Promise.resolve(new Float64Array(0));
        }),
      );
      const fs = new Float64Array(xs.length);
      let o = 0;
      for (const p of parts) {
        fs.set(p, o);
        o += p.length;
      }
      opt.tell(xs, fs);
      if (options.callback?.(opt.best.x, opt.best.f) === true) {
        reason = "stopped by the callback";
        break;
      }
      reason = opt.stop();
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  const best = opt.best;
  const ok = Number.isFinite(best.f);
  return {
    x: best.x,
    fun: best.f,
    nit: opt.iteration,
    nfev: opt.evaluations,
    njev: 0,
    success: ok && status === 0,
    status: ok ? status : 3,
    message: ok ? reason! : `no finite objective value was seen (${reason})`,
  };
}
