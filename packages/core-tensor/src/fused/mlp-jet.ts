/**
 * Fused Taylor-mode MLP: one forward pass of a dense network carrying, per layer, the value u, the first
 * directional derivatives along D directions and the second derivatives along the directions that need them
 * (all stacked as row blocks of one `[R, width]` matrix, so each layer is one matMul), with a hand-written
 * backward registered through `tf.customGrad`. The matMuls run on the backend's kernels (XNNPACK on WASM); the
 * activation's Taylor rule (y₁ = σ'z₁, y₂ = σ'z₂ + σ''z₁²) and its adjoint run as one loop over `Float32Array`s.
 * This replaces the ~40 small ops per layer of the generic {@link jetOps} path and its backward (Bettencourt,
 * Johnson & Duvenaud, "Taylor-mode automatic differentiation for higher-order derivatives in JAX", 2019, for the
 * propagation rule; the backward is its reverse-mode adjoint written out by hand).
 *
 * Scope (everything else falls back to the generic path, see {@link fusedJetSupported}): dense layers
 * `h ← σ(h W + b)` with σ ∈ {tanh, identity} up to order 2, or gelu (tanh approximation) at order 0; the `cpu`
 * and `wasm` backends; at most one level of reverse mode over the result (the backward is not itself
 * differentiable, so the fused path is only taken when `tf.engine().state.gradientDepth ≤ 1`).
 */
import { tf } from "../engine.js";
import { fastSinCos, fastTanhF32 } from "./fast-math.js";
import { type ActKernelExports, actKernelsFor, heapOffset } from "./kernels/act-kernel.js";

/** Activations the fused kernels implement, with the highest Taylor order each supports. */
export const FUSED_ACTIVATIONS: Readonly<Record<string, number>> = { tanh: 2, sin: 2, identity: 2, gelu: 0 };

/** One dense layer of a fused network: `h ← activation(h W + b)`. */
export interface FusedLayer {
  w: tf.Tensor;
  b: tf.Tensor;
  activation: string;
}

/** Result of {@link fusedMlpJet}: the same layout as `jet`'s {@link JetResult}. */
export interface FusedJetResult {
  value: tf.Tensor;
  /** `derivatives[i][k - 1]` = dᵏ/dtᵏ u(x + t vᵢ) at t = 0, k = 1…orders[i]. */
  derivatives: tf.Tensor[][];
}

interface Layout {
  N: number;
  /** Direction index (into the caller's list) of each first-order block. */
  first: number[];
  /** For each second-order block, the position of its direction in `first`. */
  second: number[];
}

// gelu (tanh approximation) in float32 arithmetic: constants rounded once, every operation rounded (Math.fround), as
// the WebAssembly kernels compute it four lanes at a time, so both paths agree bitwise.
const fr = Math.fround;
const GELU_C = fr(Math.sqrt(2 / Math.PI));
const GELU_A = fr(0.044715);
const GELU_3A = fr(3 * 0.044715);

/** The tanh argument of gelu, c·(x + ((a·x)·x)·x), in float32 arithmetic (x a float32 value). */
function geluArg(x: number): number {
  return fr(GELU_C * fr(x + fr(fr(fr(GELU_A * x) * x) * x)));
}

function backendReader(): (t: tf.Tensor) => Float32Array {
  const name = tf.getBackend();
  if (name === "wasm") {
    const be = tf.backend() as unknown as { typedArrayFromHeap(t: tf.Tensor): Float32Array };
    return (t) => be.typedArrayFromHeap(t);
  }
  return (t) => t.dataSync() as Float32Array;
}

interface WasmOut {
  backend: {
    makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
    disposeData(dataId: unknown): boolean;
  };
  k: ActKernelExports;
}

/** The WebAssembly activation kernels on the current backend, or null (JavaScript loops). */
function wasmKernels(): WasmOut | null {
  if (tf.getBackend() !== "wasm") return null;
  const backend = tf.backend();
  const k = actKernelsFor(backend);
  return k === null ? null : { backend: backend as unknown as WasmOut["backend"], k };
}

/**
 * {@link activateForward} with the WebAssembly kernels (bitwise the same result as the loops below): the
 * kernels write the output tensor in place on the heap; `s1`/`s2` are heap scratch freed before returning.
 */
