// CMA-ES evaluations to reach f − f_opt <= 1e-8 on BBOB f10 (rotated ellipsoid), f9 (rotated Rosenbrock) and
// f15 (rotated Rastrigin, with IPOP restarts) at 10-D and 20-D (instance 1), median over 11 seeds (failures
// count as ∞) vs Debian's python3-cmaes on the same functions (test/fixtures/gen_bbob.py), and BIPOP on 10-D
// f15 (ours only: python3-cmaes has no BIPOP loop; its IPOP loop is the peer of our IPOP).
// Both sides: x0 = −4 + 8·bbob_unif(n, 1000 + seed), σ₀ = 2, default population 4 + ⌊3 ln n⌋, target
// f − f_opt <= 1e-8 checked after each full generation, every call of f counts; IPOP: bounds [−5, 5]^n,
// restart from a uniform point of the box with σ₀ = 2 and twice the population. What differs by design:
// out-of-box samples (ours: clip + penalty, evaluated; cmaes: resampled, not evaluated) and the stagnation
// tests that trigger restarts (ours: tolfun on the best values, tolx, condition, maxiter; cmaes: tolfun on
// best and worst, tolx, tolxup, no-effect axis/coordinate, condition).
// The Python peer runs in a child process side by side with ours (one process each) and prints one line per
// case; each case is reported as soon as both sides have it.
// Run: npm run build -w @continuum/optim && nice -n 10 npm run bench -- cmaes
// Env: CMAES_BENCH_SEEDS_R20 (seeds for 20-D f15, default 11), CMAES_BENCH_ONLY (comma list of case names),
// CMAES_BENCH_MAX_MIN (wall-clock minutes for the whole run, default none: a seed still running then is
// abandoned on both sides and no new seed starts; `seeds`/`peerSeeds` say how many finished, and when they
// differ the ratio is also given on the seeds both ran, `ratioSameSeeds`. On a loaded machine the Python side
// of 20-D f15 alone can take hours).
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { PEER_PYTHON, peerEnv, report } from "../../../bench/lib.mjs";
import { cmaes, runAskTell } from "../dist/index.js";
import {
  bbobEllipsoidRotated,
  bbobRastriginRotated,
  bbobRosenbrockRotated,
  bbobUniform,
} from "../dist/testing.js";

const here = new URL(".", import.meta.url).pathname;
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const finiteOrNull = (v) => (Number.isFinite(v) ? v : null);
const seedsR20 = Number(process.env.CMAES_BENCH_SEEDS_R20 ?? 11);
const only = process.env.CMAES_BENCH_ONLY?.split(",");
const deadline = process.env.CMAES_BENCH_MAX_MIN
  ? Date.now() + Number(process.env.CMAES_BENCH_MAX_MIN) * 60_000
  : Number.POSITIVE_INFINITY;
const make = { 9: bbobRosenbrockRotated, 10: bbobEllipsoidRotated, 15: bbobRastriginRotated };
const cases = [
  { name: "bbob-f9-10", fid: 9, n: 10, budget: 100_000, seeds: 11, restarts: "none" },
  { name: "bbob-f10-10", fid: 10, n: 10, budget: 100_000, seeds: 11, restarts: "none" },
  { name: "bbob-f9-20", fid: 9, n: 20, budget: 300_000, seeds: 11, restarts: "none" },
  { name: "bbob-f10-20", fid: 10, n: 20, budget: 300_000, seeds: 11, restarts: "none" },
  { name: "bbob-f15-10/IPOP", fid: 15, n: 10, budget: 1_000_000, seeds: 11, restarts: "IPOP" },
  { name: "bbob-f15-10/BIPOP", fid: 15, n: 10, budget: 1_000_000, seeds: 11, restarts: "BIPOP" },
  { name: "bbob-f15-20/IPOP", fid: 15, n: 20, budget: 2_000_000, seeds: seedsR20, restarts: "IPOP" },
].filter((c) => !only || only.includes(c.name));

// Start the peer first, same order as ours (cheapest first, so that a time cap shortens the 20-D Rastrigin case).
const peerCases = cases
  .filter((c) => c.restarts !== "BIPOP")
  .map(({ name, fid, n, budget, seeds, restarts }) => ({ name, fid, n, budget, seeds, restarts }));
