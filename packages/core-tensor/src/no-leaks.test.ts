import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as api from "./index.js";
import {
  activations,
  assertFinite,
  assertShape,
  denseLayersOf,
  divergence,
  fastApply,
  fourierFeatures,
  fusedMlpJet,
  grad,
  hessian,
  hutchinsonDivergence,
  hutchinsonLaplacian,
  hvp,
  jacobian,
  jet,
  jetMlp,
  jetOps,
  jvp,
  laplacian,
  loadSafetensors,
  maxAbsError,
  mlp,
  mse,
  parseSafetensors,
  prng,
  ready,
  relativeL2Error,
  resnetMlp,
  serializeSafetensors,
  siren,
  taylor,
  tf,
  treeAdd,
  treeDispose,
  treeDot,
  treeFlatten,
  treeMap,
  treeNorm,
  treeScale,
  treeSub,
  treeUnflatten,
  treeZerosLike,
  valueAndGrad,
  vjp,
} from "./index.js";
import { expectAllClose, expectNoLeaks, gradcheck } from "./testing/index.js";

function tensorsIn(x: unknown, acc = new Set<tf.Tensor>()): Set<tf.Tensor> {
  if (x instanceof tf.Tensor) acc.add(x);
  else if (Array.isArray(x)) for (const c of x) tensorsIn(c, acc);
  else if (x !== null && typeof x === "object") for (const c of Object.values(x)) tensorsIn(c, acc);
  return acc;
}

// Inputs shared by the rows (created once, disposed in afterAll).
let x: tf.Tensor;
let x1: tf.Tensor;
let v1: tf.Tensor;
let tree: { a: tf.Tensor; b: tf.Tensor[] };
const net = () => mlp({ inputs: 2, hidden: [4], outputs: 1, seed: 0 });
let m: ReturnType<typeof net>;
const field = (z: tf.Tensor) => tf.sum(tf.sin(z), 1);
const vecField = (z: tf.Tensor) => tf.mul(tf.tanh(z), 2);

beforeAll(async () => {
  await ready({ backend: "wasm" });
  x = tf.tensor2d([
    [0.1, 0.2],
    [0.3, -0.4],
  ]);
  x1 = tf.tensor1d([0.5, -0.25]);
  v1 = tf.tensor1d([1, 2]);
  tree = { a: tf.tensor([1, 2]), b: [tf.scalar(3)] };
  m = net();
});
afterAll(() => {
  tf.dispose([x, x1, v1, tree.a, tree.b[0]!]);
  treeDispose(m.params);
});

