import type { BackendInfo } from "@continuum/core-tensor";
import type { Params } from "../scenarios/types.js";
import type { FromWorker, ProbeEntry, ToWorker } from "../worker/protocol.js";

/** Rejection reason of a run stopped with the stop button. */
export class StoppedError extends Error {
  constructor() {
    super("stopped");
    this.name = "StoppedError";
  }
}

/** Rejection reason of a run whose package exports are missing. */
export class UnavailableError extends Error {
  constructor(readonly missing: string[]) {
    super(`not available yet: ${missing.join(", ")}`);
    this.name = "UnavailableError";
  }
}

interface Pending {
  resolve(v: { result: unknown; ms: number }): void;
  reject(e: Error): void;
  onProgress(fraction: number, message?: string, partial?: unknown): void;
}

/**
 * Owns the Web Worker that runs scenarios. One run at a time; `stop()` terminates the worker (a tight numeric loop
 * cannot be interrupted any other way) and the next call starts a fresh one on the same backend.
 */
export class Runner {
  private worker: Worker | null = null;
  private backend = "auto";
  private pending: Pending | null = null;
  private probes = new Map<string, Array<(e: ProbeEntry[], err?: string) => void>>();
  backendListeners: Array<(info: BackendInfo | null, error?: string) => void> = [];

  get busy(): boolean {
    return this.pending !== null;
  }

  private send(msg: ToWorker): void {
    this.ensure().postMessage(msg);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL("../worker/worker.ts", import.meta.url), {
      type: "module",
      name: "continuum",
    });
    w.onmessage = (e: MessageEvent<FromWorker>) => this.dispatch(e.data);
    w.onerror = (e) => {
      const p = this.pending;
      this.pending = null;
      p?.reject(new Error(`worker error: ${e.message}`));
    };
    this.worker = w;
    for (const l of this.backendListeners) l(null);
    w.postMessage({ type: "init", backend: this.backend } satisfies ToWorker);
    return w;
  }

  private dispatch(m: FromWorker): void {
    if (m.type === "backend") {
      for (const l of this.backendListeners) l(m.info, m.error);
    } else if (m.type === "probe") {
      const waiting = this.probes.get(m.page) ?? [];
      this.probes.delete(m.page);
      for (const cb of waiting) cb(m.entries, m.error);
    } else {
      const p = this.pending;
      if (!p) return;
      if (m.type === "progress") {
        p.onProgress(m.fraction, m.message, m.partial);
        return;
      }
      this.pending = null;
      if (m.type === "done") p.resolve({ result: m.result, ms: m.ms });
      else if (m.type === "unavailable") p.reject(new UnavailableError(m.missing));
      else p.reject(new Error(m.message));
    }
  }

  /** Start (or restart) the worker on a backend choice: "auto", "webgpu", "webgl", "wasm" or "cpu". */
  setBackend(choice: string): void {
    this.backend = choice;
    this.terminate();
    this.ensure();
  }

  /** The scenarios of a page and which exports each is missing. */
  probe(page: string): Promise<ProbeEntry[]> {
    return new Promise((resolve, reject) => {
      const list = this.probes.get(page) ?? [];
      list.push((entries, err) => (err ? reject(new Error(err)) : resolve(entries)));
      this.probes.set(page, list);
      if (list.length === 1) this.send({ type: "probe", page });
    });
  }

  run(
    page: string,
    scenario: string,
    params: Params,
    onProgress: Pending["onProgress"],
    quick = false,
  ): Promise<{ result: unknown; ms: number }> {
    if (this.pending) return Promise.reject(new Error("another run is in progress; stop it first"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, onProgress };
      this.send({ type: "run", page, scenario, params, quick });
    });
  }

  stop(): void {
    const p = this.pending;
    this.pending = null;
    this.terminate();
    p?.reject(new StoppedError());
    this.ensure();
  }

  private terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const [, cbs] of this.probes) for (const cb of cbs) cb([], "worker restarted");
    this.probes.clear();
  }
}
