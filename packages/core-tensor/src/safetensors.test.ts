import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  loadSafetensors,
  mlp,
  parseSafetensors,
  saveSafetensors,
  serializeSafetensors,
  tf,
  treeDispose,
  treeLeaves,
} from "./index.js";
import { expectAllClose, expectNoLeaks } from "./testing/index.js";

const FIXTURE = join(import.meta.dirname, "..", "test", "fixtures", "weights.safetensors");
const GENERATOR = join(import.meta.dirname, "..", "test", "fixtures", "gen_safetensors.py");

describe("safetensors", () => {
  it("round-trips an mlp's params through a file (atomic write, names from pytree paths)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "st-"));
    const path = join(dir, "model.safetensors");
    const a = mlp({ inputs: 2, hidden: [5], outputs: 1, seed: 1 });
    const b = mlp({ inputs: 2, hidden: [5], outputs: 1, seed: 2 });
    await expectNoLeaks(() => saveSafetensors(a.params, path, { metadata: { note: "test" } }));
    expect(readdirSync(dir)).toEqual(["model.safetensors"]); // no temporary file left behind
    const named = await loadSafetensors(path);
    expect(Object.keys(named).sort()).toEqual(["layers.0.b", "layers.0.w", "layers.1.b", "layers.1.w"]);
    tf.dispose(Object.values(named));
    const back = await expectNoLeaks(() => loadSafetensors(path, { into: b.params }));
    expect(back.layers[0]!.w).toBe(b.params.layers[0]!.w); // variables assigned in place
    const la = treeLeaves(a.params);
    treeLeaves(b.params).forEach((t, i) => {
      expectAllClose(t, la[i]!, { rtol: 0, atol: 0 });
    });
    expect(parseSafetensors(readFileSync(path)).metadata).toEqual({ note: "test" });
    treeDispose(a.params);
    treeDispose(b.params);
  });

  it("refuses to overwrite unless asked, and overwrites atomically when asked", async () => {
    const dir = mkdtempSync(join(tmpdir(), "st-"));
    const path = join(dir, "w.safetensors");
    const p = { w: tf.tensor([1, 2, 3]) };
    await saveSafetensors(p, path);
    await expect(saveSafetensors(p, path)).rejects.toThrow(/already exists; pass \{ overwrite: true \}/);
    const q = { w: tf.tensor([4, 5, 6]) };
    await saveSafetensors(q, path, { overwrite: true });
    const back = await loadSafetensors(path);
    expectAllClose(back.w!, [4, 5, 6], { rtol: 0, atol: 0 });
    expect(readdirSync(dir)).toEqual(["w.safetensors"]);
    tf.dispose([p.w, q.w, back.w!]);
  });

  it("browser forms: bytes in, a writer out; F64 storage; int32 and bool", async () => {
    let written: Uint8Array | null = null;
    const p = {
      a: tf.tensor([0.1, -2.5]),
      n: tf.tensor([3, -4], [2], "int32"),
      m: tf.tensor([true, false], [2], "bool"),
    };
    await saveSafetensors(p, { write: (b) => void (written = b) }, { floatDtype: "F64" });
    const parsed = parseSafetensors(written!);
    expect(parsed.tensors.a!.dtype).toBe("F64");
    expect(new DataView(written!.buffer).getBigUint64(0, true) % 8n === 0n).toBe(true); // header padded
    const back = await loadSafetensors(written!.buffer.slice(0) as ArrayBuffer);
    expectAllClose(back.a!, p.a, { rtol: 0, atol: 0 });
    expect(back.n!.dtype).toBe("int32");
    expect([...back.m!.dataSync()]).toEqual([1, 0]);
    tf.dispose([...Object.values(p), ...Object.values(back)]);
  });

  it("loads the fixture written by the committed Python generator to the right values", async () => {
    const named = await loadSafetensors(FIXTURE);
    expectAllClose(named["layers.0.w"]!, [0.125, -0.125, -0.375, 0.625, 0.375, 0.125], { rtol: 0, atol: 0 });
    expect(named["layers.0.w"]!.shape).toEqual([2, 3]);
    expectAllClose(named["layers.0.b"]!, [-1.5, -0.5, 0.5], { rtol: 0, atol: 0 });
    expectAllClose(named["layers.1.w"]!, [0.5, 0.25, 0.125], { rtol: 0, atol: 0 });
    expectAllClose(named["layers.1.b"]!, [0.0999755859375], { rtol: 0, atol: 0 }); // float16 0x2E66, exact
    expect(named.step!.shape).toEqual([]);
    expect(named.step!.dataSync()[0]).toBe(12345);
    expect([...named.mask!.dataSync()]).toEqual([1, 0, 0, 1]);
    expect([...named.counts!.dataSync()]).toEqual([-7, 2147483647]);
    expect(parseSafetensors(readFileSync(FIXTURE)).metadata).toEqual({
      format: "pt",
      generator: "gen_safetensors.py",
    });
    tf.dispose(Object.values(named));
  });

  it("the committed fixture is byte-for-byte what the generator wrote (SHA-256 pinned; tests never run Python)", () => {
    // Digest of `/usr/bin/python3 test/fixtures/gen_safetensors.py` output (594 bytes); regenerate and update both
    // together if the generator changes.
    const digest = createHash("sha256").update(readFileSync(FIXTURE)).digest("hex");
    expect(digest).toBe("148d42ddc549547b16aa38e267533e8d6f0c6981b14e49ac595795084b206143");
    expect(readFileSync(GENERATOR, "utf8")).toMatch(/Run: \/usr\/bin\/python3 /);
  });

  it("refuses the reserved name __metadata__ on save and non-string metadata on load", async () => {
    // A tensor named __metadata__ used to be written, producing a file that no reader (ours included) accepts.
    const w = tf.tidy(() => tf.ones([1]));
    expect(() => serializeSafetensors({ __metadata__: w })).toThrow(/tensor name '__metadata__' is reserved/);
    const enc = (h: unknown, data: number) => {
      const j = new TextEncoder().encode(JSON.stringify(h));
      const out = new Uint8Array(8 + j.length + data);
      new DataView(out.buffer).setBigUint64(0, BigInt(j.length), true);
      out.set(j, 8);
      return out;
    };
    const entry = { dtype: "F32", shape: [1], data_offsets: [0, 4] };
    expect(() => parseSafetensors(enc({ __metadata__: { epoch: 3 }, w: entry }, 4))).toThrow(
      /__metadata__\['epoch'\] must be a string, received 3/,
    );
    expect(() => parseSafetensors(enc({ __metadata__: [1, 2], w: entry }, 4))).toThrow(
      /__metadata__ must be an object of strings/,
    );
    expect(parseSafetensors(enc({ __metadata__: { epoch: "3" }, w: entry }, 4)).metadata).toEqual({
      epoch: "3",
    });
    w.dispose();
  });

  it("rejects truncated files, bad headers and mismatched targets, naming the tensor", async () => {
    const good = serializeSafetensors({ w: tf.tidy(() => tf.ones([2, 2])) });
    await expect(loadSafetensors(good.subarray(0, 5))).rejects.toThrow(/truncated file: 5 bytes/);
    await expect(loadSafetensors(good.subarray(0, good.length - 4))).rejects.toThrow(
      /truncated file: tensor 'w' ends at byte 16 of the data section, which has 12/,
    );
    const badLen = good.slice();
    new DataView(badLen.buffer).setBigUint64(0, 1n << 40n, true);
    await expect(loadSafetensors(badLen)).rejects.toThrow(/bad header: declared header length/);
    const garbage = good.slice();
    garbage[8] = 0x7a; // '{' → 'z'
    await expect(loadSafetensors(garbage)).rejects.toThrow(/bad header: not valid UTF-8 JSON/);
    const enc = (h: unknown, data: number) => {
      const j = new TextEncoder().encode(JSON.stringify(h));
      const out = new Uint8Array(8 + j.length + data);
      new DataView(out.buffer).setBigUint64(0, BigInt(j.length), true);
      out.set(j, 8);
      return out;
    };
    await expect(
      loadSafetensors(enc({ w: { dtype: "Q8", shape: [1], data_offsets: [0, 1] } }, 1)),
    ).rejects.toThrow(/tensor 'w' has dtype "Q8"; supported: F64/);
    await expect(
      loadSafetensors(enc({ w: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, 8)),
    ).rejects.toThrow(/tensor 'w' \(F32 \[3\]\) needs 12 bytes but data_offsets span 8/);
    await expect(
      loadSafetensors(
        enc(
          {
            a: { dtype: "F32", shape: [1], data_offsets: [4, 8] },
            b: { dtype: "F32", shape: [1], data_offsets: [4, 8] },
          },
          8,
        ),
      ),
    ).rejects.toThrow(/overlapping or holes/);
    const net = mlp({ inputs: 2, hidden: [3], outputs: 1 });
    await expect(loadSafetensors(good, { into: net.params })).rejects.toThrow(
      /the file has no tensor 'layers.0.b' \(it has: w\)/,
    );
    const wrongShape = serializeSafetensors({ w: tf.tidy(() => tf.ones([3])) });
    const target = { w: tf.variable(tf.zeros([2])) };
    await expect(loadSafetensors(wrongShape, { into: target })).rejects.toThrow(
      /tensor 'w' has shape \[3\] in the file but \[2\] in the target params/,
    );
    const ints = serializeSafetensors({ w: tf.tidy(() => tf.tensor([1, 2], [2], "int32")) });
    await expect(loadSafetensors(ints, { into: target })).rejects.toThrow(
      /tensor 'w' has dtype I32 in the file but float32 in the target params/,
    );
    await expect(saveSafetensors({ w: target.w }, 42 as never)).rejects.toThrow(/target must be a file path/);
    treeDispose(net.params);
    target.w.dispose();
  });
});
