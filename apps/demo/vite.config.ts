import { createReadStream, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { defineConfig, type Plugin } from "vite";

/** URL folder (below `base`) where the tfjs-backend-wasm binaries are served; the worker passes it to `ready()`. */
const WASM_DIR = "tfjs-wasm";

/**
 * Serves `@tensorflow/tfjs-backend-wasm/dist/*.wasm` at `/<WASM_DIR>/` in dev and preview, and copies them to
 * `dist/<WASM_DIR>/` in a build. The files keep their names because tfjs asks for them by name.
 */
function tfjsWasmAssets(): Plugin {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
  const files = readdirSync(dir).filter((f) => f.endsWith(".wasm"));
  const middleware = (req: { url?: string }, res: any, next: () => void) => {
    const m = req.url?.match(new RegExp(`/${WASM_DIR}/([^/?]+\\.wasm)`));
    if (!m || !files.includes(m[1]!)) return next();
    res.setHeader("Content-Type", "application/wasm");
    createReadStream(join(dir, m[1]!)).pipe(res);
  };
  return {
    name: "continuum-tfjs-wasm-assets",
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    generateBundle() {
      for (const f of files) {
        this.emitFile({ type: "asset", fileName: `${WASM_DIR}/${f}`, source: readFileSync(join(dir, f)) });
      }
    },
  };
}

export default defineConfig({
  plugins: [tfjsWasmAssets()],
  define: { __WASM_DIR__: JSON.stringify(WASM_DIR) },
  server: { strictPort: false },
  preview: { strictPort: false },
  worker: { format: "es" },
  build: {
    target: "es2022",
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: false,
  },
  // Pre-bundle tfjs-backend-wasm in dev: excluded, its CommonJS worker shim fails to import
  // ("does not provide an export named 'wasmWorkerContents'"). The .wasm files come from the plugin above.
  optimizeDeps: { include: ["@tensorflow/tfjs-backend-wasm"] },
});