// Every public function that creates tensors: it must leave behind exactly what it returns (the caller owns it).
const rows: [string, () => unknown][] = [
  ["grad", () => grad((z: tf.Tensor) => tf.sum(tf.square(z)))(x1)],
  ["valueAndGrad", () => valueAndGrad((p: typeof tree) => tf.add(tf.sum(p.a), p.b[0]!))(tree)],
  ["vjp", () => vjp((z: tf.Tensor) => tf.exp(z), x1, v1)],
  ["jvp", () => jvp((z) => tf.exp(z), x1, v1)],
  ["jacobian", () => jacobian(vecField, x)],
  ["hessian", () => hessian(field, x)],
  ["hvp", () => hvp((z) => tf.sum(tf.pow(z, 3)), x1, v1)],
  ["divergence", () => divergence(vecField, x)],
  ["laplacian", () => laplacian(field, x)],
  ["hutchinsonDivergence", () => hutchinsonDivergence(vecField, x, { rng: prng(0), probes: 2 })],
  ["hutchinsonLaplacian", () => hutchinsonLaplacian(field, x, { rng: prng(0), probes: 2 })],
  [
    "jet (Taylor mode)",
    () =>
      jet(
        taylor((z) => jetOps.tanh(z)),
        x1,
        v1,
        3,
      ),
  ],
  ["jet (fallback)", () => jet((z) => tf.tanh(z), x1, v1, 2)],
  [
    "jet (directions)",
    () =>
      jet(
        taylor((z) => jetOps.sin(z)),
        x1,
        [v1, v1],
        [2, 1],
      ),
  ],
  ["jetMlp", () => jetMlp(m, m.params, x, x, 2)],
  ["taylor function", () => taylor((z) => jetOps.exp(z))(x1)],
  ["treeMap", () => treeMap((t) => tf.mul(t, 2), tree)],
  ["treeZerosLike", () => treeZerosLike(tree)],
  ["treeAdd", () => treeAdd(tree, tree)],
  ["treeSub", () => treeSub(tree, tree)],
  ["treeScale", () => treeScale(tree, 0.5)],
  ["treeDot", () => treeDot(tree, tree)],
  ["treeNorm", () => treeNorm(tree)],
  [
    "treeFlatten/treeUnflatten",
    () => treeUnflatten(treeFlatten(tree).treedef, treeFlatten(tree).leaves) && [],
  ],
  ["prng.normal", () => prng(1).normal([3])],
  ["prng.uniform", () => prng(1).uniform([3])],
  ["prng.rademacher", () => prng(1).rademacher([3])],
  ["prng.randint", () => prng(1).randint([3], 0, 5)],
  [
    "mlp (create + apply)",
    () => {
      const n = net();
      const y = n.apply(n.params, x);
      return [y, n.params];
    },
  ],
  ["denseInit", () => api.denseInit(3, 2, "he", prng(0), "test")],
  [
    "siren",
    () => {
      const n = siren({ inputs: 2, hidden: [3], outputs: 1 });
      return [n.apply(n.params, x), n.params];
    },
  ],
  [
    "resnetMlp",
    () => {
      const n = resnetMlp({ inputs: 2, width: 3, blocks: 1, outputs: 1 });
      return [n.apply(n.params, x), n.params];
    },
  ],
  [
    "fourierFeatures",
    () => {
      const n = fourierFeatures({ inputs: 2, features: 2 });
      return [n.apply(n.params, x), n.params];
    },
  ],
  ...activations
    .names()
    .map((n): [string, () => unknown] => [`activation ${n}`, () => tf.tidy(() => activations.get(n)(x1))]),
  [
    "metrics",
    () => {
      expect([relativeL2Error(x1, v1), mse(x1, v1), maxAbsError(x1, v1)].every(Number.isFinite)).toBe(true);
      return [];
    },
  ],
  [
    "assertFinite / assertShape",
    () => {
      assertFinite(x1, "x1");
      assertShape(x, [-1, 2], "x");
      return [];
    },
  ],
  ["serializeSafetensors / parseSafetensors", () => parseSafetensors(serializeSafetensors(tree)) && []],
  ["loadSafetensors", () => loadSafetensors(serializeSafetensors(tree))],
  ["gradcheck", () => gradcheck((z) => tf.sum(tf.tanh(z)), x1, { order: 2 }) && []],
  ["expectAllClose", () => expectAllClose(x1, x1) ?? []],
  // Fused dense path (issue 13): denseLayersOf traces without computing; fastApply / fusedMlpJet own outputs.
  ["fastApply", () => [fastApply(m, m.params, x)]],
  [
    "fusedMlpJet / denseLayersOf",
    () => {
      const r = fusedMlpJet(denseLayersOf(m, m.params, x)!, x, [x], [2]);
      return [r.value, r.derivatives];
    },
  ],
];

describe("no tensor leaks in any public tensor function", () => {
  it.each(rows)("%s", async (_name, fn) => {
    await expectNoLeaks(async () => {
      const out = await fn();
      const shared = new Set<tf.Tensor>([x, x1, v1, tree.a, tree.b[0]!]);
      tf.dispose([...tensorsIn(out)].filter((t) => !shared.has(t)));
    });
  });

  it("the table covers every exported function that touches tensors", () => {
    const exempt = new Set([
      // no tensors involved, or covered above under another name / by their own test files
      "ready",
      "backendInfo",
      "defaultBackendLoaders",
      "createRegistry",
      "registerHigherOrderGradients",
      "treeLeaves",
      "treeDispose",
      "treeSize",
      "resolveActivation",
      "resolveJetActivation",
      "Rng",
      "Jet",
      "saveSafetensors",
      "treeFlatten",
      "treeUnflatten",
      "assertFiniteArray",
      "assertShape",
      "prng",
      "taylor",
      "serializeSafetensors",
      "parseSafetensors",
      "relativeL2Error",
      "mse",
      "maxAbsError",
      "assertFinite",
      // plain numbers / switches, no tensors (tested in fused/*.test.ts, register-wasm-kernels.test.ts)
      "fastTanh",
      "fastTanhF32",
      "fastSinCos",
      "tanhArray",
      "setFusedJet",
      "setFastWasmKernels",
      "setActKernels",
      "setFmaKernels",
      "actKernelVariant",
      "gemmPoolThreads",
      "fusedJetSupported",
    ]);
    const names = rows.map(([n]) => n).join(" ");
    const missing = Object.entries(api)
      .filter(([k, v]) => typeof v === "function" && !exempt.has(k))
      .map(([k]) => k)
      .filter((k) => !names.includes(k));
    expect(missing).toEqual([]);
  });
});

