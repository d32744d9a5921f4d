// CMA-ES evaluations to reach f <= 1e-8 (median over 11 seeds, failures count as ∞) vs Debian's python3-cmaes,
// and BIPOP on 10-D Rastrigin. Run: npm run build -w @continuum/optim && npm run bench -- cmaes
import { join } from "node:path";
import { report, runPeer } from "../../../bench/lib.mjs";
import { cmaes, runAskTell } from "../dist/index.js";
import { ellipsoid, rastrigin, rosenbrock } from "../dist/testing.js";

const here = new URL(".", import.meta.url).pathname;
const peer = runPeer(join(here, "peers/cmaes_peer.py"), [], { modules: ["cmaes"] });
if (!peer) console.log("# peer missing; install with: apt-get install -y python3-cmaes");
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const cases = {
  "rotated-ellipsoid-10": [ellipsoid(10, 1), 60_000],
  "rotated-ellipsoid-20": [ellipsoid(20, 2), 150_000],
  "rosenbrock-10": [rosenbrock(10), 60_000],
  "rosenbrock-20": [rosenbrock(20), 150_000],
};
for (const [name, [p, budget]] of Object.entries(cases)) {
  const n = p.x0.length;
  const t = performance.now();
  const evals = [];
  for (let seed = 0; seed < 11; seed++) {
    const r = runAskTell(
      p.f,
      cmaes({ x0: new Float64Array(n).fill(3), sigma0: 2, seed, ftarget: 1e-8, maxEvals: budget }),
    );
    evals.push(r.fun <= 1e-8 ? r.nfev : Number.POSITIVE_INFINITY);
  }
  const ms = (performance.now() - t) / 11;
  const ref = peer?.cases?.[name];
  report({
    bench: "cmaes",
    case: name,
    metric: "evals-to-1e-8",
    ours: median(evals),
    peer: ref?.median ?? null,
    extra: {
      successes: evals.filter(Number.isFinite).length,
      peerSuccesses: ref?.successes ?? null,
      msPerRun: ms,
      peerMsPerRun: ref?.ms_per_run ?? null,
      peerName: peer?.peer ?? null,
    },
  });
}
// BIPOP on 10-D Rastrigin in [-5, 5]^10 (no peer: python3-cmaes has no built-in BIPOP)
const p = rastrigin(10);
const evals = [];
const t = performance.now();
for (let seed = 0; seed < 3; seed++) {
  const r = runAskTell(
    p.f,
    cmaes({
      x0: p.x0,
      sigma0: 2,
      seed,
      ftarget: 1e-8,
      maxEvals: 1e6,
      restarts: "BIPOP",
      maxRestarts: 12,
      bounds: Array.from({ length: 10 }, () => [-5, 5]),
    }),
  );
  evals.push(r.fun <= 1e-8 ? r.nfev : Number.POSITIVE_INFINITY);
}
report({
  bench: "cmaes",
  case: "rastrigin-10/BIPOP",
  metric: "evals-to-1e-8",
  ours: median(evals),
  peer: null,
  extra: { runs: evals, msPerRun: (performance.now() - t) / 3 },
});
