// Dense LU, sparse CG and small eigenproblems against SciPy/NumPy (single-threaded BLAS), plus the
// hand-written LU against ml-matrix (the library-choice measurement recorded in docs/linalg.md).
// Run: cd packages/core-tensor && npx tsup && node bench/linalg.bench.mjs   (or `npm run bench -- linalg`)
import { fileURLToPath } from "node:url";
import { LuDecomposition, Matrix } from "ml-matrix";
import { report, runPeer } from "../../../bench/lib.mjs";
import {
  cg,
  csrFromTriplets,
  eig,
  eigh,
  lu,
  luSolve,
  matvec,
  norm2,
  sparseSolve,
  svd,
} from "../dist/linalg.js";

const BENCH = "linalg";

/**
 * Per-call time (ms) over 7 batches, each taking >= 100 ms of CPU time (or 2 s of wall time): `wall` is the best
 * batch's wall-clock time, `cpu` the best batch's process CPU time (user + system). On a shared, loaded machine
 * wall time includes waiting for a core, so ratios are reported for both; batches are sized on CPU time because
 * tiny batches are dominated by cold caches after every context switch. The peer measures the same way.
 */
function perCall(fn) {
  fn();
  let number = 1;
  for (;;) {
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < number; i++) fn();
    const d = process.cpuUsage(c);
    if ((d.user + d.system) / 1000 >= 100 || performance.now() - t >= 2000) break;
    number *= 2;
  }
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    const c = process.cpuUsage();
    const t = performance.now();
    for (let i = 0; i < number; i++) fn();
    wall = Math.min(wall, (performance.now() - t) / number);
    const d = process.cpuUsage(c);
    cpu = Math.min(cpu, (d.user + d.system) / 1000 / number);
  }
  return { wall, cpu };
}

/** Report a timing as two lines: metric "ms" (wall clock) and "cpuMs" (process CPU time), peer keys k and k_cpu. */
function reportTime(caseName, t, key, extra) {
  report({ bench: BENCH, case: caseName, metric: "ms", ours: t.wall, peer: p(key), extra });
  report({ bench: BENCH, case: caseName, metric: "cpuMs", ours: t.cpu, peer: p(`${key}_cpu`), extra });
}

function dense(n) {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) a[i] = Math.sin(i);
  for (let i = 0; i < n; i++) a[i * n + i] += n;
  return { a, b: new Float64Array(n).fill(1) };
}

function poisson2d(N) {
  const r = [];
  const c = [];
  const v = [];
  const s = (N + 1) ** 2;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) {
      const p = i * N + j;
      r.push(p);
      c.push(p);
      v.push(4 * s);
      const nbrs = [i > 0 ? p - N : -1, i < N - 1 ? p + N : -1, j > 0 ? p - 1 : -1, j < N - 1 ? p + 1 : -1];
      for (const q of nbrs) {
        if (q < 0) continue;
        r.push(p);
        c.push(q);
        v.push(-s);
      }
    }
  }
  return csrFromTriplets(N * N, N * N, r, c, v);
}

const peer = runPeer(fileURLToPath(new URL("./linalg.peer.py", import.meta.url)), [], {
  modules: ["numpy", "scipy"],
});
const p = (k) => (peer ? peer[k] : null);

for (const n of [10, 100, 500]) {
  const { a, b } = dense(n);
  const ours = perCall(() => luSolve(lu(a, n), b));
  reportTime(`dense-lu-solve-n${n}`, ours, `lu${n}`, { peerName: "scipy.linalg.lu_factor+lu_solve" });
  const f = lu(a, n);
  reportTime(
    `dense-lu-resolve-n${n}`,
    perCall(() => luSolve(f, b)),
    `lusolveonly${n}`,
    {
      peerName: "scipy.linalg.lu_solve",
    },
  );
  const x = luSolve(f, b);
  const r = matvec(a, x, n, n);
  for (let i = 0; i < n; i++) r[i] -= b[i];
  report({
    bench: BENCH,
    case: `dense-lu-backward-error-n${n}`,
    metric: "relResidual",
    ours: norm2(r) / (norm2(a) * norm2(x)),
    peer: p(`res${n}`),
  });
  // library choice: same factor+solve with ml-matrix (peer column = ml-matrix)
  const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
  const B = Matrix.columnVector(Array.from(b));
  const ml = perCall(() => new LuDecomposition(new Matrix(rows)).solve(B));
  report({
    bench: BENCH,
    case: `dense-lu-solve-n${n}-vs-ml-matrix`,
    metric: "cpuMs",
    ours: ours.cpu,
    peer: ml.cpu,
    extra: { peerName: "ml-matrix 6.15 LuDecomposition" },
  });
}

{
  const N = 256;
  const P = poisson2d(N);
  const b = new Float64Array(N * N).fill(1);
  let res;
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let rep = 0; rep < 3; rep++) {
    const c = process.cpuUsage();
    const t0 = performance.now();
    res = cg(P, b, { rtol: 1e-8 });
    wall = Math.min(wall, performance.now() - t0);
    const d = process.cpuUsage(c);
    cpu = Math.min(cpu, (d.user + d.system) / 1000);
  }
  reportTime("sparse-poisson-256x256-cg", { wall, cpu }, "cg", {
    peerName: "scipy.sparse.linalg.cg",
    rtol: 1e-8,
  });
  report({
    bench: BENCH,
    case: "sparse-poisson-256x256-cg",
    metric: "iterations",
    ours: res.iterations,
    peer: p("cgIterations"),
  });
}
{
  const P = poisson2d(64);
  const b = new Float64Array(64 * 64).fill(1);
  reportTime(
    "sparse-direct-poisson-64x64",
    perCall(() => sparseSolve(P, b)),
    "spsolve64",
    {
      peerName: "scipy.sparse.linalg.spsolve (SuperLU)",
    },
  );
}
{
  const n = 100;
  const s = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) s[i] = Math.sin(i);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = s[i * n + j] + s[j * n + i];
  const G = Float64Array.from(S);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) G[i * n + j] += S[i * n + j];
  reportTime(
    "eigh-n100",
    perCall(() => eigh(S, n)),
    "eigh100",
    { peerName: "numpy.linalg.eigh" },
  );
  reportTime(
    "svd-n100",
    perCall(() => svd(S, n, n)),
    "svd100",
    { peerName: "numpy.linalg.svd" },
  );
  reportTime(
    "eig-n100",
    perCall(() => eig(G, n)),
    "eig100",
    { peerName: "numpy.linalg.eig" },
  );
}
