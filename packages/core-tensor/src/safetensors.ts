/**
 * Weights in the safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * unsigned header length N, N bytes of JSON header `{ name: { dtype, shape, data_offsets: [begin, end] }, …,
 * "__metadata__": { string: string } }` (padded with spaces to a multiple of 8), then the raw little-endian tensor
 * bytes, contiguous and in header order. Files written by PyTorch's `safetensors.torch.save_file` load here and
 * files written here load there. Tensor names are the pytree paths of the parameters (`layers.0.w`).
 *
 * Browser-safe: Node's `fs` is imported dynamically only when a path is given; in a browser, pass bytes to
 * {@link loadSafetensors} and a `{ write(bytes) }` handler to {@link saveSafetensors}.
 */
import { tf } from "./engine.js";
import { type PyTree, treeFlatten, treeUnflatten } from "./pytree.js";

/** Safetensors dtypes this module reads (tfjs holds float32/int32/bool; others are converted on load). */
export type SafetensorsDtype =
  | "F64"
  | "F32"
  | "F16"
  | "BF16"
  | "I64"
  | "I32"
  | "I16"
  | "I8"
  | "U8"
  | "U16"
  | "U32"
  | "BOOL";

const ITEM_SIZE: Record<SafetensorsDtype, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  U16: 2,
  U32: 4,
  BOOL: 1,
};

/** One decoded entry of a safetensors file. */
export interface SafetensorsEntry {
  dtype: SafetensorsDtype;
  shape: number[];
  /** The values, widened to float64/int for inspection (float16/bfloat16 decoded exactly). */
  data: Float64Array | Float32Array | Int32Array | Uint8Array;
}

/** Destination of {@link saveSafetensors} in environments without a file system. */
export interface SafetensorsWriter {
  write(bytes: Uint8Array): void | Promise<void>;
}

/** Options of {@link saveSafetensors}. */
export interface SaveSafetensorsOptions {
  /** Replace an existing file (default false: refuse). */
  overwrite?: boolean;
  /** Store float tensors as `F32` (default) or `F64`. */
  floatDtype?: "F32" | "F64";
  /** Free-form string metadata (`__metadata__`). */
  metadata?: Record<string, string>;
}

const MAX_HEADER = 100_000_000; // the reference implementation's limit

/**
 * Flatten a pytree into `[name, tensor]` pairs in `treeFlatten` order, names joined with dots.
 * @example
 * ```ts
 * namedLeaves({ layers: [{ w, b }] }); // [["layers.0.b", b], ["layers.0.w", w]]
 * ```
 */
export function namedLeaves(tree: PyTree): [string, tf.Tensor][] {
  const out: [string, tf.Tensor][] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (node instanceof tf.Tensor) {
      out.push([path.length === 0 ? "tensor" : path.join("."), node]);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((c, i) => {
        walk(c, [...path, String(i)]);
      });
      return;
    }
    if (node !== null && typeof node === "object") {
      for (const k of Object.keys(node).sort()) {
        if (k.includes(".")) throw new Error(`safetensors: key '${k}' at '${path.join(".")}' contains a '.'`);
        walk((node as Record<string, unknown>)[k], [...path, k]);
      }
      return;
    }
    throw new TypeError(
      `safetensors: leaf at '${path.join(".") || "<root>"}' is not a tensor (received ${typeof node})`,
    );
  };
  walk(tree, []);
  return out;
}

/**
 * Encode a pytree of tensors as safetensors bytes (synchronous; reads the tensor data).
 * @example
 * ```ts
 * const bytes = serializeSafetensors({ w: tf.ones([2, 2]) }); // Uint8Array, loadable by safetensors.torch.load
 * ```
 */
