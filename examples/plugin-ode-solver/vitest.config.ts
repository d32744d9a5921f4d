import { defineConfig } from "vitest/config";

// No source aliases: the plugin sees @continuum/ode exactly as a user does, through its built package.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000 } });
