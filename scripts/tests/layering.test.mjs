// Dependency layering: core-tensor <- optim <- ode <- {pinn, operators, diffusion, mean-field-games} <- apps.
// Fails if a package imports (or depends on) a package above or beside it, or reaches into another's src/.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";

const LAYER = {
  "core-tensor": 0,
  optim: 1,
  ode: 2,
  pinn: 3,
  operators: 3,
  diffusion: 3,
  "mean-field-games": 3,
};
const root = new URL("../..", import.meta.url).pathname;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|tsx|mjs|js|cjs)$/.test(name)) yield p;
  }
}

/** Every violation in the tree of package `pkg`. */
function violations(pkgDir, pkg) {
  const out = [];
  const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    const m = dep.match(/^@continuum\/(.+)$/);
    if (m && !(LAYER[m[1]] < LAYER[pkg])) out.push(`${pkg}/package.json depends on ${dep}`);
  }
  for (const f of files(join(pkgDir, "src"))) {
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)["']([^"']+)["']/g)) {
      const spec = m[1];
      const rel = relative(root, f);
      const cont = spec.match(/^@continuum\/([^/]+)/);
      if (cont && cont[1] !== pkg && !(LAYER[cont[1]] < LAYER[pkg]))
        out.push(`${rel} imports ${spec} (not below ${pkg})`);
      if (cont && /\/src(\/|$)/.test(spec)) out.push(`${rel} reaches into ${spec}`);
      if (spec.startsWith(".") && /packages\/|\.\.\/\.\.\/\.\.\//.test(spec))
        out.push(`${rel} reaches outside its package with ${spec}`);
    }
  }
  return out;
}

test("packages import only from packages below them", () => {
  const all = [];
  for (const pkg of Object.keys(LAYER)) all.push(...violations(join(root, "packages", pkg), pkg));
  assert.deepEqual(all, []);
});

test("the checker catches an upward import", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "layer-"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ dependencies: { "@continuum/pinn": "^0.1.0" } }));
  writeFileSync(
    join(dir, "src", "a.ts"),
    'import { x } from "@continuum/ode";\nimport "@continuum/core-tensor/src/engine";\n',
  );
  const v = violations(dir, "optim");
  assert.equal(v.length, 3, v.join("\n"));
});

test("every package is listed in the layering table", () => {
  assert.deepEqual(readdirSync(join(root, "packages")).sort(), Object.keys(LAYER).sort());
});
