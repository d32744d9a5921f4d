#!/usr/bin/env python3
"""Peer for cmaes.bench.mjs: evaluations of Debian's python3-cmaes (CyberAgent `cmaes`) to reach f <= 1e-8.

Same functions as src/testing/problems.ts (rotations: any seeded orthogonal matrix; CMA-ES is rotation
invariant), x0 = 3·1, sigma0 = 2, default population, 11 seeds. Prints one JSON object on the last line.
"""
import json
import sys
import time

import numpy as np
from cmaes import CMA

TARGET = 1e-8


def orth(n, seed):
    q, r = np.linalg.qr(np.random.default_rng(seed).standard_normal((n, n)))
    return q * np.sign(np.diag(r))


def ellipsoid(n, rotate=True):
    Q = orth(n, 1) if rotate else np.eye(n)
    w = 10.0 ** (6 * np.arange(n) / (n - 1))
    return lambda x: float(np.sum(w * (Q @ x) ** 2))


def rosen(n):
    return lambda x: float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def run(f, n, seed, budget):
    opt = CMA(mean=np.full(n, 3.0), sigma=2.0, seed=seed)
    evals, best = 0, np.inf
    while evals < budget:
        sols = []
        for _ in range(opt.population_size):
            x = opt.ask()
            v = f(x)
            evals += 1
            best = min(best, v)
            sols.append((x, v))
        opt.tell(sols)
        if best <= TARGET:
            return evals
        if opt.should_stop():
            return None
    return None


cases = {}
for name, f, n, budget in [
    ("rotated-ellipsoid-10", ellipsoid(10), 10, 60000),
    ("rotated-ellipsoid-20", ellipsoid(20), 20, 150000),
    ("rosenbrock-10", rosen(10), 10, 60000),
    ("rosenbrock-20", rosen(20), 20, 150000),
]:
    t = time.perf_counter()
    evals = [run(f, n, s, budget) for s in range(11)]
    ok = sorted(e for e in evals if e is not None)
    cases[name] = {
        "evals": evals,
        "successes": len(ok),
        "median": float(np.median([e if e is not None else np.inf for e in evals])),
        "ms_per_run": (time.perf_counter() - t) * 1000 / 11,
    }
import cmaes

print(json.dumps({"peer": f"cmaes {cmaes.__version__}", "cases": cases}))