function activateForwardWasm(w: WasmOut, Z: tf.Tensor, b: tf.Tensor, act: string, L: Layout): tf.Tensor {
  const { backend, k } = w;
  const R = Z.shape[0]!;
  const m = Z.shape[1]!;
  const { N, first, second } = L;
  const nm = N * m;
  const out = backend.makeOutput([R, m], "float32");
  const temps: tf.TensorInfo[] = [];
  const scratch = (): number => {
    const t = backend.makeOutput([N, m], "float32");
    temps.push(t);
    return heapOffset(backend, t.dataId);
  };
  // Offsets are read after every allocation is made (an allocation never moves an existing tensor).
  const smooth = act === "tanh" || act === "sin";
  // σ' is needed only by derivative blocks (the sin kernel always writes it).
  const s1 = act === "sin" || (smooth && first.length > 0) ? scratch() : 0;
  const s2 = smooth && second.length > 0 ? scratch() : 0;
  const pz = heapOffset(backend, Z.dataId);
  const pb = heapOffset(backend, b.dataId);
  const po = heapOffset(backend, out.dataId);
  if (act === "identity") k.bias_add(pz, pb, po, N, m, (R - N) * m);
  else if (act === "gelu") k.gelu_fwd(pz, pb, po, N, m);
  else {
    // The primal block gives σ(z), σ'(z) (s1) and σ''(z) (s2); the derivative blocks' rule is the same for all σ.
    if (act === "sin") k.sin_fwd_primal(pz, pb, po, s1, s2, N, m);
    else k.tanh_fwd_primal(pz, pb, po, s1, s2, N, m);
    const F = first.length;
    for (let d = 0; d < F; d++) k.mul_f32(s1, pz + 4 * (1 + d) * nm, po + 4 * (1 + d) * nm, nm);
    for (let s = 0; s < second.length; s++) {
      const o = 4 * (1 + F + s) * nm;
      const of = 4 * (1 + second[s]!) * nm;
      k.tanh_fwd_second(s1, pz + o, s2, pz + of, po + o, nm);
    }
  }
  for (const t of temps) backend.disposeData(t.dataId);
  return tf.engine().makeTensorFromTensorInfo(out);
}

/** Forward activation on the stacked blocks (block-wise loops); returns the post-activation matrix. */
function activateForward(Z: tf.Tensor, b: tf.Tensor, act: string, L: Layout): tf.Tensor {
  const w = wasmKernels();
  if (w !== null) return activateForwardWasm(w, Z, b, act, L);
  const read = backendReader();
  const z = read(Z);
  const bias = read(b);
  const m = Z.shape[1]!;
  const { N, first, second } = L;
  const out = new Float32Array(z.length);
  const nm = N * m;
  const F = first.length;
  if (act === "identity") {
    out.set(z);
    for (let i = 0, j = 0; i < nm; i++) {
      out[i]! += bias[j]!;
      if (++j === m) j = 0;
    }
  } else if (act === "gelu") {
    for (let i = 0, j = 0; i < nm; i++) {
      const x = fr(z[i]! + bias[j]!);
      if (++j === m) j = 0;
      out[i] = fr(0.5 * x) * fr(1 + fastTanhF32(geluArg(x)));
    }
  } else {
    const S1 = new Float32Array(nm);
    const S2 = second.length > 0 ? new Float32Array(nm) : S1;
    if (act === "sin") {
      const sc = new Float64Array(2);
      for (let i = 0, j = 0; i < nm; i++) {
        fastSinCos(z[i]! + bias[j]!, sc);
        if (++j === m) j = 0;
        out[i] = sc[0]!;
        S1[i] = sc[1]!;
        if (second.length > 0) S2[i] = -sc[0]!;
      }
    } else
      for (let i = 0, j = 0; i < nm; i++) {
        const y = fastTanhF32(z[i]! + bias[j]!);
        if (++j === m) j = 0;
        const s1 = 1 - y * y;
        out[i] = y;
        S1[i] = s1;
        if (second.length > 0) S2[i] = -2 * y * s1;
      }
    for (let d = 0; d < F; d++) {
      const o = (1 + d) * nm;
      for (let i = 0; i < nm; i++) out[o + i] = S1[i]! * z[o + i]!;
    }
    for (let s = 0; s < second.length; s++) {
      const o = (1 + F + s) * nm;
      const of = (1 + second[s]!) * nm;
      for (let i = 0; i < nm; i++) {
        const zf = z[of + i]!;
        out[o + i] = S1[i]! * z[o + i]! + S2[i]! * zf * zf;
      }
    }
  }
  return tf.tensor2d(out, [Z.shape[0]!, m]);
}

