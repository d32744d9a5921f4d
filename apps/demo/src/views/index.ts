import type { ViewModule } from "./types.js";

/** One lazily loaded view module per page (Observable Plot code), loaded on the main thread or by the Node reports. */
export const viewModules: Record<string, () => Promise<ViewModule>> = {
  "core-tensor": () => import("./core-tensor.js"),
  ode: () => import("./ode.js"),
  optim: () => import("./optim.js"),
  "mean-field-games": () => import("./mean-field-games.js"),
  pinn: () => import("./pinn.js"),
  operators: () => import("./operators.js"),
  diffusion: () => import("./diffusion.js"),
};
