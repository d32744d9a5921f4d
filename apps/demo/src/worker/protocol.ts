import type { BackendInfo } from "@continuum/core-tensor";
import type { Control, Params } from "../scenarios/types.js";

/** Messages from the page to the worker. */
export type ToWorker =
  | { type: "init"; backend: string }
  | { type: "probe"; page: string }
  | { type: "run"; page: string; scenario: string; params: Params; quick: boolean };

/** One scenario's availability. */
export interface ProbeEntry {
  id: string;
  title: string;
  description: string;
  controls: readonly Control[];
  defaults: Params;
  quick?: Params;
  missing: string[];
}

/** Messages from the worker to the page. */
export type FromWorker =
  | { type: "backend"; info: BackendInfo; error?: string }
  | { type: "probe"; page: string; entries: ProbeEntry[]; error?: string }
  | { type: "progress"; fraction: number; message?: string; partial?: unknown }
  | { type: "done"; result: unknown; ms: number }
  | { type: "unavailable"; missing: string[] }
  | { type: "error"; message: string };
