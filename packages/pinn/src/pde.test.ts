import { mlp, ready, tf } from "@continuum/core-tensor";
import { beforeAll, describe, expect, it } from "vitest";
import { dirichlet } from "./conditions/boundary.js";
import { periodicEmbedding, withEmbedding } from "./embeddings.js";
import { interval, rectangle } from "./geometry/box.js";
import { product, timeDomain } from "./geometry/product.js";
import {
  conditions,
  geometries,
  pdeTerms,
  pde,
  residualAt,
  trainable,
  grid,
  points,
  pointRows,
  selectPoints,
  columns,
  filterPoints,
} from "./index.js";

beforeAll(async () => {
  await ready();
});

/** A fixed "network" computing an analytic field, to check residuals of the PDE-term library. */
const fixedNet = (f: (z: tf.Tensor) => tf.Tensor) => ({
  params: {},
  apply: (_p: unknown, z: tf.Tensor) => f(z),
});
const col = (z: tf.Tensor, j: number) => tf.slice(z, [0, j], [z.shape[0]!, 1]);

describe("PDE-term library (residuals vanish on exact solutions)", () => {
  const st = product(interval(-1, 1), timeDomain(0, 1));
  const pts = grid([
    [-0.7, -0.1, 0.4, 0.9],
    [0.1, 0.5, 0.8],
  ]);
  // float32 second derivatives of O(1) fields: 1e-4.
  it.each([
    // heat u_t = α u_xx: u = exp(−α π² t) sin(πx), α = 0.1.
    [
      "heat",
      { alpha: 0.1 },
      (z: tf.Tensor) =>
        tf.mul(tf.exp(tf.mul(col(z, 1), -0.1 * Math.PI ** 2)), tf.sin(tf.mul(col(z, 0), Math.PI))),
    ],
    // advection u_t + c u_x = 0: u = sin(x − 2t).
    ["advection", { c: 2 }, (z: tf.Tensor) => tf.sin(tf.sub(col(z, 0), tf.mul(col(z, 1), 2)))],
    // wave u_tt = c² u_xx: u = sin(x) cos(3t), c = 3.
    ["wave", { c: 3 }, (z: tf.Tensor) => tf.mul(tf.sin(col(z, 0)), tf.cos(tf.mul(col(z, 1), 3)))],
    // Burgers: u = x / (1 + t) solves u_t + u u_x = ν u_xx for any ν.
    ["burgers", { nu: 0.3 }, (z: tf.Tensor) => tf.div(col(z, 0), tf.add(col(z, 1), 1))],
    // Allen–Cahn: u ≡ 1 is a steady state.
    ["allenCahn", { eps: 1e-4, a: 5 }, (z: tf.Tensor) => tf.onesLike(col(z, 0))],
  ])("%s", (name, options, f) => {
    const problem = pde({ geometry: st, residual: pdeTerms.get(name)(options) });
    const [r] = residualAt(problem, fixedNet(f) as never, pts);
    expect(Math.max(...Array.from(r!, Math.abs))).toBeLessThan(1e-4);
  });
  it("poisson and helmholtz in 2-D", () => {
    const g = rectangle([0, 0], [1, 1]);
    const p2 = grid([
      [0.2, 0.5, 0.9],
      [0.1, 0.6],
    ]);
    const sinsin = (z: tf.Tensor) =>
      tf.mul(tf.sin(tf.mul(col(z, 0), Math.PI)), tf.sin(tf.mul(col(z, 1), 2 * Math.PI)));
    const lap = -5 * Math.PI ** 2;
    const f = ({ x, y }: Record<string, tf.Tensor>) =>
      tf.mul(-lap, tf.mul(tf.sin(tf.mul(x!, Math.PI)), tf.sin(tf.mul(y!, 2 * Math.PI))));
    const [r1] = residualAt(
      pde({ geometry: g, residual: pdeTerms.get("poisson")({ f }) }),
      fixedNet(sinsin) as never,
      p2,
    );
    expect(Math.max(...Array.from(r1!, Math.abs))).toBeLessThan(5e-4);
    const q = ({ x, y }: Record<string, tf.Tensor>) =>
      tf.mul(lap + 4, tf.mul(tf.sin(tf.mul(x!, Math.PI)), tf.sin(tf.mul(y!, 2 * Math.PI))));
    const [r2] = residualAt(
      pde({ geometry: g, residual: pdeTerms.get("helmholtz")({ k: 2, q }) }),
      fixedNet(sinsin) as never,
      p2,
    );
    expect(Math.max(...Array.from(r2!, Math.abs))).toBeLessThan(5e-4);
  });
});

