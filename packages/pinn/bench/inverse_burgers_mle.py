"""What the observations of pinn-inverse-burgers.bench.mjs can say about nu, without any network: the least-squares
nu of the exact solution family against the same 2000 noisy observations, and its Cramer-Rao standard deviation.

u(x, t; nu) is the Hopf-Cole solution (as in ../test/fixtures/gen_burgers.py, trapezoidal rule in the Hermite
variable on [-12, 12] with 2401 nodes); the sum of squares S(nu) = sum (u(x_i, t_i; nu) - y_i)^2 is scanned over
nu/nu_true in [0.97, 1.03] and a parabola through the 9 scan points around the minimum gives the minimiser and the
curvature; with Gaussian noise of standard deviation sigma, var(nu) = 2 sigma^2 / S''(nu).
Input: the JSON file that the bench writes and passes as the argument: {"obs": [[x, t, y], ...], "sigma": ...}.
Prints one JSON line; run by the bench (about 10 s). Standalone: /usr/bin/python3 inverse_burgers_mle.py obs.json
"""
import json
import sys

import numpy as np

NU = 0.01 / np.pi
data = json.load(open(sys.argv[1]))
obs = np.array(data["obs"], dtype=float)
x, t, y = obs[:, 0], obs[:, 1], obs[:, 2]
z = np.linspace(-12.0, 12.0, 2401)


def u(nu):
    out = np.empty(len(x))
    for j in range(len(x)):
        if t[j] == 0.0:
            out[j] = -np.sin(np.pi * x[j])
            continue
        s = x[j] - np.sqrt(4.0 * nu * t[j]) * z
        e = -np.cos(np.pi * s) / (2.0 * np.pi * nu) - z**2
        f = np.exp(e - e.max())
        out[j] = -(np.sin(np.pi * s) * f).sum() / f.sum()
    return out


ratios = np.linspace(0.97, 1.03, 31)
sse = np.array([((u(NU * r) - y) ** 2).sum() for r in ratios])
i = int(np.clip(np.argmin(sse), 4, len(ratios) - 5))
a, b, _ = np.polyfit(ratios[i - 4 : i + 5], sse[i - 4 : i + 5], 2)
best = -b / (2.0 * a)
std = np.sqrt(2.0 * data["sigma"] ** 2 / (2.0 * a))
print(json.dumps({"nuRatio": best, "relErr": best - 1.0, "crStd": std, "scanMin": ratios[int(np.argmin(sse))]}))
