#!/usr/bin/env node
// Packs every package, installs the tarballs into a fresh project outside the workspace and checks:
// ESM import and CJS require of every entry point, each README example runs, and a TypeScript file using the
// types compiles under moduleResolution node16 and bundler.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PACKAGES, ensureBuilt, manifest, mkdirp, readmeExample, root, run, writeJson } from "./lib.mjs";

const t0 = Date.now();
ensureBuilt();
const work = mkdtempSync(join(tmpdir(), "continuum-pack-"));
try {
  const tarDir = mkdirp(join(work, "tarballs"));
  const tarballs = PACKAGES.map((pkg) => {
    const out = run("npm", ["pack", "--silent", "--pack-destination", tarDir], {
      cwd: join(root, "packages", pkg),
    })
      .trim()
      .split("\n")
      .pop();
    return join(tarDir, out);
  });
  const proj = mkdirp(join(work, "project"));
  writeJson(join(proj, "package.json"), { name: "pack-check", private: true, type: "module" });
  const tfVersion = manifest("core-tensor").peerDependencies["@tensorflow/tfjs"];
  run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      ...tarballs,
      `@tensorflow/tfjs@${tfVersion}`,
      "@tensorflow/tfjs-backend-wasm@4.22.0",
      "typescript@5.9.3",
      "@types/node@20",
    ],
    { cwd: proj },
  );
  console.log(`installed ${PACKAGES.length} tarballs in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  const esm = [];
  const cjs = [];
  const ts = [];
  for (const pkg of PACKAGES) {
    const m = manifest(pkg);
    for (const sub of Object.keys(m.exports).filter((k) => k !== "./package.json")) {
      const spec = sub === "." ? m.name : `${m.name}/${sub.slice(2)}`;
      esm.push(
        `import * as m${esm.length} from ${JSON.stringify(spec)}; if (Object.keys(m${esm.length}).length === 0) throw new Error("empty ESM module ${spec}");`,
      );
      cjs.push(
        `{ const m = require(${JSON.stringify(spec)}); if (Object.keys(m).length === 0) throw new Error("empty CJS module ${spec}"); }`,
      );
      ts.push(
        `import * as t${ts.length} from ${JSON.stringify(spec)};\nexport const k${ts.length}: string[] = Object.keys(t${ts.length});`,
      );
    }
  }
  writeFileSync(join(proj, "esm.mjs"), `${esm.join("\n")}\nconsole.log("esm ok");\n`);
  writeFileSync(join(proj, "cjs.cjs"), `${cjs.join("\n")}\nconsole.log("cjs ok");\n`);
  run("node", ["esm.mjs"], { cwd: proj });
  run("node", ["cjs.cjs"], { cwd: proj });
  console.log(`ESM import and CJS require of ${esm.length} entry points: ok`);

  // Types: the same file under node16 and bundler resolution, plus a typed use of the core API. skipLibCheck is
  // on because @tensorflow/tfjs-layers ships .d.ts files that fail strict checks (as every tfjs user sees).
  writeFileSync(
    join(proj, "types.mts"),
    `${ts.join("\n")}\nimport { mlp, tf } from "@continuum/core-tensor";\nconst net = mlp({ inputs: 2, hidden: [8], outputs: 1 });\nexport const y: tf.Tensor = net.apply(net.params, tf.zeros([1, 2]));\n`,
  );
  for (const [mod, res] of [
    ["node16", "node16"],
    ["esnext", "bundler"],
  ]) {
    writeJson(join(proj, "tsconfig.json"), {
      compilerOptions: {
        strict: true,
        module: mod,
        moduleResolution: res,
        target: "es2022",
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        lib: ["es2022", "dom"],
      },
      files: ["types.mts"],
    });
    run(join(proj, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], { cwd: proj });
    console.log(`tsc --noEmit with moduleResolution ${res}: ok`);
  }

  // README examples, run as written (TypeScript via tsx from the workspace).
  const tsx = join(root, "node_modules", ".bin", "tsx");
  for (const pkg of PACKAGES) {
    const file = join(proj, `readme-${pkg}.mts`);
    writeFileSync(file, readmeExample(pkg));
    const out = run(tsx, [file], { cwd: proj, timeout: 120_000 });
    console.log(
      `README example of @continuum/${pkg}: ok${out.trim() ? ` (${out.trim().split("\n").pop()})` : ""}`,
    );
  }
  // The out-of-tree plugin example, run against the installed tarballs only.
  cpSync(join(root, "examples", "plugin-ode-solver", "src"), join(proj, "plugin", "src"), { recursive: true });
  const pluginOut = run(tsx, [join(proj, "plugin", "src", "demo.ts")], { cwd: proj, timeout: 120_000 });
  console.log(`examples/plugin-ode-solver against the tarballs: ${pluginOut.trim().split("\n").pop()}`);
  console.log(
    JSON.stringify({ test: "pack-install", packages: PACKAGES.length, seconds: (Date.now() - t0) / 1000 }),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
