// safetensors in the browser: core-tensor's own safetensors tests write files and run Python, so this file checks
// the browser path (bytes from fetch, parse, load into variables, serialize, save through a writer) against the
// committed fixture written byte by byte by packages/core-tensor/test/fixtures/gen_safetensors.py.
import {
  loadSafetensors,
  parseSafetensors,
  saveSafetensors,
  serializeSafetensors,
  tf,
} from "@continuum/core-tensor";
import { expectAllClose, expectNoLeaks } from "@continuum/core-tensor/testing";
import { describe, expect, it } from "vitest";

declare const __REPO_ROOT__: string;

async function fixture(): Promise<Uint8Array> {
  const r = await fetch(`/@fs${__REPO_ROOT__}/packages/core-tensor/test/fixtures/weights.safetensors`);
  expect(r.status).toBe(200);
  return new Uint8Array(await r.arrayBuffer());
}

describe("safetensors in the browser", () => {
  it("decodes the committed fixture exactly (values chosen to be exact in float16/32/64)", async () => {
    const bytes = await fixture();
    expect(bytes.length).toBe(594);
    const named = await loadSafetensors(bytes);
    expectAllClose(named["layers.0.w"]!, [0.125, -0.125, -0.375, 0.625, 0.375, 0.125], { rtol: 0, atol: 0 });
    expectAllClose(named["layers.1.w"]!, [0.5, 0.25, 0.125], { rtol: 0, atol: 0 });
    expectAllClose(named["layers.1.b"]!, [0.0999755859375], { rtol: 0, atol: 0 }); // float16 0x2E66
    expect(named.step!.dataSync()[0]).toBe(12345);
    expect([...named.mask!.dataSync()]).toEqual([1, 0, 0, 1]);
    expect([...named.counts!.dataSync()]).toEqual([-7, 2147483647]);
    expect(parseSafetensors(bytes).metadata).toEqual({ format: "pt", generator: "gen_safetensors.py" });
    tf.dispose(Object.values(named));
  });

  it("round-trips a parameter tree through a writer and loads it into variables without leaks", async () => {
    const params = {
      layers: [
        { w: tf.variable(tf.tensor2d([1.5, -2, 3.25, 4], [2, 2])), b: tf.variable(tf.tensor1d([0.5, -0.5])) },
      ],
    };
    let saved: Uint8Array = new Uint8Array();
    await saveSafetensors(params, { write: (b) => void (saved = b) }, { metadata: { note: "browser" } });
    expect(saved).toEqual(serializeSafetensors(params, { metadata: { note: "browser" } }));
    const target = {
      layers: [{ w: tf.variable(tf.zeros([2, 2])), b: tf.variable(tf.zeros([2])) }],
    };
    await expectNoLeaks(async () => {
      await loadSafetensors(saved, { into: target });
    });
    expectAllClose(target.layers[0]!.w, [1.5, -2, 3.25, 4], { rtol: 0, atol: 0 });
    expectAllClose(target.layers[0]!.b, [0.5, -0.5], { rtol: 0, atol: 0 });
    await expect(
      loadSafetensors(saved, { into: { layers: [{ w: tf.variable(tf.zeros([3, 2])) }] } }),
    ).rejects.toThrow(/tensor 'layers.0.w' has shape \[2, 2\] in the file but \[3, 2\] in the target params/);
    tf.dispose([params.layers[0]!.w, params.layers[0]!.b, target.layers[0]!.w, target.layers[0]!.b]);
  });
});
