#!/usr/bin/env python3
"""PyTorch CPU peer of bench/core-speed-*.bench.mjs (1 thread; CORE_SPEED_PEER_THREADS=n for n). Prints one JSON object: median ms per case.

Cases (same shapes, same maths as the TypeScript side):
- "pinn N=<N> <depth>x<width>": one Adam step (lr 1e-3) of the Burgers PINN residual loss
  mean((u_t + u u_x - nu u_xx)^2), nu = 0.01/pi, on N collocation points in [-1, 1]^2, tanh MLP 2 -> width^depth -> 1,
  derivatives by nested torch.autograd.grad (create_graph=True), as in bench/peers/core_ops.py.
- "mlp B=<B> 3x256 <act>": one Adam step of an MSE regression, MLP 16 -> 256 -> 256 -> 256 -> 1 with act in
  {gelu (tanh approximation), tanh}, batch B.
Usage: core_speed.py pinn:2048:4:50 pinn:8192:4:50 mlp:4096:gelu ...  (reps chosen per case size)
       core_speed.py --serve   reads one case per line on stdin, answers one JSON line {"case", "ms"} per line
                               (median of 3 steps; 2 warm-up steps the first time a case is seen), so the
                               TypeScript bench can interleave PyTorch steps with its own under the same load.
"""
import json
import math
import os
import sys
import time

import torch

torch.set_num_threads(int(os.environ.get("CORE_SPEED_PEER_THREADS", "1")))
torch.manual_seed(0)


def timeit(fn, reps, warmup=2):
    for _ in range(warmup):
        fn()
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t) * 1000)
    ts.sort()
    return ts[len(ts) // 2]


def pinn_case(N, depth, width):
    nu = 0.01 / math.pi
    sizes = [2] + [width] * depth + [1]
    layers = [torch.nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:])]
    params = [p for l in layers for p in l.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)
    xt = torch.rand(N, 2) * 2 - 1

    def net(z):
        for l in layers[:-1]:
            z = torch.tanh(l(z))
        return layers[-1](z)

    def step():
        z = xt.clone().requires_grad_(True)
        u = net(z)
        g = torch.autograd.grad(u.sum(), z, create_graph=True)[0]
        ux, ut = g[:, 0:1], g[:, 1:2]
        uxx = torch.autograd.grad(ux.sum(), z, create_graph=True)[0][:, 0:1]
        loss = ((ut + u * ux - nu * uxx) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def mlp_case(B, act):
    sizes = [16, 256, 256, 256, 1]
    layers = [torch.nn.Linear(i, o) for i, o in zip(sizes[:-1], sizes[1:])]
    params = [p for l in layers for p in l.parameters()]
    opt = torch.optim.Adam(params, lr=1e-3)
    x = torch.randn(B, 16)
    y = torch.randn(B, 1)
    f = (lambda h: torch.nn.functional.gelu(h, approximate="tanh")) if act == "gelu" else torch.tanh

    def step():
        h = x
        for l in layers[:-1]:
            h = f(l(h))
        loss = ((layers[-1](h) - y) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss.item()

    return step


def make(spec):
    kind, *rest = spec.split(":")
    if kind == "pinn":
        return pinn_case(*map(int, rest))
    return mlp_case(int(rest[0]), rest[1])


if sys.argv[1:] == ["--serve"]:
    steps = {}
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads()}), flush=True)
    for line in sys.stdin:
        spec = line.strip()
        if not spec:
            continue
        warm = spec not in steps
        if warm:
            steps[spec] = make(spec)
        ms = timeit(steps[spec], reps=3, warmup=2 if warm else 0)
        print(json.dumps({"case": spec, "ms": ms}), flush=True)
    sys.exit(0)

out = {}
for spec in sys.argv[1:]:
    kind, *rest = spec.split(":")
    if kind == "pinn":
        N, depth, width = map(int, rest)
        out[spec] = timeit(pinn_case(N, depth, width), reps=9 if N * width <= 2048 * 50 else 5)
    elif kind == "mlp":
        B, act = int(rest[0]), rest[1]
        out[spec] = timeit(mlp_case(B, act), reps=7)
out["torch"] = torch.__version__
out["threads"] = torch.get_num_threads()
print(json.dumps(out))
