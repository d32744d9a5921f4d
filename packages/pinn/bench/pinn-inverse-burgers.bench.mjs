// Inverse Burgers: identify ν (true 0.01/π) from 2000 observations of the reference solution with 1% Gaussian
// noise (σ = 0.01·std(u)), starting from ν = 0.01, learning log ν with the network (Adam with a decaying learning
// rate, then restarted L-BFGS; the error trace is the ν error). Budget: INVERSE_SECONDS (s).
// log ν gets its own constant Adam learning rate INVERSE_PARAM_LR (default 1e-2; 0 = the network's decaying
// rate, the previous setting). Measured: the ν error at matched Adam steps is the same either way (1.21 at step
// ~4800), so ν tracks the value the current network implies and the network's fit of the shock, not the rate of
// log ν, limits identification; ν converges in the full-batch L-BFGS phase.
// Measured 2026-11-26 (one core, the other busy): default (600 s budget) ν error 0.91% (L-BFGS converged at 255 s,
// 11800 Adam + 4842 L-BFGS steps, ν = 0.0032121); INVERSE_HIDDEN=20x8 INVERSE_N=4096: 1.02% (ν = 0.0032157). Both
// overestimate ν by about 1%: the smoothed shock reads as extra viscosity. Raissi et al. report about 0.1%.
// Measured 2026-11-27 (two runs at a time, one per core), ν error by network seed INVERSE_SEED = 0 / 1 / 2 (/ 3):
//   default: +1.11% / +0.41% / +0.51% (seed 0 gave 0.91% the day before: the phases are time-budgeted, so runs
//   differ in their step counts); INVERSE_DATA_WEIGHT=10: −0.27% / −1.62% / −0.53% (the bias changes sign with
//   the data weight; 0.1 gives +35%); INVERSE_WEIGHTING=gradNorm: −0.19% / +0.78% / +0.32% / −1.16% (L-BFGS stopped
//   after 3 steps for seeds 1 and 3); INVERSE_RESAMPLE=rad INVERSE_N=2048: +5.7% (seed 0, CI on the other core);
//   INVERSE_COLLOC_OBS=1 INVERSE_HIDDEN=20x8 (Raissi's setting): +4.3% / +0.86% (seed 0: L-BFGS stopped at 1000).
//   Within 1% for the median seed in every setting, but one seed in three or four lands over it.
import { mlp, prng, ready } from "@continuum/core-tensor";
import {
  burgers,
  observations,
  pde,
  points,
  product,
  interval,
  timeDomain,
  train,
  trainable,
} from "../dist/index.js";
import { env, loadFixture, reporter, trainAdamLbfgs } from "./common.mjs";

await ready();
const report = reporter("pinn-inverse-burgers");
const ref = loadFixture("burgers_reference.json");
const rng = prng(0);
const all = [];
for (let k = 0; k < ref.t.length; k++)
  for (let i = 0; i < ref.x.length; i++) all.push([ref.x[i], ref.t[k], ref.u[k][i]]);
const perm = rng.permutation(all.length);
const obs = Array.from(perm.slice(0, 2000), (j) => all[j]);
const mean = all.reduce((s, r) => s + r[2], 0) / all.length;
const std = Math.sqrt(all.reduce((s, r) => s + (r[2] - mean) ** 2, 0) / all.length);
const noise = rng.normalArray(obs.length);
const problem = pde({
  geometry: product(interval(-1, 1), timeDomain(0, 1)),
  residual: burgers({ nu: "nu" }),
  conditions: [
    observations({
      points: points(obs.map((r) => [r[0], r[1]])),
      values: obs.map((r, i) => r[2] + 0.01 * std * noise[i]),
      // INVERSE_DATA_WEIGHT (default 1): the observations' loss weight against the residual's.
      weight: env("INVERSE_DATA_WEIGHT", 1),
    }),
  ],
  parameters: { nu: trainable(0.01, { positive: true }) },
});
const trueNu = 0.01 / Math.PI;
// INVERSE_HIDDEN (default "20x4": 4 hidden layers of 20) and INVERSE_N (collocation points, default 1024).
const [iw, idp] = String(process.env.INVERSE_HIDDEN ?? "20x4")
  .split("x")
  .map(Number);
// INVERSE_SEED (default 0): the network's initial weights (the observations and their noise do not change).
const net = mlp({ inputs: 2, hidden: new Array(idp).fill(iw), outputs: 1, seed: env("INVERSE_SEED", 0) });
const r = await trainAdamLbfgs(train, problem, net, {
  seconds: env("INVERSE_SECONDS", 600),
  adamFrac: 0.3,
  lr: 3e-3,
  ...(env("INVERSE_PARAM_LR", 1e-2) > 0 ? { parameterLr: env("INVERSE_PARAM_LR", 1e-2) } : {}),
  // INVERSE_WEIGHTING=gradNorm|ntk: adaptive loss weights in the Adam phase (the L-BFGS rounds keep the last ones).
  ...(process.env.INVERSE_WEIGHTING ? { weighting: { method: process.env.INVERSE_WEIGHTING } } : {}),
  // INVERSE_COLLOC_OBS=1: the residual on the 2000 observation points themselves, for both phases (Raissi's
  // setting), instead of INVERSE_N sampled points.
  ...(env("INVERSE_COLLOC_OBS", 0) === 1
    ? { collocationPoints: points(obs.map((r) => [r[0], r[1]])) }
    : { collocation: env("INVERSE_N", 1024) }),
  // INVERSE_RESAMPLE=rad|rar|uniform: resample the collocation points every 200 Adam steps (RAD: residual-based
  // density, which gathers points at the shock); the L-BFGS rounds keep the final set.
  ...(process.env.INVERSE_RESAMPLE
    ? { adamResample: { every: 200, method: process.env.INVERSE_RESAMPLE } }
    : {}),
  evalError: () => Math.abs(problem.parameters.values().nu - trueNu) / trueNu,
});
const nu = problem.parameters.values().nu;
report(
  `nu relative error (adam ${r.adamSteps} + lbfgs ${r.lbfgsSteps}, ${idp}x${iw} tanh, N=${env("INVERSE_N", 1024)}, 2000 obs, 1% noise, log-nu lr ${env("INVERSE_PARAM_LR", 1e-2) || "as network"})`,
  "relErr",
  Math.abs(nu - trueNu) / trueNu,
  0.01,
  {
    nu,
    trueNu,
    seconds: r.seconds,
    target: "issue: within 1%",
    trace: r.trace.filter((_, i) => i % 4 === 0),
  },
);
