// Registers the plugin and solves y' = -y on [0, 1] with it by name, through the public solveIvp API.
import "./register-ralston3.js";
import { solveIvp } from "@continuum/ode";

const sol = solveIvp(
  (_t: number, y: Float64Array, dy: Float64Array) => {
    dy[0] = -y[0]!;
  },
  [0, 1],
  [1],
  { method: "Ralston3", firstStep: 0.01, maxStep: 0.01 },
);
const y1 = sol.y[sol.y.length - 1]![0]!;
const err = Math.abs(y1 - Math.exp(-1));
if (!(err < 1e-6)) throw new Error(`Ralston3 plugin: |y(1) - e^-1| = ${err}`);
console.log(
  `Ralston3 plugin: y(1) = ${y1.toFixed(9)}, error ${err.toExponential(2)} (${sol.nfev} f evaluations)`,
);
