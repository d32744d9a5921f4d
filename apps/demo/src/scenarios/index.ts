import type { ScenarioModule } from "./types.js";

/** One lazily loaded scenario module per page; a page's package is only loaded when it is visited. */
export const scenarioModules: Record<string, () => Promise<ScenarioModule>> = {
  "core-tensor": () => import("./core-tensor.js"),
  ode: () => import("./ode.js"),
  optim: () => import("./optim.js"),
  "mean-field-games": () => import("./mean-field-games.js"),
  pinn: () => import("./pinn.js"),
  operators: () => import("./operators.js"),
  diffusion: () => import("./diffusion.js"),
};
