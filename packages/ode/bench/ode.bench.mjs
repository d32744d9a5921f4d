// Benchmarks of @continuum/ode against SciPy (and odex when installed), one JSON line per case:
// {"bench":"ode","case":…,"metric":…,"ours":x,"peer":y,"ratio":x/y}; also written to <repo>/bench/results/ode.json.
// Run: cd packages/ode && npx tsup && node bench/ode.bench.mjs
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { peerEnv } from "../../../bench/lib.mjs";
import { solveIvp, solveSde, virtualBrownianTree } from "../dist/index.js";
import { TEST_PROBLEMS } from "../dist/testing.js";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..", "..");
const reference = JSON.parse(
  readFileSync(join(here, "..", "test", "fixtures", "scipy_reference.json"), "utf8"),
).problems;
const lines = [];
const emit = (kase, metric, ours, peer) => {
  const line = {
    bench: "ode",
    case: kase,
    metric,
    ours,
    peer: peer ?? null,
    ratio: peer ? ours / peer : null,
  };
  lines.push(line);
  console.log(JSON.stringify(line));
};

/** Max over components of |a − b| / max(|b|, 1). */
const mixedErr = (a, b) => Math.max(...b.map((v, i) => Math.abs(a[i] - v) / Math.max(Math.abs(v), 1)));

function ours(problem, method, rtol, atol, repeats = 5) {
  const p = TEST_PROBLEMS[problem];
  let best = Number.POSITIVE_INFINITY;
  let r;
  // Warm (JIT-compiled) timing: best of at least max(repeats, 20) runs and of 500 ms of runs (max 400), after one
  // warm-up run. SciPy's times are best of 3 (CPython does not warm up).
  const start = performance.now();
  for (let k = 0; k < 401 && (k <= Math.max(repeats, 20) || performance.now() - start < 500); k++) {
    const t0 = performance.now();
    r = solveIvp(p.f, [0, p.t1], p.y0, { method, rtol, atol });
    if (k > 0) best = Math.min(best, performance.now() - t0);
  }
  return { nfev: r.nfev, njev: r.njev, nlu: r.nlu, ms: best, yEnd: Array.from(r.y.at(-1)), status: r.status };
}

function scipy(cases) {
  try {
    const out = execFileSync("/usr/bin/python3", [join(here, "peer_scipy.py")], {
      input: JSON.stringify(cases),
      maxBuffer: 1 << 26,
      env: peerEnv(1),
    });
    return JSON.parse(out.toString());
  } catch (e) {
    console.error(
      `SciPy peer unavailable (${e.message.split("\n")[0]}); install with: apt-get install -y python3-scipy python3-numpy`,
    );
    return cases.map(() => null);
  }
}

// 1. Arenstorf, rtol = atol = 1e-10: DOP853 NFE and error vs SciPy DOP853; time vs SciPy (and odex if present).
{
  const o = ours("arenstorf", "DOP853", 1e-10, 1e-10, 20);
  const [s] = scipy([{ problem: "arenstorf", method: "DOP853", rtol: 1e-10, atol: 1e-10, repeats: 5 }]);
  const ref = reference.arenstorf.reference;
  emit("arenstorf DOP853 1e-10", "nfev", o.nfev, s?.nfev);
  emit("arenstorf DOP853 1e-10", "finalErr", mixedErr(o.yEnd, ref), s ? mixedErr(s.yEnd, ref) : null);
  emit("arenstorf DOP853 1e-10", "ms", o.ms, s?.ms);
  let odex = null;
  try {
    odex = await import("odex");
  } catch {
    console.error(
      "odex (the JS peer) is not resolvable: add it at the repo root with `npm install -D odex` (a root devDependency), then rerun",
    );
  }
  if (odex) {
    const p = TEST_PROBLEMS.arenstorf;
    const S = new odex.Solver(4);
    S.absoluteTolerance = S.relativeTolerance = 1e-10;
    S.maxSteps = 1e6;
    const g = (x, y) => {
      const dy = new Float64Array(4);
      p.f(x, Float64Array.from(y), dy);
      return Array.from(dy);
    };
    let best = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 21; k++) {
      const t0 = performance.now();
      S.solve(g, 0, p.y0.slice(), p.t1);
      if (k > 0) best = Math.min(best, performance.now() - t0);
    }
    emit("arenstorf DOP853 1e-10 vs odex", "ms", o.ms, best);
  }
}

