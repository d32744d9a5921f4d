#!/usr/bin/env node
// Release smoke test: start a local Verdaccio on 127.0.0.1 (temporary storage, random free port, bounded in
// time), publish every package to it, then in fresh projects install only @continuum/ode (and separately
// @continuum/pinn) from it and run the README example. Proves a single package pulls in exactly the internal
// packages it needs, at the published versions.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PACKAGES,
  ensureBuilt,
  listContinuum,
  manifest,
  mkdirp,
  readmeExample,
  root,
  run,
  spawn,
  writeJson,
} from "./lib.mjs";

const LIMIT_MS = 5 * 60_000;
const t0 = Date.now();
const watchdog = setTimeout(() => {
  console.error(`release smoke: exceeded ${LIMIT_MS / 1000} s, aborting`);
  process.exit(1);
}, LIMIT_MS);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Verdaccio did not answer at ${url} within ${ms} ms`);
}

/** Internal packages a package needs, transitively. */
function closure(pkg, seen = new Set()) {
  seen.add(pkg);
  for (const dep of Object.keys(manifest(pkg).dependencies ?? {})) {
    const m = dep.match(/^@continuum\/(.+)$/);
    if (m && !seen.has(m[1])) closure(m[1], seen);
  }
  return seen;
}

ensureBuilt();
const work = mkdtempSync(join(tmpdir(), "continuum-release-"));
let server;
try {
  const port = await freePort();
  const registry = `http://127.0.0.1:${port}/`;
  const storage = mkdirp(join(work, "storage"));
  const upstream = (
    run("npm", ["config", "get", "registry"]).trim() || "https://registry.npmjs.org/"
  ).replace(/\/?$/, "/");
  writeFileSync(
    join(work, "config.yaml"),
    [
      `storage: ${storage}`,
      "auth:",
      "  htpasswd:",
      `    file: ${join(work, "htpasswd")}`,
      "    max_users: 10",
      "uplinks:",
      "  upstream:",
      `    url: ${upstream}`,
      "    timeout: 60s",
      "packages:",
      "  '@continuum/*':",
      "    access: $all",
      "    publish: $authenticated",
      "  '**':",
      "    access: $all",
      "    proxy: upstream",
      "log: { type: stdout, format: pretty, level: error }",
      "",
    ].join("\n"),
  );
  server = spawn(
    join(root, "node_modules", ".bin", "verdaccio"),
    ["--config", join(work, "config.yaml"), "--listen", `127.0.0.1:${port}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let serverLog = "";
  server.stdout.on("data", (d) => (serverLog += d));
  server.stderr.on("data", (d) => (serverLog += d));
  await waitFor(`${registry}-/ping`, 60_000);
  console.log(`verdaccio up at ${registry} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  // A user for publishing (htpasswd auth creates it on first PUT).
  const res = await fetch(`${registry}-/user/org.couchdb.user:ci`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "ci", password: "ci-smoke-pass", email: "ci@example.com", type: "user" }),
  });
  const { token } = await res.json();
  if (!token) throw new Error(`could not create a Verdaccio user: HTTP ${res.status}`);
  const npmrc = join(work, ".npmrc");
  writeFileSync(npmrc, `registry=${registry}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  const env = { ...process.env, npm_config_userconfig: npmrc, npm_config_registry: registry };

  for (const pkg of PACKAGES) {
    run("npm", ["publish", "--registry", registry, "--access", "public", "--ignore-scripts"], {
      cwd: join(root, "packages", pkg),
      env,
    });
  }
  console.log(`published ${PACKAGES.length} packages in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

  for (const pkg of ["ode", "pinn"]) {
    const proj = mkdirp(join(work, `use-${pkg}`));
    writeJson(join(proj, "package.json"), { name: `use-${pkg}`, private: true, type: "module" });
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `@continuum/${pkg}`], {
      cwd: proj,
      env,
    });
    const got = listContinuum(proj);
    const want = [...closure(pkg)].sort();
    if (JSON.stringify(got) !== JSON.stringify(want))
      throw new Error(`installing @continuum/${pkg} brought [${got}] instead of [${want}]`);
    for (const dep of want) {
      const installed = JSON.parse(
        readFileSync(join(proj, "node_modules", "@continuum", dep, "package.json"), "utf8"),
      ).version;
      if (installed !== manifest(dep).version)
        throw new Error(`@continuum/${dep}: installed ${installed}, published ${manifest(dep).version}`);
    }
    writeFileSync(join(proj, "example.mts"), readmeExample(pkg));
    run(join(root, "node_modules", ".bin", "tsx"), ["example.mts"], { cwd: proj, timeout: 120_000 });
    console.log(`@continuum/${pkg} from the registry: pulled [${got.join(", ")}], README example ran`);
  }
  console.log(JSON.stringify({ test: "release-smoke", seconds: (Date.now() - t0) / 1000 }));
} finally {
  server?.kill("SIGTERM");
  clearTimeout(watchdog);
  rmSync(work, { recursive: true, force: true });
}