describe("PDE terms: time variable and coefficient checks", () => {
  // A space-time domain whose time variable is not called t.
  const st = product(rectangle([0, 0], [1, 1]), timeDomain(0, 1, { name: "tau" }));
  const pts = grid([
    [0.2, 0.7],
    [0.3, 0.6],
    [0.1, 0.8],
  ]);
  const maxAbs = (r: Float64Array | undefined) => Math.max(...Array.from(r!, Math.abs));
  it("heat and wave differentiate in the geometry's time variable (2-D space × tau)", () => {
    // Heat u_τ = α Δu: u = exp(−2απ²τ) sin(πx) sin(πy), α = 0.2. It used to throw "unknown variable 't'".
    const heatU = (z: tf.Tensor) =>
      tf.mul(
        tf.exp(tf.mul(col(z, 2), -0.4 * Math.PI ** 2)),
        tf.mul(tf.sin(tf.mul(col(z, 0), Math.PI)), tf.sin(tf.mul(col(z, 1), Math.PI))),
      );
    const [rh] = residualAt(
      pde({ geometry: st, residual: pdeTerms.get("heat")({ alpha: 0.2 }) }),
      fixedNet(heatU) as never,
      pts,
    );
    // float32 second derivatives of O(1) fields: 1e-4 (as above).
    expect(maxAbs(rh)).toBeLessThan(1e-4);
    // Wave u_ττ = c² Δu: u = sin(x) cos(2y) cos(c√5 τ), c = 0.5.
    const w = 0.5 * Math.sqrt(5);
    const waveU = (z: tf.Tensor) =>
      tf.mul(tf.mul(tf.sin(col(z, 0)), tf.cos(tf.mul(col(z, 1), 2))), tf.cos(tf.mul(col(z, 2), w)));
    const [rw] = residualAt(
      pde({ geometry: st, residual: pdeTerms.get("wave")({ c: 0.5 }) }),
      fixedNet(waveU) as never,
      pts,
    );
    expect(maxAbs(rw)).toBeLessThan(1e-4);
  });
  it("the Laplacian leaves the time variable out", () => {
    // u = x² + y² + τ²: Δu = 4 over (x, y); including u_ττ (as a variable not named t used to be) gives 6.
    const u = (z: tf.Tensor) =>
      tf.add(tf.add(tf.square(col(z, 0)), tf.square(col(z, 1))), tf.square(col(z, 2)));
    const [r] = residualAt(
      pde({ geometry: st, residual: pdeTerms.get("poisson")({ f: -4 }) }),
      fixedNet(u) as never,
      pts,
    );
    expect(maxAbs(r)).toBeLessThan(1e-4);
    // A box with a variable named t still serves as a space-time domain: u = x² + t², Δu = u_xx = 2.
    const xt = rectangle([0, 0], [1, 1], { vars: ["x", "t"] });
    const [r2] = residualAt(
      pde({ geometry: xt, residual: pdeTerms.get("poisson")({ f: -2 }) }),
      fixedNet((z: tf.Tensor) => tf.add(tf.square(col(z, 0)), tf.square(col(z, 1)))) as never,
      grid([[0.2, 0.7], [0.5]]),
    );
    expect(maxAbs(r2)).toBeLessThan(1e-4);
  });
  it("time-dependent terms on a spatial domain and non-finite coefficients throw naming the argument", () => {
    const net = fixedNet((z) => col(z, 0)) as never;
    expect(() =>
      residualAt(
        pde({ geometry: rectangle([0, 0], [1, 1]), residual: pdeTerms.get("heat")({ alpha: 1 }) }),
        net,
        grid([[0.5], [0.5]]),
      ),
    ).toThrow("heat: needs a time variable; the problem's variables are x, y");
    // A domain with only a time variable has no Laplacian (it used to fail with "Reduce of empty array").
    expect(() =>
      residualAt(
        pde({ geometry: interval(0, 1, { vars: ["t"] }), residual: pdeTerms.get("heat")({ alpha: 1 }) }),
        net,
        grid([[0.5]]),
      ),
    ).toThrow("heat: the Laplacian needs a space variable; the problem's only variable is the time 't'");
    const bad: [string, Record<string, unknown>, string][] = [
      [
        "poisson",
        { f: Number.NaN },
        "poisson: f must be a finite number or a function of the coordinates, received NaN",
      ],
      [
        "helmholtz",
        { k: Number.POSITIVE_INFINITY },
        "helmholtz: k must be a finite number or the name of a parameter, received Infinity",
      ],
      [
        "helmholtz",
        { k: 1, q: "q" },
        "helmholtz: q must be a finite number or a function of the coordinates, received q",
      ],
      [
        "heat",
        { alpha: Number.NaN },
        "heat: alpha must be a finite number or the name of a parameter, received NaN",
      ],
      ["heat", {}, "heat: alpha must be a finite number or the name of a parameter, received undefined"],
      [
        "advection",
        { c: "" },
        "advection: c must be a finite number or the name of a parameter, received ''",
      ],
      ["wave", { c: Number.NaN }, "wave: c must be a finite number or the name of a parameter, received NaN"],
      [
        "burgers",
        { nu: Number.NaN },
        "burgers: nu must be a finite number or the name of a parameter, received NaN",
      ],
      [
        "allenCahn",
        { eps: 1e-4, a: Number.NaN },
        "allenCahn: a must be a finite number or the name of a parameter, received NaN",
      ],
    ];
    for (const [name, options, message] of bad) expect(() => pdeTerms.get(name)(options)).toThrow(message);
  });
});

