// Sampler accuracy vs NFE with exact Gaussian-mixture scores (no training), and sampler throughput.
// ODE samplers: mean |x - x_ref| per sample against a tight adaptive RK45 solve from the same prior draws.
// All samplers: sliced W2 to fresh mixture samples (noise floor printed as case "floor").
// Run: npx tsup && node bench/diffusion-samplers.bench.mjs   (or from the root: npm run bench -- diffusion)
import { prng, ready, tf } from "@continuum/core-tensor";
import { resolveProcess, samplers, slicedWasserstein } from "../dist/index.js";
import { contractGmm } from "../dist/testing.js";
import { report } from "../../../bench/lib.mjs";

await ready();
const B = "diffusion-samplers";
const g = contractGmm();
const n = 2000;
const fresh = g.sample(n, prng(99)).arraySync();
const floor = slicedWasserstein(g.sample(n, prng(98)).arraySync(), fresh, { rng: prng(1), projections: 128 });
report({ bench: B, case: "floor: fresh vs fresh (n=2000)", metric: "SW2", ours: floor });

function run(name, pathName, steps, extra = {}) {
  const path = resolveProcess(pathName);
  const s = samplers.get(name);
  let t0 = path.tMax;
  if (
    path.alpha(t0) < 1e-3 * path.sigma(t0) &&
    (s.kind === "sde" || name.startsWith("dpm") || name.startsWith("edm"))
  )
    t0 = path.sdeTMax;
  const xT = prng(7).normal([n, 2], { std: Math.sqrt(path.alpha(t0) ** 2 + path.sigma(t0) ** 2) });
  const start = performance.now();
  const r = s.run(g.model(path), xT, { steps, tMax: t0, rng: prng(8), ...extra });
  const ms = performance.now() - start;
  const out = r.samples.arraySync();
  tf.dispose([r.samples]);
  return { xT, out, nfe: r.nfe, ms, t0 };
}

const path = "vp-linear";
const ref = (() => {
  const r = run("rk45", path, 20, { rtol: 1e-6, atol: 1e-6 });
  r.xT.dispose();
  return r.out;
})();
const odeRows = [
  ["euler", [10, 20, 50, 100]],
  ["heun", [5, 10, 25, 50]],
  ["ddim", [10, 20, 50, 100]],
  ["dpm-solver-2", [5, 10, 25]],
  ["dpm-solver-3", [4, 7, 17]],
  ["dpm-solver++2m", [10, 20, 50]],
  ["dpm-solver++3m", [10, 20, 50]],
  ["edm-heun", [5, 10, 25, 50]],
  ["rk4", [3, 5, 13]],
];
for (const [name, ladder] of odeRows) {
  for (const steps of ladder) {
    const r = run(name, path, steps);
    r.xT.dispose();
    let e = 0;
    for (let i = 0; i < n; i++) e += Math.hypot(r.out[i][0] - ref[i][0], r.out[i][1] - ref[i][1]) / n;
    const sw = slicedWasserstein(r.out, fresh, { rng: prng(2), projections: 128 });
    report({
      bench: B,
      case: `${name} ${path} NFE=${r.nfe}`,
      metric: "meanAbsErrVsRK45",
      ours: e,
      extra: { nfe: r.nfe, sw2: sw, ms: r.ms, samplesPerSec: (n / r.ms) * 1000 },
    });
  }
}
for (const [name, ladder, extra] of [
  ["ddpm", [50, 100, 250], {}],
  ["euler-maruyama", [50, 100, 300], {}],
  ["predictor-corrector", [50, 150], { snr: 0.1 }],
  ["edm-stochastic", [20, 40], { churn: 20 }],
]) {
  for (const steps of ladder) {
    const r = run(name, name === "edm-stochastic" ? "edm" : path, steps, extra);
    r.xT.dispose();
    const sw = slicedWasserstein(r.out, fresh, { rng: prng(2), projections: 128 });
    report({
      bench: B,
      case: `${name} NFE=${r.nfe}`,
      metric: "SW2",
      ours: sw,
      extra: { nfe: r.nfe, floor, ms: r.ms },
    });
  }
}
g.dispose();
