import { odeSolvers } from "@continuum/ode";
import { odeSolverContract } from "@continuum/ode/testing";
import { describe, expect, it } from "vitest";
import "../src/register-ralston3.js";

describe("plugin registration", () => {
  it("is available by name next to the built-in solvers", () => {
    expect(odeSolvers.names()).toContain("Ralston3");
    expect(odeSolvers.names()).toContain("Tsit5");
  });
});

// The same contract the built-in solvers pass: third-order convergence, dense output, events, bad input.
odeSolverContract({ describe, it, expect }, [
  { name: "Ralston3", solver: odeSolvers.get("Ralston3"), order: 3, adaptive: false },
]);
