#!/usr/bin/env python3
"""PyTorch CPU peer of bench/core-ops.bench.mjs (1 thread, same shapes). Prints one JSON object (ms per case).

Cases: matmul [2048,50]x[50,50]; tanh on 1e5 elements; one Burgers PINN training step (N=2048 collocation points,
4x50 tanh MLP, residual u_t + u u_x - nu u_xx with nested autograd.grad, Adam with lr=1e-3, betas (0.9, 0.999)).
Median wall time over repetitions after warm-up.
"""
import json
import math
import time

import torch

torch.set_num_threads(1)
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


a = torch.randn(2048, 50)
b = torch.randn(50, 50)
x = torch.randn(100_000)
out = {}
out["matmul 2048x50x50"] = timeit(lambda: torch.matmul(a, b), reps=200)
out["tanh 1e5"] = timeit(lambda: torch.tanh(x), reps=200)

N, nu = 2048, 0.01 / math.pi
layers = [torch.nn.Linear(i, o) for i, o in [(2, 50), (50, 50), (50, 50), (50, 50), (50, 1)]]
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


out["Burgers PINN Adam step (N=2048, 4x50 tanh)"] = timeit(step, reps=20)
out["torch"] = torch.__version__
out["threads"] = torch.get_num_threads()
print(json.dumps(out))
