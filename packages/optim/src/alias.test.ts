import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PyTree, grad, ready, tf, treeDispose } from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { adagrad, adam, adamax, adamw, lamb, lion, nadam, radam, rmsprop, sgd } from "./alias.js";
import { scaleByAdam } from "./transforms/adam.js";
import { trace } from "./transforms/trace.js";
import { applyUpdates } from "./apply-updates.js";
import "./register-optimizers.js";
import { optimizers, schedules } from "./registries.js";
import { disposeState } from "./dispose-state.js";
import type { GradientTransformation } from "./types.js";

// Reference trajectories: test/fixtures/gen_torch_optim.py (torch.optim in float32; lion/lamb in float64).
const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, "../test/fixtures/torch_optim.json"), "utf8"),
);
type Traj = { w: number[]; b: number[] }[];

beforeAll(async () => {
  await ready();
});

function variable(t: tf.Tensor): tf.Variable {
  const v = tf.variable(t);
  t.dispose();
  return v;
}

/** The fixture's problem, rebuilt from the same closed forms (no RNG). */
function problem() {
  const X = tf.tensor2d(
    Array.from({ length: 8 }, (_, i) => [0, 1, 2].map((j) => Math.sin(1.3 * i + 0.7 * j + 0.1))),
  );
  const Y = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [0, 1].map((k) => Math.cos(0.9 * i - 0.4 * k))));
  const w = variable(tf.tensor2d([0, 1, 2].map((j) => [0, 1].map((k) => 0.3 * Math.cos(1.1 * j + 2.3 * k)))));
  const b = variable(tf.tensor1d([0.1, 0.2]));
  const loss = (p: { w: tf.Tensor; b: tf.Tensor }) =>
    tf.add(
      tf.mean(tf.square(tf.sub(tf.tanh(tf.add(tf.matMul(X, p.w), p.b)), Y))),
      tf.mul(0.01, tf.sum(tf.pow(p.w, 4))),
    );
  return { X, Y, params: { w, b }, loss };
}

function run(opt: GradientTransformation<unknown>, steps: number): Traj {
  const { X, Y, params, loss } = problem();
  let state = opt.init(params);
  const traj: Traj = [];
  const g = grad(loss as (p: PyTree) => tf.Tensor);
  for (let s = 0; s < steps; s++) {
    const grads = g(params);
    const r = opt.update(grads, state, params);
    state = r.state;
    applyUpdates(params, r.updates);
    treeDispose(grads);
    treeDispose(r.updates);
    traj.push({ w: Array.from(params.w.dataSync()), b: Array.from(params.b.dataSync()) });
  }
  disposeState(state);
  tf.dispose([X, Y, params.w, params.b]);
  return traj;
}

const make: Record<string, (o: Record<string, number & boolean>) => GradientTransformation<unknown>> = {
  sgd: (o) => sgd(o.lr),
  "sgd-momentum": (o) => sgd(o.lr, { momentum: o.momentum }),
  "sgd-nesterov-wd": (o) =>
    sgd(o.lr, { momentum: o.momentum, nesterov: o.nesterov, weightDecay: o.weightDecay }),
  adam: (o) => adam(o.lr),
  "adam-l2": (o) => adam(o.lr, { weightDecay: o.weightDecay }),
  adamw: (o) => adamw(o.lr, { weightDecay: o.weightDecay }),
  adamax: (o) => adamax(o.lr),
  rmsprop: (o) => rmsprop(o.lr),
  "rmsprop-centered-momentum": (o) => rmsprop(o.lr, { centered: o.centered, momentum: o.momentum }),
  adagrad: (o) => adagrad(o.lr, { lrDecay: o.lrDecay }),
  radam: (o) => radam(o.lr),
  "adam-amsgrad": (o) => adam(o.lr, { b2: o.b2, amsgrad: o.amsgrad }),
  "adamw-amsgrad": (o) => adamw(o.lr, { b2: o.b2, weightDecay: o.weightDecay, amsgrad: o.amsgrad }),
  "adamax-wd": (o) => adamax(o.lr, { weightDecay: o.weightDecay }),
  "rmsprop-wd": (o) => rmsprop(o.lr, { weightDecay: o.weightDecay, momentum: o.momentum }),
  "adagrad-wd": (o) =>
    adagrad(o.lr, { weightDecay: o.weightDecay, initialAccumulator: o.initialAccumulator }),
  "radam-wd": (o) => radam(o.lr, { weightDecay: o.weightDecay }),
  "sgd-dampening": (o) => sgd(o.lr, { momentum: o.momentum, dampening: o.dampening }),
  nadam: (o) => nadam(o.lr, { weightDecay: o.weightDecay }),
  "adamw-mask": (o) =>
    adamw(o.lr, {
      weightDecay: o.weightDecay,
      mask: (path) => path === (o as unknown as { decayed: string }).decayed,
    }),
  lion: (o) => lion(o.lr, { weightDecay: o.weightDecay }),
  lamb: (o) => lamb(o.lr, { weightDecay: o.weightDecay }),
};

