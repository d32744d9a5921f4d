import { existsSync } from "node:fs";
import { defineConfig } from "tsup";

const entries: Record<string, string> = {
  index: "src/index.ts",
  "register-gradients": "src/register-gradients.ts",
  testing: "src/testing/index.ts",
  registry: "src/registry/index.ts",
  linalg: "src/linalg/index.ts",
  fft: "src/fft/index.ts",
};

export default defineConfig({
  entry: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  splitting: false,
  shims: true,
  external: [/^@tensorflow\//, "webgpu", "fft.js", "ml-matrix"],
});
