#!/usr/bin/python3
"""PyTorch peer of neural-ode.bench.mjs: the torchdiffeq spiral model, RK4 fixed step with autograd (1 thread)."""
import json
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
A = torch.tensor([[-0.1, 2.0], [-2.0, -0.1]])
NT, T_END, SEG, BATCH, H = 1000, 25.0, 10, 16, 0.025
with torch.no_grad():
    ys = [torch.tensor([2.0, 0.0])]
    y = ys[0]
    dt = T_END / (NT - 1) / 10
    f = lambda v: (v ** 3) @ A
    for i in range(1, NT):
        for _ in range(10):
            k1 = f(y); k2 = f(y + dt / 2 * k1); k3 = f(y + dt / 2 * k2); k4 = f(y + dt * k3)
            y = y + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        ys.append(y)
    data = torch.stack(ys)

net = torch.nn.Sequential(torch.nn.Linear(2, 50), torch.nn.Tanh(), torch.nn.Linear(50, 2))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
field = lambda y: net(y ** 3)
dt_sample = T_END / (NT - 1)


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
    pred = rk4(y0, SEG - 1, dt_sample)  # one RK4 step per sample interval (h = 0.025)
    loss = (pred - target).abs().mean()
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(2):
    step()
times = []
for _ in range(10):
    t = time.perf_counter(); step(); times.append((time.perf_counter() - t) * 1000)
times.sort()
print(json.dumps({"ms_backprop": times[len(times) // 2]}))
