import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));

/** Resolve `@continuum/<pkg>` and `@continuum/<pkg>/<subpath>` to sources, so tests see edits without a rebuild. */
function continuumAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const name of readdirSync(join(root, "packages"))) {
    const src = join(root, "packages", name, "src");
    aliases.push({ find: new RegExp(`^@continuum/${name}/([a-z0-9-]+)$`), replacement: `${src}/$1/index.ts` });
    aliases.push({ find: new RegExp(`^@continuum/${name}$`), replacement: `${src}/index.ts` });
  }
  return aliases;
}

export function sharedTestConfig(_packageDir: string) {
  return {
    resolve: { alias: continuumAliases() },
    test: {
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: "forks" as const,
      fileParallelism: true,
      isolate: process.env.VITEST_ISOLATE === "1",
      maxWorkers: 2,
    },
  };
}
