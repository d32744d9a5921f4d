import type { MinimizeOptions, MinimizeResult, Objective } from "../minimize/types.js";
import type { AskTell } from "./types.js";

/**
 * Drive an ask/tell optimiser on `fun` until it stops, the evaluation budget is spent or the callback asks to
 * stop; returns a SciPy-shaped result (`nit` = generations). Evaluations run sequentially in this thread.
 * @example
 * ```ts
 * const r = runAskTell((x) => x[0]! ** 2, cmaes({ x0: [1], seed: 0, ftarget: 1e-10 }));
 * r.fun; // <= 1e-10
 * ```
 */
export function runAskTell(
  fun: Objective,
  opt: AskTell,
  options: Pick<MinimizeOptions, "maxFev" | "maxIter" | "callback"> = {},
): MinimizeResult {
  const maxFev = options.maxFev ?? Number.POSITIVE_INFINITY;
  const maxIter = options.maxIter ?? Number.POSITIVE_INFINITY;
  let reason = opt.stop();
  let status = 0;
  while (!reason) {
    if (opt.evaluations >= maxFev) {
      reason = `maxFev: ${opt.evaluations} evaluations`;
      status = 1;
      break;
    }
    if (opt.iteration >= maxIter) {
      reason = `maxIter: ${opt.iteration} generations`;
      status = 1;
      break;
    }
    const xs = opt.ask();
    opt.tell(
      xs,
      xs.map((x) => fun(x)),
    );
    if (options.callback?.(opt.best.x, opt.best.f) === true) {
      reason = "stopped by the callback";
      break;
    }
    reason = opt.stop();
  }
  const best = opt.best;
  const ok = Number.isFinite(best.f);
  return {
    x: best.x,
    fun: best.f,
    nit: opt.iteration,
    nfev: opt.evaluations,
    njev: 0,
    success: ok && status === 0,
    status: ok ? status : 3,
    message: ok ? reason! : `no finite objective value was seen (${reason})`,
  };
}
