// CMA-ES evaluations to reach f − f_opt <= 1e-8 on BBOB f10 (rotated ellipsoid), f9 (rotated Rosenbrock) and
// f15 (rotated Rastrigin, with IPOP restarts) at 10-D and 20-D (instance 1), median over 11 seeds (failures
// count as ∞) vs Debian's python3-cmaes on the same functions (test/fixtures/gen_bbob.py), and BIPOP on 10-D
// f15 (ours only: python3-cmaes has no BIPOP loop; its IPOP loop is the peer of our IPOP).
// Run: npm run build -w @continuum/optim && npm run bench -- cmaes
// Env: CMAES_BENCH_SEEDS_R20 (seeds for 20-D f15, default 11), CMAES_BENCH_ONLY (comma list of case names).
import { join } from "node:path";
import { report, runPeer } from "../../../bench/lib.mjs";
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
const make = { 9: bbobRosenbrockRotated, 10: bbobEllipsoidRotated, 15: bbobRastriginRotated };
const cases = [
  { name: "bbob-f10-10", fid: 10, n: 10, budget: 100_000, seeds: 11, restarts: "none" },
  { name: "bbob-f10-20", fid: 10, n: 20, budget: 300_000, seeds: 11, restarts: "none" },
  { name: "bbob-f9-10", fid: 9, n: 10, budget: 100_000, seeds: 11, restarts: "none" },
  { name: "bbob-f9-20", fid: 9, n: 20, budget: 300_000, seeds: 11, restarts: "none" },
  { name: "bbob-f15-10/IPOP", fid: 15, n: 10, budget: 1_000_000, seeds: 11, restarts: "IPOP" },
  { name: "bbob-f15-20/IPOP", fid: 15, n: 20, budget: 2_000_000, seeds: seedsR20, restarts: "IPOP" },
  { name: "bbob-f15-10/BIPOP", fid: 15, n: 10, budget: 1_000_000, seeds: 11, restarts: "BIPOP" },
].filter((c) => !only || only.includes(c.name));

for (const c of cases) {
  const p = make[c.fid](c.n, 1);
  const f = (x) => p.f(x) - p.fopt;
  const t = performance.now();
  const evals = [];
  for (let seed = 0; seed < c.seeds; seed++) {
    const x0 = Float64Array.from(bbobUniform(c.n, 1000 + seed), (u) => -4 + 8 * u);
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
    );
    evals.push(r.fun <= 1e-8 ? r.nfev : Number.POSITIVE_INFINITY);
  }
  const ms = (performance.now() - t) / c.seeds;
  let peer = null;
  if (c.restarts !== "BIPOP") {
    const spec = [
      { name: c.name, fid: c.fid, n: c.n, budget: c.budget, seeds: c.seeds, restarts: c.restarts },
    ];
    peer = runPeer(join(here, "peers/cmaes_peer.py"), [JSON.stringify(spec)], {
      modules: ["cmaes", "numpy"],
      timeoutMs: 3_600_000,
    });
    if (!peer) console.log("# peer missing or failed; install with: apt-get install -y python3-cmaes");
  }
  const ref = peer?.cases?.[c.name];
  report({
    bench: "cmaes",
    case: c.name,
    metric: "evals-to-1e-8",
    ours: median(evals), // ∞ (more than half failed) is written as null, and so is its ratio
    peer: ref?.median ?? null,
    extra: {
      seeds: c.seeds,
      successes: evals.filter(Number.isFinite).length,
      peerSuccesses: ref?.successes ?? null,
      evals: evals.map(finiteOrNull),
      peerEvals: ref?.evals ?? null,
      msPerRun: ms,
      peerMsPerRun: ref?.ms_per_run ?? null,
      peerName: peer?.peer ?? null,
    },
  });
}
