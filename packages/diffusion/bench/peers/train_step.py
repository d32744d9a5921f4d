"""PyTorch peer of bench/diffusion-toy.bench.mjs: one flow-matching training step of the same MLP
(2 + 32 sinusoidal time features -> 128 -> 128 -> 128 -> 2, SiLU, Adam, batch 256) on CPU, 1 thread.
Prints one JSON line with the median step time in ms."""
import json, math, sys, time
import torch

torch.set_num_threads(1)
torch.manual_seed(0)
dim, emb, batch = 2, 32, int(sys.argv[1]) if len(sys.argv) > 1 else 256
freqs = 10.0 * 10000.0 ** (-torch.arange(emb // 2) / (emb // 2 - 1))
net = torch.nn.Sequential(
    torch.nn.Linear(dim + emb, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, 128), torch.nn.SiLU(),
    torch.nn.Linear(128, dim))
opt = torch.optim.Adam(net.parameters(), lr=1e-3)

def step():
    x0 = torch.randn(batch, dim)
    x1 = torch.randn(batch, dim)
    t = torch.rand(batch, 1)
    xt = (1 - t) * x0 + t * x1
    a = t * freqs
    out = net(torch.cat([xt, torch.sin(a), torch.cos(a)], 1))
    loss = ((out - (x1 - x0)) ** 2).mean()
    opt.zero_grad(); loss.backward(); opt.step()

for _ in range(20):
    step()
ts = []
for _ in range(200):
    s = time.perf_counter(); step(); ts.append((time.perf_counter() - s) * 1000)
ts.sort()
print(json.dumps({"ms": ts[len(ts) // 2], "torch": torch.__version__}))
