// −Δu = 1 on the L-shaped domain [−1,1]² \ [0,1]², u = 0 on the boundary (the DeepXDE example), against the
// finite-difference reference (test/fixtures/poisson_lshape_reference.json; h = 1/256, its own relative L2 error
// ≈ 2e-4 by comparison with h = 1/512, see gen_poisson_lshape.py). The boundary condition is exact by a hard
// constraint u = D·N with the smooth distance D = (1 − x²)(1 − y²)·(√(x² + y²) − x − y) (the R-disjunction of
// −x > 0 and −y > 0 vanishes on the two re-entrant edges), or soft with POISSON_SOFT=1. Adam with a decaying
// learning rate, then restarted L-BFGS. Budget: POISSON_SECONDS (s, default 480).
// Corner treatment (default POISSON_CORNER=1): near the re-entrant corner (0, 0) the solution behaves like
// c·r^{2/3} sin(2φ/3), so u/D ~ r^{-1/3} is unbounded with the plain D. `cornerDistance` blends D into the harmonic
// r^{2/3} sin(2φ/3) near the corner (u/D then stays bounded) and `cornerEnrichment` adds the next singular term
// c₂·χ r^{4/3} sin(4φ/3) with a trainable coefficient (POISSON_ENRICH terms from k = 2; 0 = none).
// POISSON_CORNER=0 is the previous setting (plain D, no enrichment).
// Source term (default POISSON_SOURCE=1): the corner angle 3π/2 is resonant for −Δu = 1, so u also carries
// r²(log r sin 2φ + φ cos 2φ) and u/D' has an r^{4/3} log r term; `cornerEnrichment(…, { source: true })` adds the
// particular solution of −Δw = 1 that vanishes on both edges, with a trainable coefficient.
// Network POISSON_HIDDEN (comma list, default 50,50,50,50 tanh), collocation points POISSON_N (default 1024).
// Figures (2 shared cores, nice 10, 400 s budget): 3x32 + source 3.87e-3 (L-BFGS stalled at 256 s);
// 4x50 + source 3.04e-3 (402 s); 4x50 + source + N=2048 4.66e-3 (404 s, half the steps).
// POISSON_CORNERS=all adds the source term at the five convex right angles too (u/D has a log r singularity
// there as well): 4.32e-3 (1200 s budget on a machine shared three ways, L-BFGS stopped at 788 s, 5850 Adam
// steps; the learnt convex-corner coefficients stayed at 0.01–0.02), against 2.69e-3 for the re-entrant-only
// default (1200 s, L-BFGS stopped at 583 s, 9400 Adam steps): no gain.
// POISSON_SOFT=1 POISSON_SOFT_ENRICH=1: soft boundary condition (POISSON_NB points, weight POISSON_WB) and the
// corner enrichment from the leading r^{2/3} term, no distance factor (u = N + Σ cₖ ψₖ). Much cheaper steps, but
// the boundary term decides the error: weight 10 left |u| ≈ 0.02 on the boundary (8e-2 after 100 s), weight
// 3000 made the training stiff (1.8e-1 after 240 s). Worse than the hard constraint; kept for the record. Previous default (3x32, no source,
// 480 s, busier machine) 4.65e-3. With the blended forms L-BFGS creeps (loss ≈ 4e-3) and the 1e-3 target is not
// reached: the error sits in the blending annulus (POISSON_DIAG=1: 55% of the squared error at 0.5 < r ≤ 1).
// Measured 2026-11-26 (one core, the other busy), 600 s budget:
//   default (POISSON_GLOBAL=1, window q, no annulus): relL2 3.21e-4 (4400 Adam + 6198 L-BFGS steps, loss 8e-5);
//     error share by r ≤ 0.1 / 0.25 / 0.5 / 1 / 2: 0.12 0.15 0.36 0.28 0.09. The reference's own error is ≈ 2e-4.
//   POISSON_GLOBAL=0 (blended): 2.82e-3 (400 s); with POISSON_RESAMPLE=rad POISSON_ADAM_FRAC=0.5
//     POISSON_LBFGS_N=2048: 2.62e-3 (600 s).
import { mlp, ready, tf } from "@continuum/core-tensor";
import {
  cornerDistance,
  cornerEnrichment,
  dirichlet,
  evaluate,
  hardConstraint,
  pde,
  points,
  poisson,
  predict,
  polygon,
  train,
} from "../dist/index.js";
import { env, loadFixture, reporter, trainAdamLbfgs } from "./common.mjs";

await ready();
const report = reporter("pinn-poisson-lshape");
const ref = loadFixture("poisson_lshape_reference.json");
const geometry = polygon([
  [-1, -1],
  [1, -1],
  [1, 0],
  [0, 0],
  [0, 1],
  [-1, 1],
]);
const soft = env("POISSON_SOFT", 0) === 1;
const corner = !soft && env("POISSON_CORNER", 1) === 1;
// POISSON_SOFT_ENRICH=1: soft boundary condition plus the corner enrichment (u = N + Σ cₖ ψₖ, no distance factor).
const softEnrich = soft && env("POISSON_SOFT_ENRICH", 0) === 1;
const enrichTerms = corner || softEnrich ? env("POISSON_ENRICH", 1) : 0;
const source = enrichTerms > 0 && env("POISSON_SOURCE", 1) === 1;
const collocation = env("POISSON_N", 1024);
const hidden = (process.env.POISSON_HIDDEN ?? "50,50,50,50").split(",").map(Number);
// POISSON_CORNERS=all also puts the source term at the five convex right angles (see the header).
const cornerChoice = process.env.POISSON_CORNERS ?? "reentrant";
if (cornerChoice !== "reentrant" && cornerChoice !== "all")
  throw new Error(`POISSON_CORNERS must be "reentrant" or "all", received ${cornerChoice}`);
