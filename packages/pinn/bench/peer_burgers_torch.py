"""PyTorch peer of pinn-burgers.bench.mjs: the same Burgers PINN (4x50 tanh, N collocation points, Adam) on 1 CPU
thread; prints {"msPerStep": ...} measured over the steps after a warm-up. Run by the benchmark; standalone:
OMP_NUM_THREADS=1 /usr/bin/python3 peer_burgers_torch.py 2048 60
"""
import json
import math
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 60
NU = 0.01 / math.pi
layers = [2, 50, 50, 50, 50, 1]
mods = []
for a, b in zip(layers[:-1], layers[1:]):
    lin = torch.nn.Linear(a, b)
    torch.nn.init.xavier_normal_(lin.weight)
    torch.nn.init.zeros_(lin.bias)
    mods += [lin, torch.nn.Tanh()]
net = torch.nn.Sequential(*mods[:-1])
xt = torch.rand(N, 2) * torch.tensor([2.0, 1.0]) + torch.tensor([-1.0, 0.0])
xt.requires_grad_(True)
x0 = torch.rand(256, 1) * 2 - 1
xb = torch.cat([torch.sign(torch.rand(256, 1) - 0.5), torch.rand(256, 1)], 1)
opt = torch.optim.Adam(net.parameters(), lr=1e-3)


def loss_fn():
    u = net(xt)
    g = torch.autograd.grad(u.sum(), xt, create_graph=True)[0]
    ux, ut = g[:, :1], g[:, 1:]
    uxx = torch.autograd.grad(ux.sum(), xt, create_graph=True)[0][:, :1]
    r = ut + u * ux - NU * uxx
    u0 = net(torch.cat([x0, torch.zeros_like(x0)], 1))
    ub = net(xb)
    return (r**2).mean() + ((u0 + torch.sin(math.pi * x0)) ** 2).mean() + (ub**2).mean()


for i in range(STEPS + 10):
    if i == 10:
        t0 = time.perf_counter()
    opt.zero_grad()
    loss = loss_fn()
    loss.backward()
    opt.step()
ms = (time.perf_counter() - t0) / STEPS * 1000
print(json.dumps({"msPerStep": ms, "N": N, "torch": torch.__version__}))