describe("pde", () => {
  it("systems: residual records become one loss term per equation", () => {
    const problem = pde({
      geometry: product(interval(0, 1), timeDomain(0, 1)),
      outputs: ["u", "v"],
      // u_t = v, v_t = −u  (harmonic oscillator in t, constant in x)
      residual: ({ d, fields }) => ({ u: tf.sub(d("u", "t"), fields.v!), v: tf.add(d("v", "t"), fields.u!) }),
    });
    const net = fixedNet((z) => tf.concat([tf.sin(col(z, 1)), tf.cos(col(z, 1))], 1));
    const rs = residualAt(
      problem,
      net as never,
      points([
        [0.5, 0.3],
        [0.1, 0.9],
      ]),
    );
    expect(rs.length).toBe(2);
    for (const r of rs) expect(Math.max(...Array.from(r, Math.abs))).toBeLessThan(1e-5);
  });

  it("trainable parameters: positive ones are learnt in log space", () => {
    const problem = pde({
      geometry: interval(0, 1),
      residual: ({ u }) => u,
      parameters: { a: 2, nu: trainable(0.5, { positive: true }) },
    });
    const v = problem.parameters.values();
    expect(v.a).toBe(2);
    // log ν is stored in float32: exp(float32(log 0.5)) = 0.5 to ~1e-7.
    expect(v.nu).toBeCloseTo(0.5, 6);
    expect(problem.parameters.variables.nu!.dataSync()[0]).toBeCloseTo(Math.log(0.5), 6);
    problem.dispose();
  });

  it("names repeated conditions and rejects bad specs", () => {
    const p = pde({
      geometry: interval(0, 1),
      residual: ({ u }) => u,
      conditions: [dirichlet({ value: 0 }), dirichlet({ value: 1 })],
    });
    expect(p.conditionNames).toEqual(["dirichlet0", "dirichlet1"]);
    expect(() => pde({ geometry: interval(0, 1) } as never)).toThrow(
      "pde: residual must be a function ({ x, u, d, params }) => tensor, received undefined",
    );
    expect(() => pde({ geometry: {} as never, residual: ({ u }) => u })).toThrow(
      /pde: geometry must be a geometry/,
    );
    expect(() => pde({ geometry: interval(0, 1), residual: ({ u }) => u, outputs: ["x"] })).toThrow(
      "pde: output 'x' has the name of a variable (x)",
    );
    expect(() =>
      pde({ geometry: interval(0, 1), residual: ({ u }) => u, parameters: { k: Number.NaN } }),
    ).toThrow("pde: parameters.k must be finite, received NaN");
    expect(() => trainable(-1, { positive: true })).toThrow(
      "trainable: init must be > 0 with { positive: true }, received -1",
    );
  });
});

