import { describe, expect, it } from "vitest";
import { type BackendLoader, backendInfo, ready, tf } from "./index.js";

const fake = (name: string, result: string | Error): BackendLoader => ({
  name,
  load: async () => {
    if (result instanceof Error) throw result;
    await tf.setBackend(result);
    return result;
  },
});

describe("backend selection", () => {
  it("picks the first loader that works and records why the others failed", async () => {
    const info = await ready({
      loaders: [
        fake("tfjs-node-gpu", new Error("Cannot find module '@tensorflow/tfjs-node-gpu'")),
        fake("tfjs-node", new Error("libtensorflow.so: cannot open shared object file")),
        fake("cpu", "cpu"),
      ],
    });
    expect(info.name).toBe("cpu");
    expect(info.tried.map((t) => [t.name, t.ok])).toEqual([
      ["tfjs-node-gpu", false],
      ["tfjs-node", false],
      ["cpu", true],
    ]);
    expect(info.tried[0]!.reason).toMatch(/^not installed/);
    expect(info.tried[1]!.reason).toMatch(/libtensorflow/);
    expect(backendInfo().name).toBe("cpu");
  });
  it("forcing an unavailable backend throws naming it and why", async () => {
    await expect(
      ready({
        backend: "tfjs-node",
        loaders: [fake("tfjs-node", new Error("Cannot find module 'x'")), fake("cpu", "cpu")],
      }),
    ).rejects.toThrow(/requested backend 'tfjs-node' is unavailable \(tfjs-node: not installed/);
  });
  it("forcing an ordered list falls through it", async () => {
    const info = await ready({
      backend: ["webgpu", "cpu"],
      loaders: [fake("webgpu", new Error("no adapter")), fake("cpu", "cpu")],
    });
    expect(info.name).toBe("cpu");
  });
  it("rejects unknown names", async () => {
    await expect(ready({ backend: "cuda" })).rejects.toThrow(
      /unknown backend 'cuda'.*known: tfjs-node-gpu, tfjs-node, webgpu, webgl, wasm, cpu/,
    );
  });
  it("the default order ends on wasm in this environment (tfjs-node absent, no GPU adapter)", async () => {
    const info = await ready();
    const names = info.tried.map((t) => t.name);
    expect(names[names.length - 1]).toBe(info.name === "wasm" ? "wasm" : names[names.length - 1]);
    for (const t of info.tried.slice(0, -1)) {
      expect(t.ok).toBe(false);
      expect(t.reason.length).toBeGreaterThan(0);
    }
    if (info.name !== "wasm")
      console.log(`[backend] default selection picked ${info.name}: ${JSON.stringify(info.tried)}`);
    expect(["tensorflow", "webgpu", "wasm"]).toContain(info.name);
  });
});