/** {@link activateBackward} with the WebAssembly kernels (bitwise the same result as its loops). */
function activateBackwardWasm(
  w: WasmOut,
  G: tf.Tensor,
  Z: tf.Tensor,
  Y: tf.Tensor | null,
  b: tf.Tensor,
  act: string,
  L: Layout,
): { dZ: tf.Tensor; db: tf.Tensor } {
  const { backend, k } = w;
  const R = Z.shape[0]!;
  const m = Z.shape[1]!;
  const { N, first, second } = L;
  const nm = N * m;
  const F = first.length;
  const temps: tf.TensorInfo[] = [];
  const alloc = (shape: number[]): tf.TensorInfo => {
    const t = backend.makeOutput(shape, "float32");
    temps.push(t);
    return t;
  };
  const dbInfo = backend.makeOutput([m], "float32");
  const acc = alloc([2 * m]);
  let dZ: tf.Tensor = G;
  if (act === "identity") {
    k.col_sum(
      heapOffset(backend, G.dataId),
      N,
      m,
      heapOffset(backend, acc.dataId),
      heapOffset(backend, dbInfo.dataId),
    );
  } else if (act === "gelu") {
    const dzInfo = backend.makeOutput([R, m], "float32");
    const [pg, pz, pb, pdz, pacc, pdb] = [G, Z, b, dzInfo, acc, dbInfo].map((t) =>
      heapOffset(backend, t.dataId),
    );
    k.gelu_bwd(pg!, pz!, pb!, pdz!, pacc!, pdb!, N, m);
    dZ = tf.engine().makeTensorFromTensorInfo(dzInfo);
  } else if (act === "tanh" && F === 0 && second.length === 0 && Y !== null) {
    // Weights' gradients only (no derivative blocks) with the output saved: dz and db in one pass.
    const dzInfo = backend.makeOutput([R, m], "float32");
    const [pg, py, pdz, pacc, pdb] = [G, Y, dzInfo, acc, dbInfo].map((t) => heapOffset(backend, t.dataId));
    k.tanh_bwd_y(pg!, py!, pdz!, pacc!, pdb!, N, m);
    dZ = tf.engine().makeTensorFromTensorInfo(dzInfo);
  } else {
    const dzInfo = backend.makeOutput([R, m], "float32");
    const t1 = act === "sin" || F > 0 ? alloc([N, m]) : null;
    const t2 = F > 0 ? alloc([N, m]) : null;
    const t3 = second.length > 0 ? alloc([N, m]) : null;
    const off = (t: { dataId: unknown } | null): number => (t === null ? 0 : heapOffset(backend, t.dataId));
    const [pg, pz, pb, py, pdz, s1, s2, s3] = [G, Z, b, Y, dzInfo, t1, t2, t3].map(off) as number[];
    if (act === "sin") k.sin_bwd_primal(pg!, pz!, pb!, pdz!, s1!, s2!, s3!, N, m);
    else k.tanh_bwd_primal(pg!, py!, pz!, pb!, pdz!, s1!, s2!, s3!, N, m);
    for (let d = 0; d < F; d++) {
      const o = 4 * (1 + d) * nm;
      k.tanh_bwd_first(pg! + o, pz! + o, s1!, s2!, pdz!, pdz! + o, nm);
    }
    for (let s = 0; s < second.length; s++) {
      const o = 4 * (1 + F + s) * nm;
      const of = 4 * (1 + second[s]!) * nm;
      k.tanh_bwd_second(pg! + o, pz! + o, pz! + of, s1!, s2!, s3!, pdz!, pdz! + of, pdz! + o, nm);
    }
    k.col_sum(pdz!, N, m, off(acc), off(dbInfo));
    dZ = tf.engine().makeTensorFromTensorInfo(dzInfo);
  }
  for (const t of temps) backend.disposeData(t.dataId);
  return { dZ, db: tf.engine().makeTensorFromTensorInfo(dbInfo) };
}

