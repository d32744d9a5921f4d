/// <reference lib="webworker" />
import { backendInfo } from "@continuum/core-tensor";
import { scenarioModules } from "../scenarios/index.js";
import { NotAvailableError, now } from "../scenarios/types.js";
import { startBackend } from "./backend.js";
import type { FromWorker, ToWorker } from "./protocol.js";

declare const self: DedicatedWorkerGlobalScope;

const post = (m: FromWorker): void => self.postMessage(m);
let backendStarted: Promise<unknown> = Promise.resolve();

async function loadPage(page: string) {
  const load = scenarioModules[page];
  if (!load) throw new Error(`unknown page '${page}'; known: ${Object.keys(scenarioModules).join(", ")}`);
  return load();
}

async function handle(msg: ToWorker): Promise<void> {
  if (msg.type === "init") {
    backendStarted = startBackend(msg.backend).then(
      (info) => post({ type: "backend", info }),
      (e: Error) => post({ type: "backend", info: backendInfo(), error: e.message }),
    );
    return;
  }
  if (msg.type === "probe") {
    try {
      const mod = await loadPage(msg.page);
      post({
        type: "probe",
        page: msg.page,
        entries: mod.scenarios.map((s) => ({
          id: s.id,
          title: s.title,
          description: s.description,
          controls: s.controls,
          defaults: s.defaults,
          quick: s.quick,
          missing: s.missing(),
        })),
      });
    } catch (e) {
      post({ type: "probe", page: msg.page, entries: [], error: (e as Error).message });
    }
    return;
  }
  await backendStarted;
  const mod = await loadPage(msg.page);
  const scenario = mod.scenarios.find((s) => s.id === msg.scenario);
  if (!scenario) throw new Error(`unknown scenario '${msg.scenario}' on page '${msg.page}'`);
  const missing = scenario.missing();
  if (missing.length > 0) throw new NotAvailableError(missing);
  const t0 = now();
  let last = 0;
  const result = await scenario.run(
    { ...scenario.defaults, ...(msg.quick ? scenario.quick : {}), ...msg.params },
    {
      quick: msg.quick,
      progress(fraction, message, partial) {
        // Throttle partial snapshots (they are copied to the page) but always send the final one.
        const t = now();
        if (partial !== undefined && fraction < 1 && t - last < 60) partial = undefined;
        if (partial !== undefined) last = t;
        post({ type: "progress", fraction, message, partial });
      },
    },
  );
  post({ type: "done", result, ms: now() - t0 });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  handle(e.data).catch((err: unknown) => {
    if (err instanceof NotAvailableError) post({ type: "unavailable", missing: err.missing });
    else post({ type: "error", message: err instanceof Error ? `${err.message}` : String(err) });
  });
};
