// Shared helpers of the pinn benchmarks (not a benchmark itself: no `.bench.mjs` suffix).
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, "..", "test", "fixtures");
const resultsDir = join(here, "..", "..", "..", "bench", "results");

export function loadFixture(name) {
  return JSON.parse(readFileSync(join(fixtures, name), "utf8"));
}

/** One JSON line per case, printed and appended to bench/results/<bench>.json (reset on first call). */
export function reporter(bench) {
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${bench}.json`);
  writeFileSync(file, "");
  return (kase, metric, ours, peer = null, extra = {}) => {
    const line = JSON.stringify({
      bench,
      case: kase,
      metric,
      ours,
      peer,
      ratio: peer == null || peer === 0 ? null : ours / peer,
      ...extra,
    });
    console.log(line);
    appendFileSync(file, `${line}\n`);
  };
}

/** Run a Python peer script; returns parsed JSON of its last stdout line or null (with an install hint). */
export function runPeer(script, args = [], timeoutMs = 600_000) {
  const py = "/usr/bin/python3";
  if (!existsSync(py)) {
    console.error("peer skipped: /usr/bin/python3 missing (apt-get install -y python3 python3-torch)");
    return null;
  }
  const r = spawnSync(py, [join(here, script), ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
  });
  if (r.status !== 0) {
    console.error(
      `peer ${script} failed or missing torch (apt-get install -y python3-torch): ${r.stderr?.slice(-400)}`,
    );
    return null;
  }
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]);
}

export const env = (name, def) => (process.env[name] ? Number(process.env[name]) : def);