/**
 * Adjoint of {@link activateForward}: dZ from G = dL/d(out), and the bias gradient. `Y` is the layer's saved
 * output (its primal block holds σ(z₀)), or null to recompute it.
 */
function activateBackward(
  G: tf.Tensor,
  Z: tf.Tensor,
  Y: tf.Tensor | null,
  b: tf.Tensor,
  act: string,
  L: Layout,
): { dZ: tf.Tensor; db: tf.Tensor } {
  const w = wasmKernels();
  if (w !== null) return activateBackwardWasm(w, G, Z, Y, b, act, L);
  const read = backendReader();
  const g = read(G);
  const m = Z.shape[1]!;
  const { N, first, second } = L;
  const nm = N * m;
  const F = first.length;
  const db = new Float64Array(m);
  if (act === "identity") {
    for (let i = 0, j = 0; i < nm; i++) {
      db[j]! += g[i]!;
      if (++j === m) j = 0;
    }
    return { dZ: G, db: tf.tensor1d(Float32Array.from(db)) };
  }
  const z = read(Z);
  const bias = read(b);
  const dz = new Float32Array(z.length);
  if (act === "gelu") {
    for (let i = 0, j = 0; i < nm; i++) {
      const x = fr(z[i]! + bias[j]!);
      const t = fastTanhF32(geluArg(x));
      const du = fr(GELU_C * fr(1 + fr(fr(GELU_3A * x) * x)));
      const d = fr(fr(0.5 * fr(1 + t)) + fr(fr(fr(0.5 * x) * fr(1 - fr(t * t))) * du));
      const v = fr(g[i]! * d);
      dz[i] = v;
      db[j]! += v;
      if (++j === m) j = 0;
    }
  } else {
    const yv = Y === null ? null : read(Y);
    const S1 = new Float32Array(nm);
    const S2 = F > 0 ? new Float32Array(nm) : S1;
    const S3 = second.length > 0 ? new Float32Array(nm) : S1;
    if (act === "sin") {
      const sc = new Float64Array(2);
      for (let i = 0, j = 0; i < nm; i++) {
        fastSinCos(z[i]! + bias[j]!, sc);
        if (++j === m) j = 0;
        const c = sc[1]!;
        S1[i] = c;
        dz[i] = g[i]! * c;
        if (F > 0) S2[i] = -sc[0]!;
        if (second.length > 0) S3[i] = -c;
      }
    } else
      for (let i = 0, j = 0; i < nm; i++) {
        const y = yv === null ? fastTanhF32(z[i]! + bias[j]!) : yv[i]!;
        if (++j === m) j = 0;
        const s1 = 1 - y * y;
        S1[i] = s1;
        dz[i] = g[i]! * s1;
        if (F > 0) S2[i] = -2 * y * s1;
        if (second.length > 0) S3[i] = -2 * s1 * (s1 - 2 * y * y);
      }
    for (let d = 0; d < F; d++) {
      const o = (1 + d) * nm;
      for (let i = 0; i < nm; i++) {
        const gf = g[o + i]!;
        dz[i]! += gf * S2[i]! * z[o + i]!;
        dz[o + i] = gf * S1[i]!;
      }
    }
    for (let s = 0; s < second.length; s++) {
      const o = (1 + F + s) * nm;
      const of = (1 + second[s]!) * nm;
      for (let i = 0; i < nm; i++) {
        const zf = z[of + i]!;
        const gs = g[o + i]!;
        dz[i]! += gs * (S2[i]! * z[o + i]! + S3[i]! * zf * zf);
        dz[of + i]! += 2 * gs * S2[i]! * zf;
        dz[o + i] = gs * S1[i]!;
      }
    }
    for (let i = 0, j = 0; i < nm; i++) {
      db[j]! += dz[i]!;
      if (++j === m) j = 0;
    }
  }
  return { dZ: tf.tensor2d(dz, [Z.shape[0]!, m]), db: tf.tensor1d(Float32Array.from(db)) };
}

