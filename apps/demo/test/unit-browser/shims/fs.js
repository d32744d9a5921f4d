// Browser stand-in for the parts of `node:fs` the unit tests' fixture helpers use: files are read synchronously
// from the Vite dev server that vitest's browser mode runs (`/@fs/<absolute path>`, allowed by `server.fs.allow`).
function get(path) {
  const xhr = new XMLHttpRequest();
  xhr.open("GET", `/@fs${path}`, false);
  xhr.overrideMimeType("text/plain; charset=x-user-defined");
  xhr.send();
  if (xhr.status !== 200) {
    const e = new Error(
      `ENOENT: no such file or directory, open '${path}' (HTTP ${xhr.status} in the browser shim)`,
    );
    e.code = "ENOENT";
    throw e;
  }
  return xhr.responseText;
}

export function readFileSync(path, options) {
  const raw = get(String(path));
  const bytes = Uint8Array.from(raw, (c) => c.charCodeAt(0) & 0xff);
  const encoding = typeof options === "string" ? options : options?.encoding;
  return encoding ? new TextDecoder(encoding === "utf8" ? "utf-8" : encoding).decode(bytes) : bytes;
}

export function existsSync(path) {
  try {
    get(String(path));
    return true;
  } catch {
    return false;
  }
}

const unsupported = (name) => () => {
  throw new Error(`node:fs.${name} is not available in the browser test run`);
};
export const writeFileSync = unsupported("writeFileSync");
export const mkdtempSync = unsupported("mkdtempSync");
export const readdirSync = unsupported("readdirSync");
export default { readFileSync, existsSync, writeFileSync, mkdtempSync, readdirSync };
