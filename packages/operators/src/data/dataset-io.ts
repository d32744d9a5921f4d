import { parseSafetensors } from "@continuum/core-tensor";
import type { OperatorDataset } from "./dataset.js";

/**
 * Encode a dataset as safetensors bytes with float64 (`F64`) arrays `inputs`, `targets` and `extra.<name>`,
 * the sample shapes in the metadata. Written directly (not through tensors) so float64 values survive exactly;
 * readable by `safetensors.numpy.load` and by core-tensor's `parseSafetensors`.
 *
 * @example
 * ```ts
 * const bytes = serializeDataset(generateDataset("heat", { n: 4, resolution: 32 }));
 * const back = parseDataset(bytes); // same values, bit for bit
 * ```
 */
export function serializeDataset(ds: OperatorDataset): Uint8Array {
  const arrays: [string, Float64Array, number[]][] = [
    ["inputs", ds.inputs, [ds.n, ...ds.inputShape]],
    ["targets", ds.targets, [ds.n, ...ds.targetShape]],
  ];
  for (const [k, v] of Object.entries(ds.extra ?? {})) arrays.push([`extra.${k}`, v, [v.length]]);
  const header: Record<string, unknown> = {
    __metadata__: {
      name: ds.name,
      n: String(ds.n),
      inputShape: JSON.stringify(ds.inputShape),
      targetShape: JSON.stringify(ds.targetShape),
      format: "@continuum/operators dataset v1",
    },
  };
  let offset = 0;
  for (const [name, arr, shape] of arrays) {
    if (shape.reduce((a, b) => a * b, 1) !== arr.length)
      throw new Error(`serializeDataset: '${name}' has ${arr.length} values but shape [${shape}]`);
    header[name] = { dtype: "F64", shape, data_offsets: [offset, offset + 8 * arr.length] };
    offset += 8 * arr.length;
  }
  // Pad the header with spaces so the data start on an 8-byte boundary; count bytes, not UTF-16 units (a
  // non-ASCII dataset name would otherwise leave the float64 data misaligned).
  const encoded = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(Math.ceil(encoded.length / 8) * 8).fill(0x20);
  head.set(encoded);
  const out = new Uint8Array(8 + head.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let pos = 8 + head.length;
  for (const [, arr] of arrays) {
    const view = new DataView(out.buffer, pos, 8 * arr.length);
    for (let i = 0; i < arr.length; i++) view.setFloat64(8 * i, arr[i]!, true);
    pos += 8 * arr.length;
  }
  return out;
}

/**
 * Decode bytes written by {@link serializeDataset} (through core-tensor's safetensors reader).
 * @example
 * ```ts
 * const ds = parseDataset(readFileSync("burgers.safetensors"));
 * ```
 */
export function parseDataset(bytes: Uint8Array | ArrayBuffer): OperatorDataset {
  const { tensors, metadata } = parseSafetensors(bytes);
  if (metadata.format !== "@continuum/operators dataset v1" || !tensors.inputs || !tensors.targets)
    throw new Error(
      `parseDataset: not an operator dataset (metadata.format = ${JSON.stringify(metadata.format)}); write it with serializeDataset`,
    );
  const f64 = (name: string) => {
    const d = tensors[name]!.data;
    return d instanceof Float64Array ? d : Float64Array.from(d as ArrayLike<number>);
  };
  const extra: Record<string, Float64Array> = {};
  for (const k of Object.keys(tensors)) if (k.startsWith("extra.")) extra[k.slice(6)] = f64(k);
  const n = Number(metadata.n);
  const inputShape = JSON.parse(metadata.inputShape ?? "[]") as number[];
  const targetShape = JSON.parse(metadata.targetShape ?? "[]") as number[];
  for (const [name, shape] of [
    ["inputs", inputShape],
    ["targets", targetShape],
  ] as const) {
    const stored = tensors[name]!.shape;
    if (stored.join() !== [n, ...shape].join())
      throw new Error(
        `parseDataset: '${name}' is stored as [${stored}] but the metadata say n = ${metadata.n} and shape [${shape}]; the file is corrupt`,
      );
  }
  return {
    name: metadata.name ?? "dataset",
    n,
    inputShape,
    targetShape,
    inputs: f64("inputs"),
    targets: f64("targets"),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

/**
 * Save a dataset to a `.safetensors` file (Node only). An existing file is not replaced unless
 * `options.overwrite` is true: generated datasets are expensive, and a silent overwrite would lose one.
 * @example
 * ```ts
 * await saveDataset(ds, "data/burgers-1024.safetensors");
 * await saveDataset(ds, "data/burgers-1024.safetensors", { overwrite: true }); // replace it
 * ```
 */
export async function saveDataset(
  ds: OperatorDataset,
  path: string,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  const fs = await import("node:fs/promises");
  const bytes = serializeDataset(ds);
  try {
    await fs.writeFile(path, bytes, { flag: options.overwrite ? "w" : "wx" });
  } catch (e) {
    if ((e as { code?: string }).code === "EEXIST")
      throw new Error(
        `saveDataset: ${path} already exists; pass { overwrite: true } to replace it, or choose another path`,
      );
    throw e;
  }
}

/**
 * Load a dataset saved by {@link saveDataset} (Node only).
 * @example
 * ```ts
 * const ds = await loadDataset("data/burgers-1024.safetensors");
 * ```
 */
export async function loadDataset(path: string): Promise<OperatorDataset> {
  const fs = await import("node:fs/promises");
  return parseDataset(new Uint8Array(await fs.readFile(path)));
}

/**
 * Load `path` when it exists, otherwise generate with `make()` and save it there, so a dataset is generated once.
 * @example
 * ```ts
 * const ds = await cachedDataset("burgers.safetensors", () => generateDataset("burgers", { n: 1000, resolution: 1024 }));
 * ```
 */
export async function cachedDataset(path: string, make: () => OperatorDataset): Promise<OperatorDataset> {
  const fs = await import("node:fs/promises");
  try {
    await fs.access(path);
    return await loadDataset(path);
  } catch (e) {
    if ((e as { code?: string }).code !== "ENOENT") throw e;
  }
  const ds = make();
  await saveDataset(ds, path);
  return ds;
}
