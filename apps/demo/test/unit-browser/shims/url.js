// Browser stand-in for `node:url`'s fileURLToPath: in vitest's browser mode `import.meta.url` of a source file is
// an http URL of the dev server, either `/@fs/<absolute path>` or a path below the server root (the repo root).
/* global __REPO_ROOT__ */
export function fileURLToPath(url) {
  const p = decodeURIComponent(new URL(String(url)).pathname);
  return p.startsWith("/@fs/") ? p.slice(4) : `${__REPO_ROOT__}${p}`;
}
export function pathToFileURL(path) {
  return new URL(`file://${path}`);
}
export default { fileURLToPath, pathToFileURL };