const peerLines = {};
let peerName = null;
const peerDone = (() => {
  if (peerCases.length === 0) return Promise.resolve(false);
  const check = spawnSync(PEER_PYTHON, ["-c", "import cmaes, numpy"], { encoding: "utf8" });
  if (check.status !== 0) {
    console.log(
      `# peer unavailable (cmaes/numpy not importable by ${PEER_PYTHON}); install with: apt-get install -y python3-cmaes`,
    );
    return Promise.resolve(false);
  }
  const args = [join(here, "peers/cmaes_peer.py"), JSON.stringify(peerCases)];
  if (Number.isFinite(deadline)) args.push(String(deadline / 1000));
  const child = spawn(PEER_PYTHON, args, {
    env: peerEnv(1),
  });
  let buf = "";
  let err = "";
  child.stdout.on("data", (d) => {
    buf += d;
    let k = buf.indexOf("\n");
    while (k >= 0) {
      const line = buf.slice(0, k).trim();
      buf = buf.slice(k + 1);
      if (line.startsWith("{")) {
        const o = JSON.parse(line);
        peerLines[o.case] = o;
        peerName = o.peer;
        console.log(
          `# peer done: ${o.case} (${o.seeds_done} seeds, ${(o.ms_per_run / 1000).toFixed(1)} s/run)`,
        );
        flush(); // defined below; this handler only runs once our loop yields
      }
      k = buf.indexOf("\n");
    }
  });
  child.stderr.on("data", (d) => {
    err += d;
  });
  return new Promise((resolve) => {
    child.on("close", (code) => {
      if (code !== 0) console.log(`# peer failed (exit ${code}): ${err.split("\n").slice(-3).join(" ")}`);
      resolve(code === 0);
    });
  });
})();

const ours = {};
const reported = new Set();
const tick = () => new Promise((r) => setImmediate(r)); // lets the peer's output in between our runs

function reportCase(c) {
  reported.add(c.name);
  const { evals, ms } = ours[c.name];
  const ref = peerLines[c.name];
  // when the two sides finished different numbers of seeds (time cap), also compare on the common seeds
  const k = Math.min(evals.length, ref?.seeds_done ?? 0);
  const partial = ref && (k < evals.length || k < ref.seeds_done);
  const oursSame = partial && k > 0 ? median(evals.slice(0, k)) : null;
  const peerSame =
    partial && k > 0 ? median(ref.evals.slice(0, k).map((e) => e ?? Number.POSITIVE_INFINITY)) : null;
  report({
    bench: "cmaes",
    case: c.name,
    metric: "evals-to-1e-8",
    ours: evals.length ? median(evals) : null, // ∞ (more than half failed) is written as null, and its ratio
    peer: ref?.median ?? null,
    extra: {
      seeds: evals.length,
      successes: evals.filter(Number.isFinite).length,
      peerSeeds: ref?.seeds_done ?? null,
      peerSuccesses: ref?.successes ?? null,
      evals: evals.map(finiteOrNull),
      peerEvals: ref?.evals ?? null,
      msPerRun: ms,
      peerMsPerRun: ref?.ms_per_run ?? null,
      peerName,
      ...(oursSame === null
        ? {}
        : {
            oursSameSeeds: finiteOrNull(oursSame),
            peerSameSeeds: finiteOrNull(peerSame),
            ratioSameSeeds: Number.isFinite(oursSame / peerSame) ? oursSame / peerSame : null,
          }),
    },
  });
}

const flush = () => {
  for (const c of cases)
    if (!reported.has(c.name) && ours[c.name] && (c.restarts === "BIPOP" || peerLines[c.name])) reportCase(c);
};

for (const c of cases) {
  const p = make[c.fid](c.n, 1);
  const f = (x) => p.f(x) - p.fopt;
  const t = performance.now();
  const evals = [];
  for (let seed = 0; seed < c.seeds && Date.now() < deadline; seed++) {
    const x0 = Float64Array.from(bbobUniform(c.n, 1000 + seed), (u) => -4 + 8 * u);
    let late = false;
    const r = runAskTell(
      f,
      cmaes({
        x0,
        sigma0: 2,
        seed,
        ftarget: 1e-8,
        maxEvals: c.budget,
        restarts: c.restarts,
        maxRestarts: c.restarts === "BIPOP" ? 9 : 12,
        ...(c.restarts === "none" ? {} : { bounds: Array.from({ length: c.n }, () => [-5, 5]) }),
      }),
      { callback: () => (late = Date.now() > deadline) },
    );
    if (late && r.fun > 1e-8) break; // abandoned at the deadline: not counted
    evals.push(r.fun <= 1e-8 ? r.nfev : Number.POSITIVE_INFINITY);
    await tick();
  }
  ours[c.name] = { evals, ms: (performance.now() - t) / Math.max(1, evals.length) };
  console.log(`# ours done: ${c.name} (${evals.length} seeds, ${(ours[c.name].ms / 1000).toFixed(1)} s/run)`);
  flush();
}
await peerDone;
flush();
for (const c of cases) if (!reported.has(c.name)) reportCase(c);
