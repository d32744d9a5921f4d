// Helpers for benchmarks: one JSON line per case, written to bench/results/<bench>.json, and peers run as
// Python programs side by side. A missing peer never fails a benchmark: it prints how to install it.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const resultsDir = join(new URL("..", import.meta.url).pathname, "bench", "results");
const started = new Set();

/** The interpreter that sees Debian's python3-numpy/scipy/torch. */
export const PEER_PYTHON = "/usr/bin/python3";

/** Print and record one case: {"bench","case","metric","ours","peer","ratio"}. */
export function report({ bench, case: caseName, metric, ours, peer = null, extra = {} }) {
  const ratio = peer == null || peer === 0 ? null : ours / peer;
  const line = JSON.stringify({ bench, case: caseName, metric, ours, peer, ratio, ...extra });
  console.log(line);
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${bench}.json`);
  if (!started.has(bench)) {
    writeFileSync(file, "");
    started.add(bench);
  }
  appendFileSync(file, `${line}\n`);
  return ratio;
}

/**
 * Run a Python peer script that prints one JSON object on its last line. Returns it, or null (with a hint
 * printed) when the interpreter or a module is missing.
 */
export function runPeer(script, args = [], { modules = ["numpy"], timeoutMs = 600_000 } = {}) {
  const check = spawnSync(PEER_PYTHON, ["-c", `import ${modules.join(", ")}`], { encoding: "utf8" });
  if (check.status !== 0) {
    console.log(
      `# peer unavailable (${modules.join(", ")} not importable by ${PEER_PYTHON}); install with: bash bench/setup-peers.sh`,
    );
    return null;
  }
  const r = spawnSync(PEER_PYTHON, [script, ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, OMP_NUM_THREADS: "1", MKL_NUM_THREADS: "1" },
  });
  if (r.status !== 0) {
    console.log(
      `# peer ${script} failed: ${(r.stderr || r.error?.message || "").split("\n").slice(-3).join(" ")}`,
    );
    return null;
  }
  const last = r.stdout.trim().split("\n").pop();
  return JSON.parse(last);
}

/** Median wall time in ms of `fn` over `reps` runs after `warmup` runs. */
export async function timeit(fn, { reps = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const ts = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(ts.length / 2)];
}
