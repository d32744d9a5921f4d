import { prng } from "@continuum/core-tensor";
import { clipToBox, commonOptions, numberOption, sanitize } from "./common.js";
import { populationShell } from "./population-shell.js";
import type { AskTell, AskTellOptions } from "./types.js";

/** Options of {@link cem}. */
export interface CemOptions extends AskTellOptions {
  /** Fraction of the population kept as elites (default 0.2). */
  eliteFraction?: number;
  /** Smoothing of the mean/std refit (default 0: replace). */
  smoothing?: number;
  /** Stop when every std is below this (default 1e-10). */
  tolSigma?: number;
}

/**
 * Cross-entropy method (Rubinstein, 1999; de Boer et al., 2005): sample a diagonal Gaussian, refit its mean and
 * standard deviation to the elite fraction.
 * @example
 * ```ts
 * const opt = cem({ x0: [2, 2], sigma0: 1, popSize: 40, seed: 0 });
 * ```
 */
export function cem(options: CemOptions): AskTell {
  const where = "cem";
  const c = commonOptions(options, where, ["eliteFraction", "smoothing", "tolSigma"]);
  const rng = prng(c.seed);
  const pop = options.popSize ?? Math.max(20, 10 * c.n);
  const fraction = numberOption(options.eliteFraction, 0.2, "eliteFraction", where, { gt: 0, le: 1 });
  const elite = Math.min(pop, Math.max(2, Math.round(pop * fraction)));
  const smooth = numberOption(options.smoothing, 0, "smoothing", where, { ge: 0, lt: 1 });
  const tolSigma = numberOption(options.tolSigma, 1e-10, "tolSigma", where, { ge: 0 });
  let mu = Float64Array.from(c.x0);
  let sd = new Float64Array(c.n).fill(c.sigma0);
  return populationShell(where, c, {
    ask() {
      return Array.from({ length: pop }, () =>
        clipToBox(
          Float64Array.from(mu, (m, i) => m + sd[i]! * rng.nextNormal()),
          c.lo,
          c.hi,
        ),
      );
    },
    tell(given, fs) {
      const idx = Array.from({ length: given.length }, (_, i) => i)
        .sort((a, b) => sanitize(fs[a]!) - sanitize(fs[b]!))
        .slice(0, elite);
      const m2 = new Float64Array(c.n);
      const s2 = new Float64Array(c.n);
      for (const k of idx) for (let i = 0; i < c.n; i++) m2[i] = m2[i]! + given[k]![i]! / elite;
      for (const k of idx)
        for (let i = 0; i < c.n; i++) s2[i] = s2[i]! + (given[k]![i]! - m2[i]!) ** 2 / elite;
      mu = Float64Array.from(mu, (m, i) => smooth * m + (1 - smooth) * m2[i]!);
      sd = Float64Array.from(sd, (s, i) => smooth * s + (1 - smooth) * Math.sqrt(s2[i]!));
    },
    stop() {
      return sd.every((s) => s < tolSigma) ? `tolSigma: every std below ${tolSigma}` : null;
    },
  });
}

/** Options of {@link cbo}. */
export interface CboOptions extends AskTellOptions {
  /** Inverse temperature of the consensus weights (default 30). */
  alpha?: number;
  /** Drift towards the consensus (default 1). */
  lambda?: number;
  /** Anisotropic noise strength (default 0.8). */
  sigma?: number;
  /** Time step (default 0.1). */
  dt?: number;
  /** Stop when the particles' spread around the consensus is below this (default 1e-10). */
  tolSpread?: number;
}

/**
 * Consensus-based optimisation (Pinnau, Totzeck, Tse & Martin, 2017) with anisotropic noise (Carrillo, Jin, Li &
 * Zhu, 2021): particles drift to the Gibbs-weighted consensus `v = Σ xᵢ e^{−αf(xᵢ)}/Σ e^{−αf(xᵢ)}` and diffuse
 * proportionally to their distance from it, `xᵢ ← xᵢ − λ dt (xᵢ − v) + σ √dt (xᵢ − v) ⊙ ξ`.
 * @example
 * ```ts
 * const opt = cbo({ x0: [2, 2], sigma0: 2, popSize: 50, seed: 0 });
 * ```
 */