export function serializeSafetensors(
  params: PyTree,
  options: Omit<SaveSafetensorsOptions, "overwrite"> = {},
): Uint8Array {
  const floatDtype = options.floatDtype ?? "F32";
  if (floatDtype !== "F32" && floatDtype !== "F64")
    throw new Error(
      `saveSafetensors: options.floatDtype must be 'F32' or 'F64', received ${String(floatDtype)}`,
    );
  const leaves = namedLeaves(params);
  if (leaves.length === 0) throw new Error("saveSafetensors: params has no tensor leaves");
  // The header key `__metadata__` is reserved for the string map; a tensor under that name would be read back as
  // metadata, leaving its bytes unaccounted for (a corrupt file that no reader accepts).
  if (leaves.some(([name]) => name === "__metadata__"))
    throw new Error("saveSafetensors: the tensor name '__metadata__' is reserved by the safetensors format");
  const header: Record<string, unknown> = {};
  if (options.metadata) {
    for (const [k, v] of Object.entries(options.metadata))
      if (typeof v !== "string")
        throw new Error(`saveSafetensors: options.metadata['${k}'] must be a string`);
    header.__metadata__ = options.metadata;
  }
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of leaves) {
    if (t.isDisposed) throw new Error(`saveSafetensors: tensor '${name}' has been disposed`);
    let dtype: SafetensorsDtype;
    let bytes: Uint8Array;
    const values = t.dataSync();
    if (t.dtype === "float32") {
      dtype = floatDtype;
      const arr =
        floatDtype === "F64"
          ? Float64Array.from(values as Float32Array)
          : Float32Array.from(values as Float32Array);
      bytes = toLittleEndian(arr);
    } else if (t.dtype === "int32") {
      dtype = "I32";
      bytes = toLittleEndian(Int32Array.from(values as Int32Array));
    } else if (t.dtype === "bool") {
      dtype = "BOOL";
      bytes = Uint8Array.from(values as Uint8Array, (b) => (b ? 1 : 0));
    } else {
      throw new Error(
        `saveSafetensors: tensor '${name}' has dtype ${t.dtype}; supported: float32, int32, bool`,
      );
    }
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    chunks.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  const pad = (8 - (new TextEncoder().encode(json).length % 8)) % 8;
  json += " ".repeat(pad);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let p = 8 + headerBytes.length;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toLittleEndian(a: Float32Array | Float64Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN_HOST) return bytes;
  const out = new Uint8Array(bytes.length);
  const size = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += size)
    for (let j = 0; j < size; j++) out[i + j] = bytes[i + size - 1 - j]!;
  return out;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (m / 1024);
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + m / 1024);
}

function decode(dtype: SafetensorsDtype, view: DataView, n: number, name: string): SafetensorsEntry["data"] {
  const size = ITEM_SIZE[dtype];
  switch (dtype) {
    case "F64":
      return Float64Array.from({ length: n }, (_, i) => view.getFloat64(i * size, true));
    case "F32":
      return Float32Array.from({ length: n }, (_, i) => view.getFloat32(i * size, true));
    case "F16":
      return Float32Array.from({ length: n }, (_, i) => halfToFloat(view.getUint16(i * size, true)));
    case "BF16": {
      const tmp = new DataView(new ArrayBuffer(4));
      return Float32Array.from({ length: n }, (_, i) => {
        tmp.setUint32(0, view.getUint16(i * size, true) << 16, true);
        return tmp.getFloat32(0, true);
      });
    }
    case "I64":
    case "U32":
      return Int32Array.from({ length: n }, (_, i) => {
        const v = dtype === "I64" ? Number(view.getBigInt64(i * size, true)) : view.getUint32(i * size, true);
        if (v > 2147483647 || v < -2147483648)
          throw new Error(
            `loadSafetensors: tensor '${name}' (${dtype}) holds ${v}, outside the int32 range of tfjs`,
          );
        return v;
      });
    case "I32":
      return Int32Array.from({ length: n }, (_, i) => view.getInt32(i * size, true));
    case "I16":
      return Int32Array.from({ length: n }, (_, i) => view.getInt16(i * size, true));
    case "U16":
      return Int32Array.from({ length: n }, (_, i) => view.getUint16(i * size, true));
    case "I8":
      return Int32Array.from({ length: n }, (_, i) => view.getInt8(i * size));
    case "U8":
      return Int32Array.from({ length: n }, (_, i) => view.getUint8(i * size));
    case "BOOL":
      return Uint8Array.from({ length: n }, (_, i) => (view.getUint8(i) ? 1 : 0));
  }
}

function toBytes(source: Uint8Array | ArrayBuffer, where: string): Uint8Array {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  throw new TypeError(`${where}: expected a path, Uint8Array or ArrayBuffer, received ${typeof source}`);
}

/**
 * Decode safetensors bytes into named entries (no tensors are created), validating the layout: header length
 * within the file, valid JSON, known dtypes, integer shapes, offsets that match the shapes and tile the data
 * section exactly.
 * @example
 * ```ts
 * parseSafetensors(bytes).tensors["layers.0.w"].shape; // [2, 50]
 * ```
 */