// 2. Work-precision: error vs NFE and time, ours (Dopri5, Tsit5, DOP853, Vern7, Vern9) vs SciPy (RK45, DOP853).
{
  const tols = [1e-4, 1e-6, 1e-8, 1e-10, 1e-12];
  for (const problem of ["arenstorf", "pleiades", "lorenz"]) {
    const ref = reference[problem].reference;
    const pairs = [
      ["Dopri5", "RK45"],
      ["Tsit5", "RK45"],
      ["DOP853", "DOP853"],
      ["Vern7", "DOP853"],
      ["Vern9", "DOP853"],
    ];
    const peerCases = [];
    for (const [, peer] of pairs)
      for (const tol of tols) peerCases.push({ problem, method: peer, rtol: tol, atol: tol, repeats: 3 });
    const peerOut = scipy(peerCases);
    let k = 0;
    for (const [mine, peer] of pairs) {
      for (const tol of tols) {
        const o = ours(problem, mine, tol, tol, 3);
        const s = peerOut[k++];
        const kase = `wp ${problem} ${mine} vs ${peer} tol=${tol}`;
        emit(kase, "nfev", o.nfev, s?.nfev);
        emit(kase, "finalErr", mixedErr(o.yEnd, ref), s ? mixedErr(s.yEnd, ref) : null);
        emit(kase, "ms", o.ms, s?.ms);
      }
    }
  }
}

// 3. Stiff: Robertson to 1e5 and Van der Pol eps = 1e-6 on [0, 2]: NFE vs SciPy Radau/BDF, time vs LSODA.
{
  const cases = [
    ["robertson", 1e-6, 1e-10],
    ["vdp_eps1e-6", 1e-6, 1e-6],
    ["vdp_mu1000", 1e-6, 1e-6],
  ];
  for (const [problem, rtol, atol] of cases) {
    const ref = reference[problem].reference;
    const [sr, sb, sl] = scipy(
      ["Radau", "BDF", "LSODA"].map((method) => ({ problem, method, rtol, atol, repeats: 3 })),
    );
    for (const [mine, peer] of [
      ["Radau", sr],
      ["BDF", sb],
      ["Rodas5P", sr],
    ]) {
      const o = ours(problem, mine, rtol, atol, 5);
      const kase = `${problem} ${mine} rtol=${rtol}`;
      emit(`${kase} (nfev vs SciPy ${mine === "BDF" ? "BDF" : "Radau"})`, "nfev", o.nfev, peer?.nfev);
      emit(
        `${kase} (error vs SciPy ${mine === "BDF" ? "BDF" : "Radau"})`,
        "finalErr",
        mixedErr(o.yEnd, ref),
        peer ? mixedErr(peer.yEnd, ref) : null,
      );
      emit(`${kase} (time vs SciPy LSODA)`, "ms", o.ms, sl?.ms);
      emit(`${kase} (time vs SciPy ${mine === "BDF" ? "BDF" : "Radau"})`, "ms", o.ms, peer?.ms);
    }
    if (sl) emit(`${problem} SciPy LSODA`, "nfev", sl.nfev, null);
  }
}

// 4. SDE strong-order slopes on geometric Brownian motion (no peer: closed-form solution).
{
  const steps = [8, 16, 32, 64, 128, 256];
  const slope = (x, y) => {
    const lx = x.map(Math.log);
    const ly = y.map(Math.log);
    const mx = lx.reduce((a, b) => a + b) / lx.length;
    const my = ly.reduce((a, b) => a + b) / ly.length;
    let num = 0;
    let den = 0;
    lx.forEach((v, i) => {
      num += (v - mx) * (ly[i] - my);
      den += (v - mx) ** 2;
    });
    return num / den;
  };
  for (const [solver, strat, nominal] of [
    ["EulerMaruyama", false, 0.5],
    ["Milstein", false, 1],
    ["Heun", true, 1],
  ]) {
    const errs = steps.map((n) => {
      let acc = 0;
      const paths = 1000;
      for (let s = 0; s < paths; s++) {
        const bm = virtualBrownianTree({ t0: 0, t1: 1, dim: 1, seed: s });
        const r = solveSde({
          drift: (_t, y) => [1.5 * y[0]],
          diffusion: (_t, y) => [y[0]],
          t0: 0,
          t1: 1,
          y0: [1],
          dt0: 1 / n,
          solver,
          brownian: bm,
        });
        const W = bm.increment(0, 1)[0];
        acc += Math.abs(r.ys[0][0] - Math.exp((strat ? 1.5 : 1.0) + W));
      }
      return acc / paths;
    });
    emit(
      `SDE GBM strong order ${solver}`,
      "slope",
      slope(
        steps.map((n) => 1 / n),
        errs,
      ),
      nominal,
    );
  }
}

const outDir = join(repoRoot, "bench", "results");
if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "ode.json"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
