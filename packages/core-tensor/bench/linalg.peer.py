"""SciPy/NumPy peer for linalg.bench.mjs: prints one JSON object (times in ms, best of 7 batches)."""
import json
import sys
import time

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla


def per_call_ms(fn):
    """(wall, cpu) per-call ms: best of 7 batches, each taking >= 0.1 s of CPU time (or 2 s of wall time); cpu
    is process CPU time (time.process_time), as the JS side's process.cpuUsage(), robust to a loaded machine."""
    fn()
    number = 1
    while True:
        c0 = time.process_time()
        w0 = time.perf_counter()
        for _ in range(number):
            fn()
        if time.process_time() - c0 >= 0.1 or time.perf_counter() - w0 >= 2.0:
            break
        number *= 2
    wall = cpu = float("inf")
    for _ in range(7):
        c0 = time.process_time()
        w0 = time.perf_counter()
        for _ in range(number):
            fn()
        wall = min(wall, (time.perf_counter() - w0) / number)
        cpu = min(cpu, (time.process_time() - c0) / number)
    return 1e3 * wall, 1e3 * cpu


def put(out, key, fn):
    out[key], out[f"{key}_cpu"] = per_call_ms(fn)


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
    put(out, f"lu{n}", lambda: sla.lu_solve(sla.lu_factor(A, check_finite=False), b, check_finite=False))
    put(out, f"npsolve{n}", lambda: np.linalg.solve(A, b))
    f = sla.lu_factor(A)
    put(out, f"lusolveonly{n}", lambda: sla.lu_solve(f, b, check_finite=False))
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
out["cg"] = out["cg_cpu"] = float("inf")
for _ in range(3):  # best of 3 single solves, as the JS side
    c0 = time.process_time()
    w0 = time.perf_counter()
    spla.cg(P, b, tol=1e-8, atol=0.0, maxiter=100000)
    out["cg"] = min(out["cg"], 1e3 * (time.perf_counter() - w0))
    out["cg_cpu"] = min(out["cg_cpu"], 1e3 * (time.process_time() - c0))
P64 = poisson2d(64).tocsc()
b64 = np.ones(64 * 64)
put(out, "spsolve64", lambda: spla.spsolve(P64, b64))

n = 100
S = np.sin(np.arange(n * n, dtype=np.float64)).reshape(n, n)
S = S + S.T
put(out, "eigh100", lambda: np.linalg.eigh(S))
put(out, "svd100", lambda: np.linalg.svd(S))
put(out, "eig100", lambda: np.linalg.eig(S + np.triu(S)))
print(json.dumps(out))
