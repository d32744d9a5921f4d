// Banded vs dense Newton matrices in the stiff solvers, one JSON line per case:
// {"bench":"ode-banded","case":…,"metric":"ms","ours":banded,"peer":dense,"ratio":banded/dense}; also written to
// <repo>/bench/results/ode-banded.json. Run: cd packages/ode && npx tsup && node bench/ode-banded.bench.mjs
// Problem: 1-D Brusselator reaction–diffusion (Hairer & Wanner II §IV.10), m grid points, n = 2m unknowns
// interleaved (bandwidth [2, 2]), α = 1/50, t ∈ [0, 10], rtol = atol = 1e-6.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { solveIvp } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const lines = [];
const emit = (kase, metric, ours, peer) => {
  const line = { bench: "ode-banded", case: kase, metric, ours, peer, ratio: peer ? ours / peer : null };
  lines.push(line);
  console.log(JSON.stringify(line));
};

function brusselator(m) {
  const n = 2 * m;
  const c = (1 / 50) * (m + 1) ** 2;
  const y0 = Float64Array.from({ length: n }, (_, k) =>
    k % 2 === 0 ? 1 + Math.sin((2 * Math.PI * (Math.floor(k / 2) + 1)) / (m + 1)) : 3,
  );
  const f = (_t, y, dy) => {
    for (let i = 0; i < m; i++) {
      const u = y[2 * i];
      const v = y[2 * i + 1];
      const uL = i > 0 ? y[2 * i - 2] : 1;
      const uR = i < m - 1 ? y[2 * i + 2] : 1;
      const vL = i > 0 ? y[2 * i - 1] : 3;
      const vR = i < m - 1 ? y[2 * i + 3] : 3;
      dy[2 * i] = 1 + u * u * v - 4 * u + c * (uL - 2 * u + uR);
      dy[2 * i + 1] = 3 * u - u * u * v + c * (vL - 2 * v + vR);
    }
  };
  return { n, y0, f };
}

const best = (fn, reps) => {
  let b = Number.POSITIVE_INFINITY;
  let r;
  for (let k = 0; k <= reps; k++) {
    const t0 = performance.now();
    r = fn();
    if (k > 0) b = Math.min(b, performance.now() - t0);
  }
  return [r, b];
};

for (const m of [100, 200]) {
  const { n, y0, f } = brusselator(m);
  for (const method of ["Radau", "BDF", "Rodas5P"]) {
    const opts = { method, rtol: 1e-6, atol: 1e-6 };
    const [dense, td] = best(() => solveIvp(f, [0, 10], y0, opts), 1);
    const [banded, tb] = best(() => solveIvp(f, [0, 10], y0, { ...opts, jacBandwidth: [2, 2] }), 1);
    const diff = Math.max(...banded.y.at(-1).map((v, i) => Math.abs(v - dense.y.at(-1)[i])));
    const kase = `brusselator n=${n} ${method} (finite-difference Jacobian)`;
    emit(kase, "ms", tb, td);
    emit(
      kase,
      "nfev+nfevJacobian",
      banded.nfev + banded.stats.nfevJacobian,
      dense.nfev + dense.stats.nfevJacobian,
    );
    emit(kase, "maxAbsDiff", diff, null);
  }
}

const outDir = join(here, "..", "..", "..", "bench", "results");
if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "ode-banded.json"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
