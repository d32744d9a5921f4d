#!/usr/bin/env python3
"""Peer for optim-step.bench.mjs: median time of one torch.optim step (float32, CPU, 1 thread) on two
parameter sets: a 4x50 tanh MLP (2-in, 1-out, 7,851 parameters) and a 1,000,000-parameter vector."""
import json
import time

import torch

torch.set_num_threads(1)


def sizes(name):
    if name == "mlp-4x50":
        return [(50, 2), (50,), (50, 50), (50,), (50, 50), (50,), (50, 50), (50,), (1, 50), (1,)]
    return [(1_000_000,)]


out = {}
for case in ["mlp-4x50", "vector-1e6"]:
    for opt_name in ["sgd", "adam", "adamw", "lion-free"]:
        if opt_name == "lion-free":
            continue
        ps = [torch.zeros(s).normal_().requires_grad_(True) for s in sizes(case)]
        for p in ps:
            p.grad = torch.randn_like(p)
        opt = {"sgd": lambda: torch.optim.SGD(ps, lr=1e-3, momentum=0.9),
               "adam": lambda: torch.optim.Adam(ps, lr=1e-3),
               "adamw": lambda: torch.optim.AdamW(ps, lr=1e-3)}[opt_name]()
        for _ in range(5):
            opt.step()
        ts = []
        for _ in range(30):
            t = time.perf_counter()
            opt.step()
            ts.append((time.perf_counter() - t) * 1000)
        ts.sort()
        out[f"{case}/{opt_name}"] = ts[len(ts) // 2]
print(json.dumps({"torch": torch.__version__, "ms": out}))