// Default (POISSON_GLOBAL=1): no blending annulus. cornerDistance and cornerEnrichment get the window
// q = (1 − x²)(1 − y²) (zero on the four outer edges): D = q·σ r^{2/3} sin(2φ/3) and the enrichment terms q·r^{4/3}
// sin(4φ/3), q·w over the whole domain. POISSON_GLOBAL=0: the blended forms (C² cut-off on the annulus
// 0.5 < r < 1 around the corner), whose large cut-off derivatives put 55% of the squared error in 0.5 < r ≤ 1.
// (The window vanishes on the outer edges only, so it suits the re-entrant corner alone: not POISSON_CORNERS=all.)
const globalCorner = corner && env("POISSON_GLOBAL", 1) === 1 && cornerChoice === "reentrant";
const window = (x) =>
  tf.tidy(() => {
    const [px, py] = tf.split(x, 2, 1);
    return tf.reshape(tf.mul(tf.sub(1, tf.square(px)), tf.sub(1, tf.square(py))), [-1]);
  });
const enrichment =
  enrichTerms > 0
    ? cornerEnrichment(geometry, {
        firstTerm: softEnrich ? 1 : 2,
        terms: enrichTerms,
        source,
        corners: cornerChoice,
        ...(globalCorner ? { window } : {}),
      })
    : undefined;
const smoothDistance = (x) =>
  tf.tidy(() => {
    const [px, py] = tf.split(x, 2, 1);
    const r = tf.sqrt(tf.maximum(tf.add(tf.square(px), tf.square(py)), 1e-30));
    const wedge = tf.sub(r, tf.add(px, py));
    const square = tf.mul(tf.sub(1, tf.square(px)), tf.sub(1, tf.square(py)));
    return tf.reshape(tf.mul(wedge, square), [-1]);
  });
const distance = globalCorner
  ? cornerDistance(geometry, { window })
  : corner
    ? cornerDistance(geometry, { base: smoothDistance })
    : smoothDistance;
const problem = pde({
  geometry,
  residual: poisson({ f: 1 }),
  ...(soft
    ? {
        conditions: [dirichlet({ value: 0, points: env("POISSON_NB", 256), weight: env("POISSON_WB", 1) })],
        ...(enrichment
          ? { transform: hardConstraint({ distance: (x) => tf.ones([x.shape[0]]), enrichment }) }
          : {}),
      }
    : {
        transform: hardConstraint({
          distance,
          ...(enrichment ? { enrichment } : {}),
        }),
      }),
});
const net = mlp({ inputs: 2, hidden, outputs: 1, seed: 0 });
const refPts = points(ref.points);
// POISSON_RESAMPLE=uniform|rad: redraw the collocation points every 100 Adam steps (RAD: residual-based
// adaptive distribution) instead of keeping one set; POISSON_ADAM_FRAC (default 0.25) of the budget goes to Adam.
const resampleMethod = process.env.POISSON_RESAMPLE;
const r = await trainAdamLbfgs(train, problem, net, {
  seconds: env("POISSON_SECONDS", 480),
  adamFrac: env("POISSON_ADAM_FRAC", 0.25),
  lr: 2e-3,
  collocation,
  ...(resampleMethod ? { resample: { every: 100, method: resampleMethod } } : {}),
  // POISSON_LBFGS_N: L-BFGS on a fresh Sobol set of this many points (default: Adam's last set).
  ...(process.env.POISSON_LBFGS_N ? { lbfgsCollocation: env("POISSON_LBFGS_N", 0) } : {}),
  evalError: () => evaluate(problem, net, { points: refPts, values: ref.u }),
});
const err = evaluate(problem, net, { points: refPts, values: ref.u });
// Where the error is: squared error share by distance from the re-entrant corner (POISSON_DIAG=1).
if (env("POISSON_DIAG", 0) === 1) {
  const u = predict(problem, net, refPts);
  const bins = [0.1, 0.25, 0.5, 1, 2];
  const share = bins.map(() => 0);
  let total = 0;
  ref.points.forEach(([x, y], i) => {
    const e2 = (u[i] - ref.u[i]) ** 2;
    total += e2;
    share[bins.findIndex((b) => Math.hypot(x, y) <= b)] += e2;
  });
  console.error(
    `error share by r (≤ ${bins.join(", ")}): ${share.map((v) => (v / total).toFixed(3)).join(" ")}`,
  );
}
report(
  `relL2 on 705 FD nodes (adam ${r.adamSteps} + lbfgs ${r.lbfgsSteps}, ${hidden.length}x${hidden[0]} tanh, N=${collocation}, ${soft ? "soft" : "hard"} BC${corner ? `, corner distance + ${enrichTerms} enrichment term(s)${source ? " + source term" : ""}` : ""})`,
  "relL2",
  err,
  1e-3,
  {
    seconds: r.seconds,
    target: "issue: <= 1e-3",
    enrichment: enrichment
      ? Object.fromEntries(
          enrichment.names.map((n, k) => [n, problem.transform.variables.enrichment.dataSync()[k]]),
        )
      : null,
    trace: r.trace.filter((_, i) => i % 4 === 0),
  },
);
