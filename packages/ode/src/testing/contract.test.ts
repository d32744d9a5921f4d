import { describe, expect, it } from "vitest";
import { odeSolvers } from "../index.js";
import { odeSolverContract } from "./index.js";

const row = (name: string, order: number, adaptive: boolean) => ({
  name,
  solver: odeSolvers.get(name),
  order,
  adaptive,
});

odeSolverContract({ describe, it, expect }, [
  row("Euler", 1, false),
  row("Midpoint", 2, false),
  row("Heun", 2, false),
  row("Ralston", 2, false),
  row("RK4", 4, false),
  row("Bosh3", 3, false),
  row("Dopri5", 5, false),
  row("Tsit5", 5, false),
  row("DOP853", 8, false),
  row("Bosh3", 3, true),
  row("RK45", 5, true),
  row("Tsit5", 5, true),
  row("DOP853", 8, true),
  // Vern9 has only the cubic Hermite interpolant: its large steps at rtol 1e-8 give ~2.5e-3 dense errors.
  { ...row("Vern9", 9, true), denseTolerance: 5e-3 },
  // Vern7 likewise (cubic Hermite between 7th-order steps).
  { ...row("Vern7", 7, true), denseTolerance: 5e-3 },
  row("Radau", 5, true),
  row("BDF", 5, true),
  row("Rodas5P", 5, true),
]);
