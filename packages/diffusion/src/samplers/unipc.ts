import { tf } from "@continuum/core-tensor";
import { checkInput, counter, finish, resolveGrid } from "./common.js";
import type { Sampler, SamplerOptions } from "./types.js";

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r.slice(0, n), b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/**
 * UniPC (Zhao et al. 2023) multistep predictor–corrector in data prediction with `B(h) = expm1(-h)` ("bh2"):
 * the UniP-p predictor from the last p denoiser outputs, then the UniC corrector using the model output at the
 * predicted point, which is reused by the next step, so the cost stays 1 NFE per step. `order` 1–3
 * (default 2); lower orders on the first steps and (when steps < 15) the last.
 * @example
 * ```ts
 * samplers.get("unipc").run(model, xT, { steps: 15, order: 2 });
 * ```
 */
export const unipc: Sampler = {
  name: "unipc",
  description: "UniPC-bh2 multistep predictor–corrector, data prediction (Zhao et al. 2023)",
  stochastic: false,
  kind: "ode",
  startsAtSdeTMax: true,
  nfePerStep: () => 1,
  run(model, xT, options: SamplerOptions) {
    checkInput(model, xT, "unipc");
    const order = options.order ?? 2;
    if (!(order === 1 || order === 2 || order === 3))
      throw new Error(`unipc: options.order must be 1, 2 or 3, received ${order}`);
    const grid = resolveGrid(model, options, "unipc", true);
    const p = model.path;
    const ev = counter(model);
    const n = grid.length - 1;
    const lowerFinal = options.lowerOrderFinal ?? n < 15;
    const hist: { D: tf.Tensor; lambda: number }[] = [{ D: ev.D(xT, grid[0]!), lambda: p.logSNR(grid[0]!) }];
    let x = tf.clone(xT);
    for (let i = 0; i < n; i++) {
      const s = grid[i]!;
      const t = grid[i + 1]!;
      if (p.sigma(t) === 0) {
        const last = tf.tidy(() => tf.mul(hist[0]!.D, p.alpha(t)));
        x.dispose();
        x = last;
        break;
      }
      let k = Math.min(order, hist.length);
      if (lowerFinal) k = Math.min(k, n - i);
      const lt = p.logSNR(t);
      const m0 = hist[0]!;
      const h = lt - m0.lambda;
      const hh = -h;
      const at = p.alpha(t);
      const hPhi1 = Math.expm1(hh);
      const Bh = Math.expm1(hh);
      const rks: number[] = [];
      for (let j = 1; j < k; j++) rks.push((hist[j]!.lambda - m0.lambda) / h);
      rks.push(1);
      const R: number[][] = [];
      const b: number[] = [];
      let hPhiK = hPhi1 / hh - 1;
      let fact = 1;
      for (let j = 1; j <= k; j++) {
        R.push(rks.map((r) => r ** (j - 1)));
        b.push((hPhiK * fact) / Bh);
        fact *= j + 1;
        hPhiK = hPhiK / hh - 1 / fact;
      }
      const [xPred, base, d1s] = tf.tidy(() => {
        const base = tf.sub(tf.mul(x, p.sigma(t) / p.sigma(s)), tf.mul(m0.D, at * hPhi1));
        const d1s = rks.slice(0, -1).map((r, j) => tf.div(tf.sub(hist[j + 1]!.D, m0.D), r));
        let xp = base;
        if (k >= 2) {
          const rhoP =
            k === 2
              ? [0.5]
              : solve(
                  R.slice(0, -1).map((row) => row.slice(0, -1)),
                  b.slice(0, -1),
                );
          let res: tf.Tensor = tf.zerosLike(x);
          d1s.forEach((d, j) => {
            res = tf.add(res, tf.mul(d, rhoP[j]!));
          });
          xp = tf.sub(base, tf.mul(res, at * Bh));
        }
        return [xp, base, d1s] as [tf.Tensor, tf.Tensor, tf.Tensor[]];
      });
      const Dt = ev.D(xPred, t);
      const corrected = tf.tidy(() => {
        const rhoC = k === 1 ? [0.5] : solve(R, b);
        let res: tf.Tensor = tf.mul(tf.sub(Dt, m0.D), rhoC[k - 1]!);
        d1s.forEach((d, j) => {
          res = tf.add(res, tf.mul(d, rhoC[j]!));
        });
        return tf.sub(base, tf.mul(res, at * Bh));
      });
      tf.dispose([xPred, base, ...d1s]);
      x.dispose();
      x = corrected;
      hist.unshift({ D: Dt, lambda: lt });
      if (hist.length > order) hist.pop()!.D.dispose();
    }
    for (const e of hist) e.D.dispose();
    return finish(x, ev.nfe(), grid, "unipc");
  },
};
