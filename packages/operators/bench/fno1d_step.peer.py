"""PyTorch peer for the FNO1d training step (Li et al. 2021 reference architecture, 1 thread).

B=20, S=1024, width 64, 16 modes, 4 Fourier layers, projection 128, GELU, Adam 1e-3, relative-L2 loss.
Prints one JSON line: {"step_ms": median ms per step, "torch": version}.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)


class SpectralConv1d(nn.Module):
    def __init__(self, cin, cout, modes):
        super().__init__()
        self.modes = modes
        scale = 1 / (cin * cout)
        self.w = nn.Parameter(scale * torch.rand(cin, cout, modes, dtype=torch.cfloat))

    def forward(self, x):
        b, n = x.shape[0], x.shape[-1]
        x_ft = torch.fft.rfft(x)
        out_ft = torch.zeros(b, self.w.shape[1], n // 2 + 1, dtype=torch.cfloat)
        out_ft[:, :, : self.modes] = torch.einsum("bix,iox->box", x_ft[:, :, : self.modes], self.w)
        return torch.fft.irfft(out_ft, n=n)


class FNO1d(nn.Module):
    def __init__(self, modes, width):
        super().__init__()
        self.fc0 = nn.Linear(2, width)
        self.convs = nn.ModuleList([SpectralConv1d(width, width, modes) for _ in range(4)])
        self.ws = nn.ModuleList([nn.Conv1d(width, width, 1) for _ in range(4)])
        self.fc1 = nn.Linear(width, 128)
        self.fc2 = nn.Linear(128, 1)

    def forward(self, x):
        grid = torch.linspace(0, 1, x.shape[1]).reshape(1, -1, 1).repeat(x.shape[0], 1, 1)
        x = self.fc0(torch.cat((x, grid), dim=-1)).permute(0, 2, 1)
        for i, (k, w) in enumerate(zip(self.convs, self.ws)):
            x = k(x) + w(x)
            if i < 3:
                x = F.gelu(x)
        x = F.gelu(self.fc1(x.permute(0, 2, 1)))
        return self.fc2(x)


def rel_l2(p, y):
    b = y.shape[0]
    return (torch.norm((p - y).reshape(b, -1), dim=1) / torch.norm(y.reshape(b, -1), dim=1)).mean()


B, S = 20, 1024
model = FNO1d(16, 64)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-4)
x = torch.randn(B, S, 1)
y = torch.randn(B, S, 1)
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 10
ts = []
for i in range(reps + 2):
    t = time.perf_counter()
    opt.zero_grad()
    loss = rel_l2(model(x), y)
    loss.backward()
    opt.step()
    ts.append((time.perf_counter() - t) * 1000)
ts = sorted(ts[2:])
print(json.dumps({"step_ms": ts[len(ts) // 2], "min_ms": ts[0], "torch": torch.__version__}))