describe("aliases match torch.optim step for step", () => {
  it("covers every fixture case", () => {
    expect(Object.keys(make).sort()).toEqual(Object.keys(fixture.optimizers).sort());
  });
  it.each(Object.keys(make))("%s", async (name) => {
    const ref = fixture.optimizers[name];
    const traj = await expectNoLeaks(() => run(make[name]!(ref.options), fixture.steps));
    // float32 on both sides: gradients and updates differ by a few ulps per step and the 25 steps carry that
    // forward. Measured worst deviation over all cases is 1.3e-7 (rmsprop-centered-momentum); 1e-6 absolute
    // (~10 float32 ulps at values of order 0.1-1) leaves headroom while staying far below a step's size.
    for (let s = 0; s < fixture.steps; s++) {
      expectAllClose(traj[s]!.w, ref.trajectory[s].w, {
        rtol: 1e-5,
        atol: 1e-6,
        message: `${name} w step ${s + 1}`,
      });
      expectAllClose(traj[s]!.b, ref.trajectory[s].b, {
        rtol: 1e-5,
        atol: 1e-6,
        message: `${name} b step ${s + 1}`,
      });
    }
  });
});

describe("nadam", () => {
  it("one transform driving two states gives the same updates as one transform per state", async () => {
    // scaleByNadam caches the float64 momentum product Πₜ for consecutive steps; a second state at another step
    // count must not pick up the first one's product (recomputed on a cache miss). Same ops on both sides: exact.
    const g = { w: tf.tensor1d([0.3, -1.2, 2]) };
    const p = { w: tf.tensor1d([1, 2, 3]) };
    await expectNoLeaks(() => {
      const shared = nadam(0.01);
      let a = shared.init(p);
      let b = shared.init(p);
      const fresh = nadam(0.01);
      let ref = fresh.init(p);
      for (let k = 0; k < 3; k++) {
        const r = shared.update(g, a, p); // a runs ahead: steps 1..3
        a = r.state;
        treeDispose(r.updates);
      }
      for (let k = 0; k < 2; k++) {
        const r = shared.update(g, b, p); // b at steps 1..2 after a reached 3
        b = r.state;
        const q = fresh.update(g, ref, p);
        ref = q.state;
        const ru = (r.updates as { w: tf.Tensor }).w;
        const qu = (q.updates as { w: tf.Tensor }).w;
        expect(Array.from(ru.dataSync())).toEqual(Array.from(qu.dataSync()));
        treeDispose(r.updates);
        treeDispose(q.updates);
      }
      disposeState([a, b, ref]);
    });
    tf.dispose([g.w, p.w]);
  });
});