export function cbo(options: CboOptions): AskTell & { readonly consensus: Float64Array } {
  const where = "cbo";
  const c = commonOptions(options, where, ["alpha", "lambda", "sigma", "dt", "tolSpread"]);
  const rng = prng(c.seed);
  const N = options.popSize ?? 50;
  const alpha = numberOption(options.alpha, 30, "alpha", where, { ge: 0 });
  const lam = numberOption(options.lambda, 1, "lambda", where, { gt: 0 });
  const sig = numberOption(options.sigma, 0.8, "sigma", where, { ge: 0 });
  const dt = numberOption(options.dt, 0.1, "dt", where, { gt: 0 });
  const tol = numberOption(options.tolSpread, 1e-10, "tolSpread", where, { ge: 0 });
  let X = Array.from({ length: N }, () =>
    clipToBox(
      Float64Array.from(c.x0, (m) => m + c.sigma0 * rng.nextNormal()),
      c.lo,
      c.hi,
    ),
  );
  let v = Float64Array.from(c.x0);
  let spread = Number.POSITIVE_INFINITY;
  let blind = 0; // generations in a row without a finite value
  return populationShell(
    where,
    c,
    {
      ask() {
        return X;
      },
      tell(_xs, fs) {
        const f = Float64Array.from({ length: N }, (_, i) => sanitize(fs[i]!));
        const fmin = Math.min(...f);
        if (!Number.isFinite(fmin)) {
          // No finite value in this generation (all particles where f = +∞ or NaN): there are no consensus
          // weights (0/0 made every particle NaN). Keep the consensus and scatter the particles around their
          // positions with a scale doubling on each such generation, until some land where f is finite (as
          // CMA-ES's flat-fitness rule widens its step).
          blind++;
          const scale = c.sigma0 * 2 ** blind;
          X = X.map((x) =>
            clipToBox(
              Float64Array.from(x, (xi) => xi + scale * rng.nextNormal()),
              c.lo,
              c.hi,
            ),
          );
          spread = Number.POSITIVE_INFINITY;
          return;
        }
        blind = 0;
        const w = Float64Array.from(f, (fi) => (Number.isFinite(fi) ? Math.exp(-alpha * (fi - fmin)) : 0));
        const ws = w.reduce((s, x) => s + x, 0);
        v = new Float64Array(c.n);
        for (let k = 0; k < N; k++) for (let i = 0; i < c.n; i++) v[i] = v[i]! + (w[k]! / ws) * X[k]![i]!;
        spread = 0;
        X = X.map((x) =>
          clipToBox(
            Float64Array.from(x, (xi, i) => {
              const d = xi - v[i]!;
              spread = Math.max(spread, Math.abs(d));
              return xi - lam * dt * d + sig * Math.sqrt(dt) * d * rng.nextNormal();
            }),
            c.lo,
            c.hi,
          ),
        );
      },
      stop() {
        return spread < tol ? `tolSpread: particles within ${tol} of the consensus` : null;
      },
    },
    {
      get consensus() {
        return v;
      },
    },
  );
}

/** Options of {@link differentialEvolution}. */
export interface DifferentialEvolutionOptions extends AskTellOptions {
  /** Differential weight (default 0.8). */
  F?: number;
  /** Crossover probability (default 0.9). */
  CR?: number;
  /** Stop when the population's value spread is below this (default 1e-12). */
  tolFun?: number;
}

/**
 * Differential evolution DE/rand/1/bin (Storn & Price, 1997): for each member a mutant `a + F(b − c)` from three
 * others, binomial crossover with rate CR, greedy replacement. The first `ask()` returns the initial
 * population (x0 and samples around it, or uniform in finite bounds).
 * @example
 * ```ts
 * const de = differentialEvolution({ x0: [0, 0], bounds: [[-5, 5], [-5, 5]], seed: 0 });
 * ```
 */