describe("input validation names the argument, the expected and the received value", () => {
  it.each([
    [
      "grad",
      () => grad((z: tf.Tensor) => z)(x1),
      /valueAndGrad: f must return a scalar, received shape \[2\]/,
    ],
    ["valueAndGrad", () => valueAndGrad(42 as never), /valueAndGrad: f must be a function/],
    [
      "vjp",
      () =>
        vjp(
          (z: tf.Tensor) => z,
          x1,
          tf.tidy(() => tf.ones([3])),
        ),
      /vjp: cotangent has shape \[3\] but f\(x\) has shape \[2\]/,
    ],
    ["hvp", () => hvp((z) => tf.sum(z), x1, x), /hvp: v must have shape \[2\], received \[2, 2\]/],
    ["hessian", () => hessian(field, x1), /hessian: x must have shape \[N, d\], received \[2\]/],
    ["jacobian", () => jacobian((z) => tf.sum(z), x), /jacobian: f must return \[N, m\], received \[\]/],
    ["divergence", () => divergence((z) => tf.sum(z, 1), x), /divergence: F must return \[N, d\]/],
    [
      "hutchinsonLaplacian",
      () => hutchinsonLaplacian(field, x, {} as never),
      /options.rng \(a prng stream\) is required/,
    ],
    [
      "hutchinsonDivergence",
      () => hutchinsonDivergence(vecField, x, { rng: prng(0), probes: 0 }),
      /options.probes must be a positive integer, received 0/,
    ],
    ["jet", () => jet((z) => z, x1, v1, -1), /jet: order must be an integer in \[0, 8\], received -1/],
    ["jetMlp", () => jetMlp({} as never, {}, x, x, 1), /jetMlp: module must be a module/],
    ["assertShape", () => assertShape(x, [3, 2], "x"), /x must have shape \[3, 2\], received \[2, 2\]/],
    [
      "assertShape dtype",
      () => assertShape(x, null, "x", "int32"),
      /x must have dtype int32, received float32/,
    ],
    [
      "siren",
      () => siren({ inputs: 2, hidden: [0], outputs: 1 }),
      /siren: options.hidden\[0\] must be a positive integer, received 0/,
    ],
    [
      "fourierFeatures",
      () => fourierFeatures({ inputs: 2, features: 2, scale: -1 }),
      /fourierFeatures: options.scale must be a finite number > 0, received -1/,
    ],
    [
      "resnetMlp",
      () => resnetMlp({ inputs: 2, width: 2, blocks: 0, outputs: 1 }),
      /resnetMlp: options.blocks must be a positive integer, received 0/,
    ],
    [
      "treeMap",
      () => treeMap((a) => a, tree, { a: tree.a }),
      /treeMap: tree 2 has a different structure than tree 1/,
    ],
    [
      "treeFlatten",
      () => treeFlatten({ a: 3 } as never),
      /treeFlatten: leaf at '.a' is not a tensor \(received number\)/,
    ],
    [
      "gradcheck",
      () => gradcheck((z) => tf.sum(z), x1, { order: 4 }),
      /gradcheck: options.order must be 1, 2 or 3, received 4/,
    ],
    ["serializeSafetensors", () => serializeSafetensors({}), /saveSafetensors: params has no tensor leaves/],
  ] as [string, () => unknown, RegExp][])("%s", (_name, fn, re) => {
    expect(fn).toThrow(re);
  });
});
