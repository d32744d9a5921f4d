import { defineConfig } from "vitest/config";
import { sharedTestConfig } from "../../vitest.shared";

const shared = sharedTestConfig(import.meta.dirname);

// Node unit tests only: test/unit-browser/ holds files for the browser run (test/browser-unit.mjs).
export default defineConfig({ ...shared, test: { ...shared.test, include: ["src/**/*.test.ts"] } });