describe("alias input checks", () => {
  it("rejects a schedule that returns an infinite learning rate (was applied: parameters became ±Infinity)", () => {
    const g = { w: tf.tensor1d([1, -1]) };
    const opt = sgd((t: number) => (t === 0 ? 0.1 : Number.POSITIVE_INFINITY));
    let s = opt.init(g);
    const r = opt.update(g, s, g);
    s = r.state;
    treeDispose(r.updates);
    expect(() => opt.update(g, s, g)).toThrow(
      /scaleByLearningRate: the schedule returned a non-finite learning rate Infinity at step 1/,
    );
    disposeState(s);
    tf.dispose(g.w);
  });
  it("rejects a negative learning rate, naming it", () => {
    expect(() => adam(-1)).toThrow(/learningRate must be a finite number >= 0, received -1/);
  });
  it("rejects betas outside [0, 1)", () => {
    expect(() => adam(1e-3, { b1: 1.5 })).toThrow(/options.b1 must be in \[0, 1\), received 1.5/);
  });
  it("rejects negative momentum, weight decay and lrDecay instead of silently dropping them", () => {
    // before: `momentum > 0` / `weightDecay > 0` were false, so sgd(0.1, { momentum: -0.5 }) was plain SGD
    expect(() => sgd(0.1, { momentum: -0.5 })).toThrow(
      /sgd: options.momentum must be in \[0, 1\), received -0.5/,
    );
    expect(() => sgd(0.1, { weightDecay: -1 })).toThrow(
      /sgd: options.weightDecay must be a finite number >= 0/,
    );
    expect(() => adam(0.1, { weightDecay: -1 })).toThrow(/adam: options.weightDecay must be a finite/);
    expect(() => lion(0.1, { weightDecay: -1 })).toThrow(/lion: options.weightDecay must be a finite/);
    expect(() => lamb(0.1, { weightDecay: -1 })).toThrow(/lamb: options.weightDecay must be a finite/);
    expect(() => rmsprop(0.1, { momentum: -1 })).toThrow(/rmsprop: options.momentum must be in \[0, 1\)/);
    expect(() => adagrad(0.1, { lrDecay: -1 })).toThrow(
      /adagrad: options.lrDecay must be a finite number >= 0/,
    );
    expect(() => adagrad(Number.NaN)).toThrow(
      /adagrad: learningRate must be a finite number >= 0, received NaN/,
    );
  });
  it("rejects empty parameters", () => {
    expect(() => adam(1e-3).init({})).toThrow(/no tensor leaves/);
  });
  it("rejects torch/optax option spellings and non-boolean flags instead of ignoring them", () => {
    // before: adamw(…, { weight_decay: 0.1 }) decayed with the default 1e-2, adam(…, { betas }) kept (0.9, 0.999),
    // sgd(…, { nesterov: 'no' }) and rmsprop(…, { centered: 'false' }) switched the variant on (truthy strings)
    expect(() => adamw(1e-3, { weight_decay: 0.1 } as never)).toThrow(
      /adamw: unknown option options.weight_decay; known: b1, b2, eps, epsRoot, nesterov, amsgrad, weightDecay/,
    );
    expect(() => adam(1e-3, { betas: [0.9, 0.99] } as never)).toThrow(/adam: unknown option options.betas/);
    expect(() => sgd(0.1, { momentum: 0.9, damping: 0.1 } as never)).toThrow(
      /sgd: unknown option options.damping; known: momentum, nesterov, dampening, weightDecay/,
    );
    expect(() => sgd(0.1, { momentum: 0.9, nesterov: true, dampening: 0.1 })).toThrow(
      /trace: Nesterov momentum needs options.dampening = 0, received 0.1/,
    );
    expect(() => rmsprop(0.1, { alpha: 0.9 } as never)).toThrow(/rmsprop: unknown option options.alpha/);
    expect(() => adagrad(0.1, { lr_decay: 0.1 } as never)).toThrow(
      /adagrad: unknown option options.lr_decay/,
    );
    expect(() => lion(0.1, { beta1: 0.9 } as never)).toThrow(/lion: unknown option options.beta1/);
    expect(() => lamb(0.1, { weight_decay: 0.1 } as never)).toThrow(/lamb: unknown option/);
    expect(() => radam(0.1, { decoupled_weight_decay: true } as never)).toThrow(/radam: unknown option/);
    expect(() => adamax(0.1, { weight_decay: 0.1 } as never)).toThrow(/adamax: unknown option/);
    expect(() => sgd(0.1, { momentum: 0.9, nesterov: "no" as never })).toThrow(
      /sgd: options.nesterov must be a boolean, received 'no'/,
    );
    expect(() => rmsprop(0.1, { centered: "false" as never })).toThrow(
      /rmsprop: options.centered must be a boolean, received 'false'/,
    );
    expect(() => scaleByAdam({ beta2: 0.99 } as never)).toThrow(/scaleByAdam: unknown option options.beta2/);
    expect(() => trace({ decay: 0.9, nesterov: 1 as never })).toThrow(
      /trace: options.nesterov must be a boolean, received 1/,
    );
    expect(() => nadam(1e-3, { momentum_decay: 4e-3 } as never)).toThrow(
      /nadam: unknown option options.momentum_decay; known: b1, b2, eps, momentumDecay, weightDecay/,
    );
    // undefined values are allowed (spread defaults)
    expect(() => adam(1e-3, { b1: undefined, weightDecay: undefined })).not.toThrow();
  });
});

describe("weight-decay masks of lion and lamb", () => {
  it("decay only the masked leaves: a mask selecting w equals decaying w alone", async () => {
    // on the fixture problem: with a mask selecting w, lion's first step decays w as with the decay everywhere and
    // leaves b as without decay; an all-false mask equals no decay (lion and lamb). Same ops: exact equality.
    const masked = await expectNoLeaks(() =>
      run(lion(0.003, { weightDecay: 0.1, mask: (p) => p === "w" }), 5),
    );
    const none = await expectNoLeaks(() => run(lion(0.003, { weightDecay: 0.1, mask: () => false }), 5));
    const plain = await expectNoLeaks(() => run(lion(0.003), 5));
    expect(none).toEqual(plain); // mask all false = no decay
    const all = await expectNoLeaks(() => run(lion(0.003, { weightDecay: 0.1 }), 5));
    expect(masked[0]!.w).toEqual(all[0]!.w); // first step: w decayed as with the decay everywhere
    expect(masked[0]!.b).toEqual(plain[0]!.b); // and b as without decay
    const lambNone = await expectNoLeaks(() =>
      run(lamb(0.01, { weightDecay: 0.01, mask: [false, false] }), 5),
    );
    expect(lambNone).toEqual(await expectNoLeaks(() => run(lamb(0.01), 5)));
  });
});

describe("optimizer and schedule registries", () => {
  it("hold every alias and check the names of record options", () => {
    expect(optimizers.names()).toEqual(
      expect.arrayContaining(["sgd", "momentum", "adam", "adamw", "rmsprop", "adagrad", "radam", "nadam"]),
    );
    // before: the 'momentum' entry read only beta/nesterov and dropped anything else silently
    expect(() => optimizers.get("momentum")(0.1, { beta: 0.9, weightDecay: 0.1 })).toThrow(
      /optimizers.get\('momentum'\): unknown option options.weightDecay; known: beta, nesterov/,
    );
    expect(() => schedules.get("constant")({ val: 0.1 })).toThrow(/unknown option options.val; known: value/);
    expect(schedules.get("constant")({ value: 0.1 })(7)).toBe(0.1);
    expect(schedules.get("piecewise-constant")({ init: 1, boundaries: { 2: 0.5 } })(3)).toBe(0.5);
  });
});