describe("registries", () => {
  it("list the built-ins and refuse duplicates", () => {
    expect(geometries.names()).toEqual([
      "interval",
      "rectangle",
      "box",
      "disk",
      "ball",
      "ellipse",
      "polygon",
      "timeDomain",
      "product",
      "union",
      "difference",
      "intersection",
    ]);
    expect(conditions.names()).toEqual([
      "dirichlet",
      "neumann",
      "robin",
      "periodic",
      "boundaryResidual",
      "initial",
      "observations",
      "integral",
    ]);
    expect(pdeTerms.names()).toEqual([
      "poisson",
      "helmholtz",
      "heat",
      "advection",
      "wave",
      "burgers",
      "allenCahn",
    ]);
    expect(() => geometries.register("disk", () => interval(0, 1))).toThrow(/already registered/);
    expect(() => pdeTerms.get("navierStokes")).toThrow(/unknown PDE term 'navierStokes'; known: poisson/);
    expect(geometries.get("interval")(0, 2).measure).toBe(2);
  });
});

describe("points and embeddings", () => {
  it("grid lists the last axis fastest", () => {
    expect(
      pointRows(
        grid([
          [0, 1],
          [10, 20, 30],
        ]),
      ),
    ).toEqual([
      [0, 10],
      [0, 20],
      [0, 30],
      [1, 10],
      [1, 20],
      [1, 30],
    ]);
    expect(() => points([[0, 1], [2]])).toThrow(
      "points: rows[1] has 1 coordinates, expected 2 (like rows[0])",
    );
    // Out-of-range rows and columns used to read zeros silently, a short mask dropped the last points.
    const p = points([
      [0, 1],
      [2, 3],
    ]);
    expect(() => selectPoints(p, [2])).toThrow("selectPoints: idx[0] = 2 is not a row index in [0, 1]");
    expect(() => selectPoints(p, [0, -1])).toThrow("selectPoints: idx[1] = -1 is not a row index in [0, 1]");
    expect(() => columns(p, 1, 3)).toThrow(
      "columns: need integers 0 <= from < to <= 2, received from=1, to=3",
    );
    expect(() => filterPoints(p, [1])).toThrow(
      "filterPoints: mask must have one entry per point (2), received 1",
    );
    expect(Array.from(columns(p, 1, 2).data)).toEqual([1, 3]);
  });
  it("periodic embedding makes any network exactly periodic", () => {
    const net = withEmbedding(
      periodicEmbedding({ inputs: 2, periods: { 0: 2 } }),
      mlp({ inputs: 3, hidden: [8], outputs: 1, seed: 2 }),
    );
    tf.tidy(() => {
      const a = net
        .apply(
          net.params,
          tf.tensor2d([
            [-1, 0.3],
            [-0.2, 0.7],
          ]),
        )
        .dataSync();
      const b = net
        .apply(
          net.params,
          tf.tensor2d([
            [1, 0.3],
            [1.8, 0.7],
          ]),
        )
        .dataSync();
      expect(Math.abs(a[0]! - b[0]!)).toBeLessThan(1e-6);
      expect(Math.abs(a[1]! - b[1]!)).toBeLessThan(1e-6);
    });
    expect(() => periodicEmbedding({ inputs: 2, periods: { 3: 1 } })).toThrow(
      "periodicEmbedding: column 3 is not in [0, 1]",
    );
    // An infinite period used to embed the column as the constants [1, 0]: the network ignored it.
    expect(() => periodicEmbedding({ inputs: 2, periods: { 0: Number.POSITIVE_INFINITY } })).toThrow(
      "periodicEmbedding: periods[0] must be a finite number > 0, received Infinity",
    );
  });
});