/**
 * Whether the fused kernels can run here: backend `cpu` or `wasm`, at most one enclosing gradient (the fused
 * backward is first-order), every activation known to {@link FUSED_ACTIVATIONS} at the requested order.
 * @example
 * ```ts
 * fusedJetSupported(["tanh", "tanh", "identity"], 2); // true on wasm/cpu outside nested gradients
 * ```
 */
export function fusedJetSupported(activations: readonly string[], order: number): boolean {
  const backend = tf.getBackend();
  if (backend !== "wasm" && backend !== "cpu") return false;
  const depth = (tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth;
  if (depth > 1) return false;
  return activations.every((a) => a in FUSED_ACTIVATIONS && FUSED_ACTIVATIONS[a]! >= order);
}

function checkLayers(layers: readonly FusedLayer[], inputs: number, where: string): void {
  if (!Array.isArray(layers) || layers.length === 0)
    throw new Error(`${where}: layers must be a non-empty array of { w, b, activation }`);
  let width = inputs;
  layers.forEach((l, i) => {
    if (!(l?.w instanceof tf.Tensor) || l.w.rank !== 2 || l.w.shape[0] !== width)
      throw new Error(
        `${where}: layers[${i}].w must be a [${width}, *] matrix, received ${l?.w instanceof tf.Tensor ? `[${l.w.shape.join(", ")}]` : String(l?.w)}`,
      );
    if (!(l.b instanceof tf.Tensor) || l.b.rank !== 1 || l.b.shape[0] !== l.w.shape[1])
      throw new Error(`${where}: layers[${i}].b must have shape [${l.w.shape[1]}]`);
    if (!(l.activation in FUSED_ACTIVATIONS))
      throw new Error(
        `${where}: layers[${i}].activation must be one of ${Object.keys(FUSED_ACTIVATIONS).join(", ")}, received '${l.activation}'`,
      );
    width = l.w.shape[1]!;
  });
}

/**
 * Fused Taylor-mode forward of a dense network with a hand-written backward: the value and the derivatives
 * dᵏ/dtᵏ u(x + t vᵢ) at t = 0 for k = 1…orders[i] (orders ≤ 2), in one pass. Differentiable (first order) with
 * respect to the weights, biases, `x` and the directions. `jetMlp` uses it automatically for `mlp` modules with
 * supported activations; call it directly to skip the detection. The caller owns the returned tensors.
 *
 * @example
 * ```ts
 * const net = mlp({ inputs: 2, hidden: [50, 50], outputs: 1, activation: "tanh" });
 * const layers = net.params.layers.map((l, i) => ({ w: l.w, b: l.b, activation: i < 2 ? "tanh" : "identity" }));
 * const { value: u, derivatives: [[ux, uxx], [ut]] } = fusedMlpJet(layers, xt, [ex, et], [2, 1]);
 * // same values (to float32 rounding) as jetMlp(net, net.params, xt, [ex, et], [2, 1])
 * ```
 */
export function fusedMlpJet(
  layers: readonly FusedLayer[],
  x: tf.Tensor,
  v: readonly tf.Tensor[] = [],
  orders: readonly number[] = [],
): FusedJetResult {
  const where = "fusedMlpJet";
  if (!(x instanceof tf.Tensor) || x.rank !== 2 || x.dtype !== "float32")
    throw new Error(
      `${where}: x must be a float32 [N, inputs] tensor, received ${x instanceof tf.Tensor ? `${x.dtype} [${x.shape.join(", ")}]` : String(x)}`,
    );
  checkLayers(layers, x.shape[1]!, where);
  if (!Array.isArray(v) || !Array.isArray(orders) || v.length !== orders.length)
    throw new Error(
      `${where}: v and orders must be arrays of the same length, received ${Array.isArray(v) ? v.length : String(v)} and ${Array.isArray(orders) ? orders.length : String(orders)}`,
    );
  v.forEach((vi, i) => {
    if (!(vi instanceof tf.Tensor) || !tf.util.arraysEqual(vi.shape, x.shape))
      throw new Error(
        `${where}: v[${i}] must have the shape of x [${x.shape.join(", ")}], received ${vi instanceof tf.Tensor ? `[${vi.shape.join(", ")}]` : String(vi)}`,
      );
  });
  const maxOrder = Math.max(0, ...orders);
  for (const o of orders)
    if (!Number.isInteger(o) || o < 0 || o > 2)
      throw new Error(`${where}: orders must be integers in [0, 2], received ${o}`);
  for (const [i, l] of layers.entries())
    if (FUSED_ACTIVATIONS[l.activation]! < maxOrder)
      throw new Error(
        `${where}: layers[${i}].activation '${l.activation}' supports order ≤ ${FUSED_ACTIVATIONS[l.activation]}, requested ${maxOrder}`,
      );
  const be = tf.getBackend();
  if (be !== "wasm" && be !== "cpu")
    throw new Error(
      `${where}: backend must be 'wasm' or 'cpu', received '${be}' (use jetMlp, which falls back)`,
    );

  const N = x.shape[0]!;
  const first = orders.map((o, i) => (o >= 1 ? i : -1)).filter((i) => i >= 0);
  const second = orders.map((o, i) => (o === 2 ? first.indexOf(i) : -1)).filter((i) => i >= 0);
  const L: Layout = { N, first, second };
  const acts = layers.map((l) => l.activation);
  const din = x.shape[1]!;

  const op = tf.customGrad((...args: unknown[]) => {
    const save = args[args.length - 1] as (ts: tf.Tensor[]) => void;
    const ins = args.slice(0, -1) as tf.Tensor[];
    const xin = ins[0]!;
    const V = first.length > 0 ? ins[1]! : null;
    const params = ins.slice(V ? 2 : 1);
    const blocks: tf.Tensor[] = [xin];
    if (V) blocks.push(V);
    if (second.length > 0) blocks.push(tf.zeros([second.length * N, din]));
    let H = blocks.length === 1 ? xin : tf.concat(blocks, 0);
    const toSave: tf.Tensor[] = [];
    for (let l = 0; l < layers.length; l++) {
      const W = params[2 * l]!;
      const b = params[2 * l + 1]!;
      // On wasm, tf.matMul runs on act-kernel.c's GEMMs (and the worker pool), see register-wasm-kernels.ts.
      const Z = tf.matMul(H, W);
      toSave.push(H, Z);
      H = activateForward(Z, b, acts[l]!, L);
    }
    // The weights and biases are saved too, so the backward reads only `saved` (`savedOnly` below): a
    // first-order gradient then never re-runs this forward, even after the caller's tidy freed the inputs.
    save([...toSave, ...params]);
    const nLayerSaved = toSave.length;
    return {
      value: H,
      savedOnly: true,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const grads: tf.Tensor[] = new Array(params.length);
        const savedParams = saved.slice(nLayerSaved);
        let G = dy;
        let dH: tf.Tensor | null = null;
        for (let l = layers.length - 1; l >= 0; l--) {
          const Hl = saved[2 * l]!;
          const Zl = saved[2 * l + 1]!;
          const Yl = l + 1 < layers.length ? saved[2 * (l + 1)]! : null;
          const { dZ, db } = activateBackward(G, Zl, Yl, savedParams[2 * l + 1]!, acts[l]!, L);
          grads[2 * l] = tf.matMul(Hl, dZ, true, false);
          grads[2 * l + 1] = db;
          G = tf.matMul(dZ, savedParams[2 * l]!, false, true);
          if (l === 0) dH = G;
        }
        const dx = tf.slice(dH!, [0, 0], [N, din]);
        const out = [dx];
        if (V) out.push(tf.slice(dH!, [N, 0], [first.length * N, din]));
        return [...out, ...grads];
      },
    };
  });

  return tf.tidy(() => {
    const inputs: tf.Tensor[] = [x];
    if (first.length > 0) inputs.push(tf.concat(first.map((i) => v[i]!)));
    for (const l of layers) inputs.push(l.w, l.b);
    const Y = op(...inputs);
    const m = Y.shape[1]!;
    const block = (k: number) => tf.slice(Y, [k * N, 0], [N, m]);
    const value = block(0);
    const derivatives = orders.map((o, i) => {
      const ds: tf.Tensor[] = [];
      const f = first.indexOf(i);
      if (o >= 1) ds.push(block(1 + f));
      if (o >= 2) ds.push(block(1 + first.length + second.indexOf(f)));
      return ds;
    });
    return { value, derivatives } as never;
  }) as FusedJetResult;
}
