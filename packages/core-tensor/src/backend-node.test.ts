import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultBackendLoaders, ready, tf } from "./index.js";

const PKG = join(import.meta.dirname, "..");

describe("real backends in Node", () => {
  it("WebGPU: uses the webgpu loader when an adapter exists, otherwise records why and falls back to wasm", async () => {
    const webgpu = defaultBackendLoaders().find((l) => l.name === "webgpu")!;
    let reason: string | null = null;
    try {
      await webgpu.load();
    } catch (e) {
      reason = (e as Error).message;
    }
    if (reason === null) {
      expect(tf.getBackend()).toBe("webgpu");
      expect(tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0])).toBe(3);
      return;
    }
    console.log(`[backend] webgpu unavailable in Node here: ${reason}`);
    expect(reason).toMatch(/webgpu|adapter|GPU|not installed|Cannot find/i);
    const info = await ready({ backend: ["webgpu", "wasm"] });
    expect(info.name).toBe("wasm");
    expect(info.tried[0]).toMatchObject({ name: "webgpu", ok: false });
    expect(info.tried[0]!.reason.length).toBeGreaterThan(0);
    expect(tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0])).toBe(3);
  });

  it("the built dist (ESM and CJS) loads the WASM backend in plain Node without path setup", async () => {
    if (!existsSync(join(PKG, "dist", "index.js")) || !existsSync(join(PKG, "dist", "index.cjs"))) {
      const b = spawnSync("npx", ["tsup"], { cwd: PKG, encoding: "utf8" });
      expect(b.status, b.stderr).toBe(0);
    }
    const probe =
      "const i = await ready(); const y = tf.tidy(() => tf.grad(tf.grad((x) => tf.tanh(x)))(tf.scalar(0.5)).dataSync()[0]); console.log(JSON.stringify({ name: i.name, y }));";
    const run = (args: string[]) =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, args, (err, stdout, stderr) =>
          resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
    // Both module formats in parallel child processes (each imports tfjs, ~3 s).
    const [esm, cjs] = await Promise.all([
      run([
        "--input-type=module",
        "-e",
        `import { ready, tf } from ${JSON.stringify(join(PKG, "dist", "index.js"))}; ${probe}`,
      ]),
      run([
        "-e",
        `const { ready, tf } = require(${JSON.stringify(join(PKG, "dist", "index.cjs"))}); (async () => { ${probe} })();`,
      ]),
    ]);
    const t = Math.tanh(0.5);
    for (const r of [esm, cjs]) {
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
      expect(out.name).toBe("wasm");
      // float32 second derivative of tanh: −2 t (1 − t²)
      expect(Math.abs(out.y - -2 * t * (1 - t * t))).toBeLessThan(1e-6);
    }
  });
});
