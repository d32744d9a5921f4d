// Helpers for benchmarks: one JSON line per case, written to bench/results/<bench>.json, and peers run as
// Python programs side by side. A missing peer never fails a benchmark: it prints how to install it.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const resultsDir = join(new URL("..", import.meta.url).pathname, "bench", "results");
const started = new Set();

/** The interpreter that sees Debian's python3-numpy/scipy/torch. */
export const PEER_PYTHON = "/usr/bin/python3";

/**
 * The environment of a Python peer: `threads` OpenMP/MKL/OpenBLAS threads, and OpenBLAS's kernels named after the
 * CPU's vector extensions unless OPENBLAS_CORETYPE is already set. OpenBLAS picks its kernels by CPU model and
 * falls back to its SSE3 ("Prescott") kernels on a model it does not know: Debian 12's OpenBLAS 0.3.21 does so on
 * this machine's Xeon (family 6, model 207, with AVX-512), where the 4096×256·256×256 product then ran at 15.7
 * multiply-adds per ns instead of 66.8 with the SkylakeX kernels (2026-11-27), a peer 4x slower than it should be.
 */
export function peerEnv(threads = 1) {
  const env = {
    ...process.env,
    OMP_NUM_THREADS: String(threads),
    MKL_NUM_THREADS: String(threads),
    OPENBLAS_NUM_THREADS: String(threads),
  };
  if (!env.OPENBLAS_CORETYPE && existsSync("/proc/cpuinfo")) {
    const flags = new Set(
      (readFileSync("/proc/cpuinfo", "utf8").match(/^flags\s*:(.*)$/m)?.[1] ?? "").trim().split(/\s+/),
    );
    if (flags.has("avx512f") && flags.has("avx512bw") && flags.has("avx512vl"))
      env.OPENBLAS_CORETYPE = "SkylakeX";
    else if (flags.has("avx2") && flags.has("fma")) env.OPENBLAS_CORETYPE = "Haswell";
  }
  return env;
}

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
    env: peerEnv(1),
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
