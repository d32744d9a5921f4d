// Shared helpers of the pack-install and release smoke tests.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
/** Packages in publish (dependency) order. */
export const PACKAGES = ["core-tensor", "optim", "ode", "pinn", "operators", "diffusion", "mean-field-games"];

export function run(cmd, args, opts = {}) {
  const t0 = Date.now();
  try {
    return execFileSync(cmd, args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 << 20,
      ...opts,
    });
  } catch (e) {
    throw new Error(
      `${cmd} ${args.join(" ")} failed after ${Date.now() - t0} ms in ${opts.cwd ?? process.cwd()}:\n${e.stdout ?? ""}\n${e.stderr ?? ""}`,
    );
  }
}

export function manifest(pkg) {
  return JSON.parse(readFileSync(join(root, "packages", pkg, "package.json"), "utf8"));
}

/** The first ```ts block of a package README (its opening example). */
export function readmeExample(pkg) {
  const text = readFileSync(join(root, "packages", pkg, "README.md"), "utf8");
  const m = text.match(/```(?:ts|typescript)\n([\s\S]*?)```/);
  if (!m) throw new Error(`packages/${pkg}/README.md has no \`\`\`ts example`);
  return m[1];
}

export function ensureBuilt() {
  for (const pkg of PACKAGES) {
    if (!existsSync(join(root, "packages", pkg, "dist", "index.js"))) {
      throw new Error(`packages/${pkg}/dist is missing: run \`npm run build\` first`);
    }
  }
}

export function writeJson(file, obj) {
  writeFileSync(file, `${JSON.stringify(obj, null, 2)}\n`);
}

export function listContinuum(projectDir) {
  const dir = join(projectDir, "node_modules", "@continuum");
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

export function mkdirp(p) {
  mkdirSync(p, { recursive: true });
  return p;
}

export { spawn };
