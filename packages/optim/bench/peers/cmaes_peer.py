#!/usr/bin/env python3
"""Peer for cmaes.bench.mjs: evaluations of Debian's python3-cmaes (CyberAgent `cmaes`) to reach
f - f_opt <= 1e-8 on BBOB f9/f10/f15 (the functions of test/fixtures/gen_bbob.py, instance 1).

Usage: cmaes_peer.py '<json list of cases>' [deadline] where a case is
  {"name", "fid", "n", "budget", "seeds", "restarts": "none" | "IPOP"}.
Same initial conditions as the bench: start point per seed s: -4 + 8 * bbob_unif(n, 1000 + s), sigma0 = 2,
default population 4 + floor(3 ln n); the same target f - f_opt <= 1e-8 checked after each full generation,
and an evaluation is one call of f (infeasible samples that `cmaes` resamples are never evaluated).
IPOP: on should_stop() a new run with twice the population from a uniform point of [-5, 5]^n (seeded) and
sigma0 = 2 (Auger & Hansen, 2005); runs use bounds [-5, 5]^n (cmaes resamples out-of-box points).
Prints one JSON line per case as soon as it is done: {"case", "evals", "successes", "median", "ms_per_run",
"seeds_done", "peer"}. With deadline (Unix time in seconds), a seed still running at the deadline is abandoned
and no new seed starts: seeds_done says how many seeds finished (the first seeds_done seeds, 0 if none).
"""
import json
import os
import sys
import time

import numpy as np
from cmaes import CMA

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures"))
import gen_bbob  # noqa: E402

TARGET = 1e-8


class Deadline(Exception):
    pass


def run(f, n, seed, budget, restarts, deadline):
    x0 = -4 + 8 * gen_bbob.unif(n, 1000 + seed)
    lam0 = 4 + int(3 * np.log(n))
    lam = lam0
    rng = np.random.default_rng(seed)
    bounds = np.array([[-5.0, 5.0]] * n) if restarts != "none" else None
    evals, k = 0, 0
    while evals < budget:
        opt = CMA(mean=x0, sigma=2.0, seed=seed * 1000 + k, population_size=lam, bounds=bounds)
        while evals < budget:
            sols = []
            best = np.inf
            for _ in range(opt.population_size):
                x = opt.ask()
                v = f(x)
                evals += 1
                best = min(best, v)
                sols.append((x, v))
            opt.tell(sols)
            if time.time() > deadline:
                raise Deadline()
            if best <= TARGET:
                return evals
            if opt.should_stop():
                break
        if restarts == "none":
            return None
        k += 1
        lam = lam0 * 2**k
        x0 = rng.uniform(-5, 5, n)
    return None


def main():
    import cmaes

    spec = json.loads(sys.argv[1])
    deadline = float(sys.argv[2]) if len(sys.argv) > 2 else float("inf")
    for c in spec:
        fun, _, fopt = gen_bbob.FUNCS[c["fid"]](c["n"], 1)
        f = lambda x, fun=fun, fopt=fopt: fun(x) - fopt  # noqa: E731
        t = time.perf_counter()
        evals = []
        for s in range(c["seeds"]):
            try:
                evals.append(run(f, c["n"], s, c["budget"], c.get("restarts", "none"), deadline))
            except Deadline:
                break
        med = float(np.median([e if e is not None else np.inf for e in evals])) if evals else np.inf
        line = {
            "case": c["name"],
            "evals": evals,
            "seeds_done": len(evals),
            "successes": sum(e is not None for e in evals),
            "median": med if np.isfinite(med) else None,
            "ms_per_run": (time.perf_counter() - t) * 1000 / max(1, len(evals)),
            "peer": f"cmaes {cmaes.__version__}",
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