export function differentialEvolution(options: DifferentialEvolutionOptions): AskTell {
  const where = "differentialEvolution";
  const c = commonOptions(options, where, ["F", "CR", "tolFun"]);
  const rng = prng(c.seed);
  // rand/1 mutation draws three members distinct from the target: an explicit popSize below 4 was silently raised
  const NP = options.popSize ?? Math.max(10 * c.n, 5);
  if (NP < 4)
    throw new Error(
      `${where}: options.popSize must be an integer >= 4 (rand/1 mutation needs three other members), received ${NP}`,
    );
  const F = numberOption(options.F, 0.8, "F", where, { gt: 0, le: 2 });
  const CR = numberOption(options.CR, 0.9, "CR", where, { ge: 0, le: 1 });
  const tolFun = numberOption(options.tolFun, 1e-12, "tolFun", where, { ge: 0 });
  const boxed = c.lo?.every(Number.isFinite) && c.hi!.every(Number.isFinite);
  let pop = Array.from({ length: NP }, (_, k) =>
    k === 0
      ? Float64Array.from(c.x0)
      : boxed
        ? Float64Array.from(c.x0, (_, i) => c.lo![i]! + (c.hi![i]! - c.lo![i]!) * rng.nextDouble())
        : Float64Array.from(c.x0, (m) => m + c.sigma0 * rng.nextNormal()),
  );
  let fit: Float64Array | null = null;
  return populationShell(where, c, {
    ask() {
      if (!fit) return pop.map((x) => Float64Array.from(x));
      return pop.map((x, k) => {
        let a: number;
        let b: number;
        let d: number;
        do a = rng.int(0, NP);
        while (a === k);
        do b = rng.int(0, NP);
        while (b === k || b === a);
        do d = rng.int(0, NP);
        while (d === k || d === a || d === b);
        const jr = rng.int(0, c.n);
        const y = Float64Array.from(x, (xi, i) =>
          rng.nextDouble() < CR || i === jr ? pop[a]![i]! + F * (pop[b]![i]! - pop[d]![i]!) : xi,
        );
        return clipToBox(y, c.lo, c.hi);
      });
    },
    tell(xs, fs) {
      if (!fit) fit = Float64Array.from({ length: NP }, (_, k) => sanitize(fs[k]!));
      else
        for (let k = 0; k < NP; k++) {
          const f = sanitize(fs[k]!);
          if (f <= fit[k]!) {
            fit[k] = f;
            pop[k] = Float64Array.from(xs[k]!);
          }
        }
      pop = pop.slice();
    },
    stop(t) {
      if (fit && t > 1) {
        let mx = Number.NEGATIVE_INFINITY;
        let mn = Number.POSITIVE_INFINITY;
        for (const f of fit) {
          mx = Math.max(mx, f);
          mn = Math.min(mn, f);
        }
        if (mx - mn < tolFun) return `tolFun: population values within ${tolFun}`;
      }
      return null;
    },
  });
}

/** Options of {@link randomSearch}. */
export interface RandomSearchOptions extends AskTellOptions {
  /** Adapt the step size with the 1/5 success rule (default true); false = pure sampling around x0 / in the box. */
  adaptive?: boolean;
  /** Stop when the adaptive step falls below this (default 1e-12). */
  tolSigma?: number;
}

/**
 * Random search. Adaptive (default): a (1+λ) search around the best point whose step size follows
 * Rechenberg's 1/5-success rule (Rechenberg, 1973). Non-adaptive: independent samples, uniform in finite
 * bounds or Gaussian around x0 with `sigma0` (Bergstra & Bengio, 2012, as a baseline).
 * @example
 * ```ts
 * const rs = randomSearch({ x0: [1, 1], sigma0: 0.5, seed: 0 });
 * ```
 */
export function randomSearch(options: RandomSearchOptions): AskTell {
  const where = "randomSearch";
  const c = commonOptions(options, where, ["adaptive", "tolSigma"]);
  const rng = prng(c.seed);
  const lambda = options.popSize ?? 4;
  const adaptive = options.adaptive ?? true;
  const tolSigma = numberOption(options.tolSigma, 1e-12, "tolSigma", where, { ge: 0 });
  const boxed = c.lo?.every(Number.isFinite) && c.hi!.every(Number.isFinite);
  let sigma = c.sigma0;
  let center = Float64Array.from(c.x0);
  let fCenter = Number.POSITIVE_INFINITY;
  let t = 0;
  return populationShell(where, c, {
    ask() {
      if (t === 0 && adaptive) return [Float64Array.from(center)];
      if (!adaptive && boxed)
        return Array.from({ length: lambda }, () =>
          Float64Array.from(c.x0, (_, i) => c.lo![i]! + (c.hi![i]! - c.lo![i]!) * rng.nextDouble()),
        );
      return Array.from({ length: lambda }, () =>
        clipToBox(
          Float64Array.from(adaptive ? center : c.x0, (m) => m + sigma * rng.nextNormal()),
          c.lo,
          c.hi,
        ),
      );
    },
    tell(given, fs) {
      if (adaptive) {
        let success = 0;
        for (let k = 0; k < given.length; k++) {
          const f = sanitize(fs[k]!);
          if (f < fCenter) {
            success++;
            fCenter = f;
            center = Float64Array.from(given[k]!);
          }
        }
        if (t > 0) sigma *= success / given.length > 0.2 ? 1.5 : 1.5 ** (-1 / 4);
      }
      t++;
    },
    stop() {
      return adaptive && sigma < tolSigma ? `tolSigma: step size below ${tolSigma}` : null;
    },
  });
}
