#!/usr/bin/python3
"""PyTorch peer of neural-ode.bench.mjs and neural-ode-spiral.bench.mjs: the torchdiffeq ode_demo spiral model
(MLP 2-50-2 tanh on y**3, weights N(0, 0.1), biases 0), batches of 20 random 10-point windows, RMSprop(1e-3),
loss mean |pred - y|, RK4 with one step per sample interval and autograd (1 thread).

Usage: neural_ode_spiral.py [ITERS [FINE]]. Prints one JSON line: median ms per iteration, and with ITERS > 0 the
whole-trajectory MSE/MAE after ITERS iterations at lr 1e-3 and FINE more at lr 1e-4 (from y(0), 1000 points).
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
ITERS = int(sys.argv[1]) if len(sys.argv) > 1 else 0
FINE = int(sys.argv[2]) if len(sys.argv) > 2 else 0
A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]], dtype=torch.float64)
NT, T_END, SEG, BATCH = 1000, 25.0, 10, 20
H = T_END / (NT - 1)
with torch.no_grad():
    # Truth in float64: RK4 with 20 substeps per sample interval (error ~1e-10, far below the model's).
    ys = [torch.tensor([2.0, 0.0], dtype=torch.float64)]
    y = ys[0]
    dt = H / 20
    f = lambda v: (v ** 3) @ A
    for i in range(1, NT):
        for _ in range(20):
            k1 = f(y); k2 = f(y + dt / 2 * k1); k3 = f(y + dt / 2 * k2); k4 = f(y + dt * k3)
            y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    data = torch.stack(ys).float()

net = torch.nn.Sequential(torch.nn.Linear(2, 50), torch.nn.Tanh(), torch.nn.Linear(50, 2))
for m in net.modules():
    if isinstance(m, torch.nn.Linear):
        torch.nn.init.normal_(m.weight, mean=0, std=0.1)
        torch.nn.init.constant_(m.bias, val=0)
opt = torch.optim.RMSprop(net.parameters(), lr=1e-3)
field = lambda y: net(y ** 3)


def rk4(y, n_steps, h):
    out = [y]
    for _ in range(n_steps):
        k1 = field(y); k2 = field(y + h / 2 * k1); k3 = field(y + h / 2 * k2); k4 = field(y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        out.append(y)
    return torch.stack(out)


def step():
    starts = torch.randint(0, NT - SEG, (BATCH,))
    y0 = data[starts]
    target = torch.stack([data[starts + i] for i in range(SEG)])
    pred = rk4(y0, SEG - 1, H)
    loss = (pred - target).abs().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


times = []
cpu = []
for i in range(max(ITERS, 12) + FINE):
    if i == max(ITERS, 12):
        for g in opt.param_groups:
            g["lr"] = 1e-4
    t = time.perf_counter(); c = time.process_time(); step()
    times.append((time.perf_counter() - t) * 1000); cpu.append((time.process_time() - c) * 1000)
times = sorted(times[2:])
cpu = sorted(cpu[2:])
out = {"ms_iter": times[len(times) // 2], "ms_backprop": times[len(times) // 2], "cpu_ms_iter": cpu[len(cpu) // 2],
       "iterations": max(ITERS, 12) + FINE}
if ITERS > 0:
    with torch.no_grad():
        pred = rk4(data[0:1], NT - 1, H)[:, 0, :]
        out["mse"] = float(((pred - data) ** 2).mean())
        out["mae"] = float((pred - data).abs().mean())
print(json.dumps(out))
