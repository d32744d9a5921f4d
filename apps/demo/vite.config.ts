import { defineConfig } from "vite";

export default defineConfig({
  server: { strictPort: false },
  optimizeDeps: { exclude: ["@tensorflow/tfjs-backend-wasm"] },
});
