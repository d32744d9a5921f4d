"""SciPy peer for bench/ode.bench.mjs: reads a JSON list of cases on stdin, prints one JSON object per case.

Each case: {"problem", "method", "rtol", "atol", "repeats"} -> {"nfev", "njev", "nlu", "ms" (best of repeats),
"yEnd"}. Problem definitions come from test/fixtures/gen_ode.py.
"""
import json, os, sys, time
import numpy as np
from scipy.integrate import solve_ivp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures"))
import gen_ode  # noqa: E402

cases = json.load(sys.stdin)
out = []
for c in cases:
    p = gen_ode.PROBLEMS[c["problem"]]
    y0 = np.array(p["y0"], dtype=float)
    best = float("inf")
    for _ in range(c.get("repeats", 3)):
        t0 = time.perf_counter()
        r = solve_ivp(p["f"], [0, p["t1"]], y0, method=c["method"], rtol=c["rtol"], atol=c["atol"])
        best = min(best, time.perf_counter() - t0)
    out.append(dict(nfev=int(r.nfev), njev=int(r.njev), nlu=int(r.nlu), ms=best * 1e3, status=int(r.status), yEnd=r.y[:, -1].tolist()))
print(json.dumps(out))
