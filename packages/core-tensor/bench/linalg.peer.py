"""SciPy/NumPy peer for linalg.bench.mjs: prints one JSON object (times in ms, best of 7 batches)."""
import json
import sys
import timeit

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def per_call_ms(fn):
    """Best per-call time over 7 batches, each taking >= 0.2 s (min: robust to a loaded machine)."""
    t = timeit.Timer(fn)
    number, _ = t.autorange()  # smallest count taking >= 0.2 s
    return 1e3 * min(t.repeat(repeat=7, number=number)) / number


def poisson2d(N):
    T = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(N, N))
    I = sp.identity(N)
    return ((sp.kron(I, T) + sp.kron(T, I)) * (N + 1) ** 2).tocsr()


def dense(n):
    """Same matrix as linalg.bench.mjs: A[i,j] = sin(i*n+j) + n*[i==j], b = 1."""
    idx = np.arange(n * n, dtype=np.float64).reshape(n, n)
    A = np.sin(idx) + n * np.eye(n)
    b = np.ones(n)
    return A, b


out = {}
for n in (10, 100, 500):
    A, b = dense(n)
    out[f"lu{n}"] = per_call_ms(lambda: sla.lu_solve(sla.lu_factor(A, check_finite=False), b, check_finite=False))
    out[f"npsolve{n}"] = per_call_ms(lambda: np.linalg.solve(A, b))
    f = sla.lu_factor(A)
    out[f"lusolveonly{n}"] = per_call_ms(lambda: sla.lu_solve(f, b, check_finite=False))
    x = sla.lu_solve(f, b)
    out[f"res{n}"] = float(np.linalg.norm(A @ x - b) / (np.linalg.norm(A) * np.linalg.norm(x)))

N = 256
P = poisson2d(N)
b = np.ones(N * N)
count = [0]


def cb(_):
    count[0] += 1


spla.cg(P, b, tol=1e-8, atol=0.0, maxiter=100000, callback=cb)
out["cgIterations"] = count[0]
out["cg"] = 1e3 * min(timeit.repeat(lambda: spla.cg(P, b, tol=1e-8, atol=0.0, maxiter=100000), repeat=3, number=1))
P64 = poisson2d(64).tocsc()
b64 = np.ones(64 * 64)
out["spsolve64"] = per_call_ms(lambda: spla.spsolve(P64, b64))

n = 100
S = np.sin(np.arange(n * n, dtype=np.float64)).reshape(n, n)
S = S + S.T
out["eigh100"] = per_call_ms(lambda: np.linalg.eigh(S))
out["svd100"] = per_call_ms(lambda: np.linalg.svd(S))
out["eig100"] = per_call_ms(lambda: np.linalg.eig(S + np.triu(S)))
print(json.dumps(out))
