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
    }),
  ],
  parameters: { nu: trainable(0.01, { positive: true }) },
});
const trueNu = 0.01 / Math.PI;
// INVERSE_HIDDEN (default "20x4": 4 hidden layers of 20) and INVERSE_N (collocation points, default 1024).
const [iw, idp] = String(process.env.INVERSE_HIDDEN ?? "20x4")
  .split("x")
  .map(Number);
const net = mlp({ inputs: 2, hidden: new Array(idp).fill(iw), outputs: 1, seed: 0 });
const r = await trainAdamLbfgs(train, problem, net, {
  seconds: env("INVERSE_SECONDS", 600),
  adamFrac: 0.3,
  lr: 3e-3,
  ...(env("INVERSE_PARAM_LR", 1e-2) > 0 ? { parameterLr: env("INVERSE_PARAM_LR", 1e-2) } : {}),
  collocation: env("INVERSE_N", 1024),
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
