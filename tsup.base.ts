import { defineConfig, type Options } from "tsup";

/**
 * The build every package shares: ESM + CJS + declarations for ES2022, one file per entry (no code splitting,
 * so each subpath export is self-contained), `import.meta.url` shimmed in the CJS output.
 * A package's `tsup.config.ts` passes its entries and anything that differs (e.g. `external`).
 */
export function packageConfig(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "es2022",
    splitting: false,
    shims: true,
    ...extra,
  });
}
