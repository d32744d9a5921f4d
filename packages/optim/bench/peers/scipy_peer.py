#!/usr/bin/env python3
"""Peer for minimize.bench.mjs: SciPy L-BFGS-B / BFGS on the classics of test/fixtures/gen_scipy_minimize.py,
with wall time per solve (median of 5)."""
import importlib.util
import json
import os
import sys
import time

from scipy.optimize import minimize

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("gen", os.path.join(here, "../../test/fixtures/gen_scipy_minimize.py"))
# reuse the problem definitions without re-writing the fixture: exec the module's function part only
src = open(spec.origin).read().split("problems = {")[0]
ns = {}
exec(src, ns)
problems = {
    "rosenbrock-2": ns["rosen"](2),
    "rosenbrock-5": ns["rosen"](5, [1.3, 0.7, 0.8, 1.9, 1.2]),
    "rosenbrock-10": ns["rosen"](10),
    "rosenbrock-100": ns["rosen"](100),
    "beale": ns["beale"](),
    "booth": ns["booth"](),
    "extended-powell-8": ns["powell"](8),
    "trigonometric-10": ns["trig"](10),
}
out = {}
for name, (f, g, x0) in problems.items():
    for method in ["L-BFGS-B", "BFGS"]:
        ts = []
        for _ in range(5):
            t = time.perf_counter()
            r = minimize(f, x0, jac=g, method=method)
            ts.append((time.perf_counter() - t) * 1000)
        ts.sort()
        out[f"{name}/{method}"] = {"nit": int(r.nit), "nfev": int(r.nfev), "fun": float(r.fun), "ms": ts[2]}
print(json.dumps(out))