export function parseSafetensors(source: Uint8Array | ArrayBuffer): {
  tensors: Record<string, SafetensorsEntry>;
  metadata: Record<string, string>;
} {
  const bytes = toBytes(source, "loadSafetensors");
  if (bytes.length < 8)
    throw new Error(
      `loadSafetensors: truncated file: ${bytes.length} bytes, the 8-byte header length is missing`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(Math.min(MAX_HEADER, bytes.length - 8)))
    throw new Error(
      `loadSafetensors: bad header: declared header length ${n64} exceeds the ${bytes.length - 8} bytes after it (truncated or not a safetensors file)`,
    );
  const n = Number(n64);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    throw new Error(`loadSafetensors: bad header: not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header))
    throw new Error("loadSafetensors: bad header: the JSON header must be an object");
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const metadata = (header.__metadata__ ?? {}) as Record<string, string>;
  // The format (and the reference reader) requires `__metadata__` to map strings to strings.
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata))
    throw new Error(
      `loadSafetensors: bad header: __metadata__ must be an object of strings, received ${JSON.stringify(metadata)}`,
    );
  for (const [k, v] of Object.entries(metadata))
    if (typeof v !== "string")
      throw new Error(
        `loadSafetensors: bad header: __metadata__['${k}'] must be a string, received ${JSON.stringify(v)}`,
      );
  const tensors: Record<string, SafetensorsEntry> = {};
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const e = raw as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e?.dtype !== "string" || !(e.dtype in ITEM_SIZE))
      throw new Error(
        `loadSafetensors: tensor '${name}' has dtype ${JSON.stringify(e?.dtype)}; supported: ${Object.keys(ITEM_SIZE).join(", ")}`,
      );
    const dtype = e.dtype as SafetensorsDtype;
    if (!Array.isArray(e.shape) || !e.shape.every((s) => Number.isInteger(s) && s >= 0))
      throw new Error(`loadSafetensors: tensor '${name}' has an invalid shape ${JSON.stringify(e.shape)}`);
    const shape = e.shape as number[];
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isInteger(o) && o >= 0))
      throw new Error(`loadSafetensors: tensor '${name}' has invalid data_offsets ${JSON.stringify(offs)}`);
    const [begin, end] = offs as [number, number];
    const count = shape.reduce((p, s) => p * s, 1);
    if (end - begin !== count * ITEM_SIZE[dtype])
      throw new Error(
        `loadSafetensors: tensor '${name}' (${dtype} [${shape.join(", ")}]) needs ${count * ITEM_SIZE[dtype]} bytes but data_offsets span ${end - begin}`,
      );
    if (end > dataLength)
      throw new Error(
        `loadSafetensors: truncated file: tensor '${name}' ends at byte ${end} of the data section, which has ${dataLength}`,
      );
    spans.push([begin, end, name]);
    const dv = new DataView(bytes.buffer, bytes.byteOffset + dataStart + begin, end - begin);
    tensors[name] = { dtype, shape, data: decode(dtype, dv, count, name) };
  }
  spans.sort((a, b) => a[0] - b[0]);
  let expected = 0;
  for (const [b, e, name] of spans) {
    if (b !== expected)
      throw new Error(
        `loadSafetensors: bad header: tensor '${name}' starts at ${b}, expected ${expected} (overlapping or holes)`,
      );
    expected = e;
  }
  if (expected !== dataLength)
    throw new Error(
      `loadSafetensors: bad file: ${dataLength - expected} trailing bytes after the last tensor`,
    );
  return { tensors, metadata };
}

function entryToTensor(e: SafetensorsEntry): tf.Tensor {
  if (e.dtype === "BOOL") return tf.tensor(e.data as Uint8Array, e.shape, "bool");
  if (e.data instanceof Int32Array) return tf.tensor(e.data, e.shape, "int32");
  return tf.tensor(Float32Array.from(e.data as ArrayLike<number>), e.shape, "float32");
}

const dynamicImport = (m: string): Promise<any> => import(/* @vite-ignore */ /* webpackIgnore: true */ m);

/**
 * Save a pytree of tensors (e.g. a module's `params`) as a safetensors file, or hand the bytes to a writer.
 * Writing a path is atomic (a temporary file in the same directory, then a rename) and refuses to replace an
 * existing file unless `overwrite: true`. Names are the pytree paths: `{ layers: [{ w, b }] }` → `layers.0.b`,
 * `layers.0.w`.
 * @example
 * ```ts
 * await saveSafetensors(net.params, "model.safetensors");                   // Node
 * await saveSafetensors(net.params, "model.safetensors", { overwrite: true });
 * await saveSafetensors(net.params, { write: (b) => download(b) });        // browser
 * ```
 */
export async function saveSafetensors(
  params: PyTree,
  target: string | SafetensorsWriter,
  options: SaveSafetensorsOptions = {},
): Promise<void> {
  const bytes = serializeSafetensors(params, options);
  if (typeof target === "object" && target !== null && typeof target.write === "function") {
    await target.write(bytes);
    return;
  }
  if (typeof target !== "string" || target.length === 0)
    throw new TypeError("saveSafetensors: target must be a file path or an object with write(bytes)");
  const fs = await dynamicImport("node:fs/promises");
  const path = await dynamicImport("node:path");
  const tmp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  await fs.writeFile(tmp, bytes, { flag: "wx" });
  try {
    if (options.overwrite) {
      await fs.rename(tmp, target);
    } else {
      // link() fails atomically with EEXIST when the target exists: no window where a file could be replaced.
      await fs.link(tmp, target);
      await fs.unlink(tmp);
    }
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    if ((e as { code?: string }).code === "EEXIST")
      throw new Error(`saveSafetensors: '${target}' already exists; pass { overwrite: true } to replace it`);
    throw e;
  }
}

/** Options of {@link loadSafetensors}. */
export interface LoadSafetensorsOptions<T extends PyTree> {
  /**
   * A pytree of tensors (e.g. `net.params`) to load into: every leaf's name must be in the file with the same
   * shape (and a compatible dtype). `tf.Variable` leaves are assigned in place; the returned tree has the same
   * structure with the loaded tensors (the variables themselves for variable leaves).
   */
  into?: T;
  /** With `into`: allow file entries that the tree does not have (default true). */
  allowExtra?: boolean;
}

/**
 * Load a safetensors file (a path in Node, or the bytes) as tensors keyed by name, or into a parameter pytree.
 * Floats of any width become float32, integers int32, BOOL bool.
 * @example
 * ```ts
 * const named = await loadSafetensors("model.safetensors"); // { "layers.0.w": Tensor, … }
 * await loadSafetensors(bytes, { into: net.params });        // assigns the variables in place
 * ```
 */
export async function loadSafetensors(
  source: string | Uint8Array | ArrayBuffer,
): Promise<Record<string, tf.Tensor>>;
export async function loadSafetensors<T extends PyTree>(
  source: string | Uint8Array | ArrayBuffer,
  options: LoadSafetensorsOptions<T> & { into: T },
): Promise<T>;
export async function loadSafetensors<T extends PyTree>(
  source: string | Uint8Array | ArrayBuffer,
  options: LoadSafetensorsOptions<T> = {},
): Promise<Record<string, tf.Tensor> | T> {
  let bytes: Uint8Array;
  if (typeof source === "string") {
    const fs = await dynamicImport("node:fs/promises");
    bytes = new Uint8Array(await fs.readFile(source));
  } else bytes = toBytes(source, "loadSafetensors");
  const { tensors } = parseSafetensors(bytes);
  if (options.into === undefined) {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, e] of Object.entries(tensors)) out[name] = entryToTensor(e);
    return out;
  }
  const named = namedLeaves(options.into);
  const { treedef } = treeFlatten(options.into);
  // Validate everything before touching any variable.
  for (const [name, t] of named) {
    const e = tensors[name];
    if (!e)
      throw new Error(
        `loadSafetensors: the file has no tensor '${name}' (it has: ${Object.keys(tensors).join(", ") || "none"})`,
      );
    if (!tf.util.arraysEqual(e.shape, t.shape))
      throw new Error(
        `loadSafetensors: tensor '${name}' has shape [${e.shape.join(", ")}] in the file but [${t.shape.join(", ")}] in the target params`,
      );
    const kind = e.dtype === "BOOL" ? "bool" : e.data instanceof Int32Array ? "int32" : "float32";
    if (kind !== t.dtype)
      throw new Error(
        `loadSafetensors: tensor '${name}' has dtype ${e.dtype} in the file but ${t.dtype} in the target params`,
      );
  }
  if (options.allowExtra === false) {
    const wanted = new Set(named.map(([n]) => n));
    const extra = Object.keys(tensors).filter((k) => !wanted.has(k));
    if (extra.length > 0)
      throw new Error(`loadSafetensors: the file has tensors the target lacks: ${extra.join(", ")}`);
  }
  const leaves = named.map(([name, t]) => {
    const loaded = entryToTensor(tensors[name]!);
    if (t instanceof tf.Variable) {
      t.assign(loaded);
      loaded.dispose();
      return t;
    }
    return loaded;
  });
  return treeUnflatten<T>(treedef, leaves);
}
