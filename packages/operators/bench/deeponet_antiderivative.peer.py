"""PyTorch peer for the DeepONet antiderivative benchmark (Lu et al. 2021; DeepXDE antiderivative_aligned).

Trains an unstacked DeepONet (branch [100, W, W], trunk [1, W, W], the trunk output activated, Glorot-normal
weights, zero biases, output bias b0) with full-batch Adam on the very functions the Continuum bench uses,
written by it as float64 binaries (train_u.bin, train_s.bin, test_u.bin, test_s.bin, each [n, 100]).

Usage: deeponet_antiderivative.peer.py DATA_DIR '{"ntrain": 150, "loss": "mse", "iters": 10000, ...}'
Options (defaults = the DeepXDE example): ntrain 150, loss mse|relativeL2, iters 10000, lr 1e-3,
decay none|cosine (to lr/100), width 40, depth 1 (hidden layers per net before the output layer), act relu|tanh,
kink 0|1 (1: trunk first-layer biases b_i = -w_i c_i, c_i ~ U[0, 1], as `deeponet({ trunkDomain })`), seed 0.
Prints one JSON line: {"relL2": test mean relative L2, "trainRelL2", "ms", "torch", "config"}.
"""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)


def main():
    data_dir = sys.argv[1]
    cfg = {"ntrain": 150, "loss": "mse", "iters": 10000, "lr": 1e-3, "decay": "none", "width": 40, "depth": 1,
           "act": "relu", "kink": 0, "seed": 0}
    if len(sys.argv) > 2:
        cfg.update(json.loads(sys.argv[2]))
    torch.manual_seed(cfg["seed"])

    def load(name, n=None):
        a = np.fromfile(f"{data_dir}/{name}.bin", dtype=np.float64).reshape(-1, 100)
        return torch.tensor(a[:n], dtype=torch.float32)

    u_tr, s_tr = load("train_u", cfg["ntrain"]), load("train_s", cfg["ntrain"])
    u_te, s_te = load("test_u"), load("test_s")
    y = torch.linspace(0, 1, 100)[:, None]
    w = cfg["width"]
    act = torch.nn.ReLU if cfg["act"] == "relu" else torch.nn.Tanh

    def dense(i, o):
        layer = torch.nn.Linear(i, o)
        torch.nn.init.xavier_normal_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
        return layer

    def mlp(i):
        layers = [dense(i, w), act()]
        for _ in range(cfg["depth"] - 1):
            layers += [dense(w, w), act()]
        return torch.nn.Sequential(*layers, dense(w, w))

    branch, trunk = mlp(100), mlp(1)
    if cfg["kink"]:
        with torch.no_grad():
            trunk[0].bias.copy_(-trunk[0].weight[:, 0] * torch.rand(w))
    b0 = torch.nn.Parameter(torch.zeros(1))
    params = list(branch.parameters()) + list(trunk.parameters()) + [b0]
    out_act = torch.relu if cfg["act"] == "relu" else torch.tanh

    def forward(u):
        return branch(u) @ out_act(trunk(y)).T + b0

    def rel(p, s):
        return (torch.linalg.norm(p - s, dim=1) / torch.linalg.norm(s, dim=1)).mean()

    opt = torch.optim.Adam(params, lr=cfg["lr"])
    sched = None
    if cfg["decay"] == "cosine":
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, cfg["iters"], eta_min=cfg["lr"] / 100)
    t0 = time.perf_counter()
    for _ in range(cfg["iters"]):
        opt.zero_grad()
        p = forward(u_tr)
        loss = ((p - s_tr) ** 2).mean() if cfg["loss"] == "mse" else rel(p, s_tr)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
    ms = (time.perf_counter() - t0) * 1000
    with torch.no_grad():
        out = {"relL2": rel(forward(u_te), s_te).item(), "trainRelL2": rel(forward(u_tr), s_tr).item(), "ms": ms,
               "torch": torch.__version__, "config": cfg}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
